// op: numpy.ndarray.conj
// sig: ndarray[complex64,1] -> ndarray[complex64,1]
// generic: yes
// tolerance: exact
// note: a.conj() of a complex64 or complex128 array: a fresh C-contiguous array of the same dtype with each imaginary part negated (-0.0 and NaN signs flip as numpy's conjugate loop flips them)
#include <complex>

namespace oplib::numpy::ndarray {
template <class R, std::size_t N>
  requires std::is_floating_point_v<R>
rt::ndarray<std::complex<R>, N> conj(const rt::ndarray<std::complex<R>, N>& self) {
  return rt::ufunc::apply<std::complex<R>>([](std::complex<R> z) { return std::complex<R>(z.real(), -z.imag()); }, self);
}
}  // namespace oplib::numpy::ndarray

// op: numpy.ndarray.real
// sig: ndarray[complex64,1] -> ndarray[float32,1]
// generic: yes
// tolerance: exact
// note: a.real of a complex64 or complex128 array: a view of the real parts sharing a's buffer (float32 for complex64, float64 for complex128; strides twice a's in parts), so writes through it show in a, as numpy returns
#include <complex>

namespace oplib::numpy::ndarray {
template <class R, std::size_t N>
  requires std::is_floating_point_v<R>
rt::ndarray<R, N> real(const rt::ndarray<std::complex<R>, N>& self) {
  rt::shape_t<N> strides{};
  for (std::size_t k = 0; k < N; ++k) strides[k] = 2 * self.strides()[k];
  // std::complex<R> is laid out as R[2] (real first), so its parts are R elements at twice the stride.
  auto* parts = reinterpret_cast<R*>(const_cast<std::complex<R>*>(self.data()));
  return rt::ndarray<R, N>::wrap(parts, self.shape(), strides, self.owner(), self.writeable());
}
}  // namespace oplib::numpy::ndarray

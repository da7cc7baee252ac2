// op: numpy.ptp
// sig: ndarray[float64,1] -> float64
// sig: ndarray[float64,2] -> float64
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: v2: max - min through rt::minmax (runtime/rt/minmax.hpp), numpy's maximum/minimum reduce in the order of numpy's x86-64 baseline kernel (16-byte lanes), the numpy the verifier runs since 0.3.1; v1 followed the AVX512 kernel; empty raises ValueError
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace oplib::numpy {

// _ptp: maximum.reduce(a) - minimum.reduce(a) (numpy's reduce order reproduced for NaN and zero signs).
template <class T, std::size_t N>
  requires(std::is_same_v<T, double> && (N == 1 || N == 2))
inline rt::np_scalar<T> ptp(const rt::ndarray<T, N>& a) {
  const T hi = rt::minmax::all<true>(a, "maximum");
  const T lo = rt::minmax::all<false>(a, "minimum");
  return rt::np_scalar<T>{hi - lo};
}

template <class T, rt::literal K>
  requires(std::is_same_v<T, double> && K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 1> ptp(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const std::int64_t nk = a.shape(1 - r);
  auto out = rt::ndarray<T, 1>::empty({nk});
  std::vector<T> lo(static_cast<std::size_t>(nk));
  rt::minmax::along_axis<true>(a, r, out.data(), "maximum");
  rt::minmax::along_axis<false>(a, r, lo.data(), "minimum");
  for (std::int64_t j = 0; j < nk; ++j) out.data()[j] = out.data()[j] - lo[static_cast<std::size_t>(j)];
  return out;
}

}  // namespace oplib::numpy

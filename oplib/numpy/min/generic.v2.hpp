// op: numpy.min
// sig: ndarray[float64,1] -> float64
// sig: ndarray[float64,2] -> float64
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[1], None, Literal[True] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> int64
// generic: yes
// tolerance: exact
// note: v2: numpy's minimum reduce through rt::minmax (runtime/rt/minmax.hpp), in the order of numpy's x86-64 baseline kernel (16-byte lanes), the numpy the verifier runs since 0.3.1; v1 followed the AVX512 kernel, whose lanes pick another of two tied zeros
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace oplib::numpy {

template <class T, std::size_t N>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && (N == 1 || N == 2))
inline rt::np_scalar<T> min(const rt::ndarray<T, N>& a) {
  return rt::np_scalar<T>{rt::minmax::all<false>(a, "minimum")};
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 1> min(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto out = rt::ndarray<T, 1>::empty({a.shape(1 - r)});
  rt::minmax::along_axis<false>(a, r, out.data(), "minimum");
  return out;
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> min(const rt::ndarray<T, 2>& a, rt::lit<K> axis, rt::none, rt::lit<true>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto flat = min(a, axis);
  rt::shape_t<2> shape{a.shape(0), a.shape(1)};
  shape[r] = 1;
  return flat.reshape(shape);
}

}  // namespace oplib::numpy

// op: numpy.cumprod
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,2]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: accumulate is a sequential running result (first element copied), so it matches bit for bit; int64 wraps like numpy
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>


namespace oplib::numpy::detail_numpy_cumprod_generic {

template <class T>
inline T op(T a, T b) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));  // wraps
  } else {
    return a * b;
  }
}

}  // namespace oplib::numpy::detail_numpy_cumprod_generic

namespace oplib::numpy {

// cumprod.accumulate: the first element is copied, each next one combined with the running value.
template <class T, std::size_t N>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && (N == 1 || N == 2))
inline rt::ndarray<T, 1> cumprod(const rt::ndarray<T, N>& a) {
  auto out = rt::ndarray<T, 1>::empty({a.size()});
  T* o = out.data();
  std::int64_t i = 0;
  a.for_each([&](T v) {
    o[i] = i == 0 ? v : detail_numpy_cumprod_generic::op(o[i - 1], v);
    ++i;
  });
  return out;
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> cumprod(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const std::int64_t n0 = a.shape(0), n1 = a.shape(1);
  auto out = rt::ndarray<T, 2>::empty({n0, n1});
  for (std::int64_t i = 0; i < n0; ++i)
    for (std::int64_t j = 0; j < n1; ++j) {
      const T v = a(i, j);
      if constexpr (r == 0) {
        out(i, j) = i == 0 ? v : detail_numpy_cumprod_generic::op(out(i - 1, j), v);
      } else {
        out(i, j) = j == 0 ? v : detail_numpy_cumprod_generic::op(out(i, j - 1), v);
      }
    }
  return out;
}

}  // namespace oplib::numpy

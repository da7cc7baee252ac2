// op: numpy.stack
// sig: tuple[ndarray[float64,1],ndarray[float64,1]] -> ndarray[float64,2]
// sig: tuple[ndarray[float64,1],ndarray[float64,1]], Literal[1] -> ndarray[float64,2]
// sig: tuple[ndarray[int64,1],ndarray[int64,1]] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// note: a fresh C-ordered array; different shapes raise numpy's ValueError
#include <cstdint>
#include <tuple>
namespace oplib::numpy {

template <class T, rt::literal K = 0>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> stack(const std::tuple<rt::ndarray<T, 1>, rt::ndarray<T, 1>>& arrays, rt::lit<K> = {}) {
  constexpr int ax = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const auto& a = std::get<0>(arrays);
  const auto& b = std::get<1>(arrays);
  if (a.shape(0) != b.shape(0)) throw rt::ValueError("all input arrays must have the same shape");
  const std::int64_t n = a.shape(0);
  auto out = rt::ndarray<T, 2>::empty(ax == 0 ? rt::shape_t<2>{2, n} : rt::shape_t<2>{n, 2});
  for (std::int64_t i = 0; i < n; ++i) {
    if constexpr (ax == 0) {
      out(0, i) = a(i);
      out(1, i) = b(i);
    } else {
      out(i, 0) = a(i);
      out(i, 1) = b(i);
    }
  }
  return out;
}

}  // namespace oplib::numpy

// op: numpy.full
// sig: int, float -> ndarray[float64,1]
// sig: tuple[int,int], float -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 40}
// note: dtype follows the fill value (float -> float64, int -> int64); negative dimension -> ValueError; domain keeps shapes allocatable
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_full_shape {
inline rt::shape_t<1> to_shape(std::int64_t n) { return {n}; }
inline rt::shape_t<2> to_shape(const std::tuple<std::int64_t, std::int64_t>& s) {
  return {std::get<0>(s), std::get<1>(s)};
}
template <class S>
concept shape_arg = std::is_same_v<S, std::int64_t> || std::is_same_v<S, std::tuple<std::int64_t, std::int64_t>>;
}  // namespace oplib::numpy::detail_numpy_full_shape

namespace oplib::numpy {
template <detail_numpy_full_shape::shape_arg S, class V>
  requires(std::is_same_v<V, double> || std::is_same_v<V, std::int64_t>)
auto full(const S& shape, const V& fill_value) {
  return rt::ndarray<V, std::tuple_size_v<decltype(detail_numpy_full_shape::to_shape(shape))>>::full(detail_numpy_full_shape::to_shape(shape), fill_value);
}
}  // namespace oplib::numpy

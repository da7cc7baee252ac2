// op: numpy.ones
// sig: int -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 40}
// note: float64 ones; negative dimension -> ValueError; domain keeps shapes allocatable (numpy raises its own _ArrayMemoryError for huge ones)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_ones_shape {
inline rt::shape_t<1> to_shape(std::int64_t n) { return {n}; }
inline rt::shape_t<2> to_shape(const std::tuple<std::int64_t, std::int64_t>& s) {
  return {std::get<0>(s), std::get<1>(s)};
}
template <class S>
concept shape_arg = std::is_same_v<S, std::int64_t> || std::is_same_v<S, std::tuple<std::int64_t, std::int64_t>>;
}  // namespace oplib::numpy::detail_numpy_ones_shape

namespace oplib::numpy {
template <detail_numpy_ones_shape::shape_arg S>
auto ones(const S& shape) {
  return rt::ndarray<double, std::tuple_size_v<decltype(detail_numpy_ones_shape::to_shape(shape))>>::full(detail_numpy_ones_shape::to_shape(shape), 1.0);
}
}  // namespace oplib::numpy

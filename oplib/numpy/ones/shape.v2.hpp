// op: numpy.ones
// sig: tuple[int,int,int] -> ndarray[float64,3]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 40}
// note: float64 ones of a shape n or (a, b, ...) of any rank; negative dimension -> ValueError; domain keeps shapes allocatable (numpy raises its own _ArrayMemoryError for huge ones)
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_ones_shape2 {
inline rt::shape_t<1> to_shape(std::int64_t n) { return {n}; }
template <class... I>
  requires(std::is_same_v<I, std::int64_t> && ...)
rt::shape_t<sizeof...(I)> to_shape(const std::tuple<I...>& s) {
  return std::apply([](auto... d) { return rt::shape_t<sizeof...(I)>{d...}; }, s);
}
template <class S>
concept shape_arg = requires(const S& s) { to_shape(s); };
}  // namespace oplib::numpy::detail_numpy_ones_shape2

namespace oplib::numpy {
template <detail_numpy_ones_shape2::shape_arg S>
auto ones(const S& shape) {
  const auto dims = detail_numpy_ones_shape2::to_shape(shape);
  return rt::ndarray<double, std::tuple_size_v<decltype(dims)>>::full(dims, 1.0);
}
}  // namespace oplib::numpy

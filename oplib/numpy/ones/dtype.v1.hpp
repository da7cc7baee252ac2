// op: numpy.ones
// sig: int, Literal['int64'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 40}
// note: ones of the dtype given (the compiler passes a dtype as the Literal of its name); negative dimension -> ValueError
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_ones_dtype {
inline rt::shape_t<1> to_shape(std::int64_t n) { return {n}; }
template <class... I>
  requires(std::is_same_v<I, std::int64_t> && ...)
rt::shape_t<sizeof...(I)> to_shape(const std::tuple<I...>& s) {
  return std::apply([](auto... d) { return rt::shape_t<sizeof...(I)>{d...}; }, s);
}
template <class S>
concept shape_arg = requires(const S& s) { to_shape(s); };
}  // namespace oplib::numpy::detail_numpy_ones_dtype

namespace oplib::numpy {
template <detail_numpy_ones_dtype::shape_arg S, rt::dtype_lit D>
auto ones(const S& shape, D) {
  const auto dims = detail_numpy_ones_dtype::to_shape(shape);
  return rt::ndarray<rt::dtype_element_t<D>, std::tuple_size_v<decltype(dims)>>::full(dims, rt::dtype_element_t<D>(1));
}
}  // namespace oplib::numpy

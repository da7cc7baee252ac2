// op: numpy.zeros
// sig: int, Literal['int64'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 40}
// note: zeros of the dtype given (the compiler passes a dtype as the Literal of its name); negative dimension -> ValueError; np.empty compiles to this (its contents are unspecified, zeros are allowed)
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_zeros_dtype {
inline rt::shape_t<1> to_shape(std::int64_t n) { return {n}; }
template <class... I>
  requires(std::is_same_v<I, std::int64_t> && ...)
rt::shape_t<sizeof...(I)> to_shape(const std::tuple<I...>& s) {
  return std::apply([](auto... d) { return rt::shape_t<sizeof...(I)>{d...}; }, s);
}
template <class S>
concept shape_arg = requires(const S& s) { to_shape(s); };
}  // namespace oplib::numpy::detail_numpy_zeros_dtype

namespace oplib::numpy {
template <detail_numpy_zeros_dtype::shape_arg S, rt::dtype_lit D>
auto zeros(const S& shape, D) {
  const auto dims = detail_numpy_zeros_dtype::to_shape(shape);
  return rt::ndarray<rt::dtype_element_t<D>, std::tuple_size_v<decltype(dims)>>::zeros(dims);
}
}  // namespace oplib::numpy

// op: operator.truediv
// sig: ndarray[uint8,2], float -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a / b with an array of an integer dtype beyond int64 (uint8, int8, int16, uint16, uint32, uint64, int32) and a Python int or float, or another integer array: numpy's true_divide computes every integer dtype in float64 (whatever value a Python scalar has), one IEEE division per element (x / 0 is inf or nan, with numpy's warning only); broadcasting, ValueError on mismatched shapes; a fresh float64 array
#include <cstdint>
#include <type_traits>

namespace oplib::operator_::detail_truediv_dtypes {
template <class T>
concept narrow_int = rt::promote::is_int_v<T> && !std::is_same_v<T, std::int64_t>;
template <class X>
concept int_array = rt::ufunc::operand<X>::array && (rt::promote::is_int_v<rt::ufunc::elem_t<X>> ||
                                                     std::is_same_v<rt::ufunc::elem_t<X>, bool>);
template <class X>
concept narrow_array = rt::ufunc::operand<X>::array && narrow_int<rt::ufunc::elem_t<X>>;
template <class X>
concept python_real = std::is_same_v<X, std::int64_t> || std::is_same_v<X, double>;
}  // namespace oplib::operator_::detail_truediv_dtypes

namespace oplib::operator_ {
template <class A, class B>
  requires(detail_truediv_dtypes::narrow_array<A> &&
           (detail_truediv_dtypes::python_real<B> || detail_truediv_dtypes::int_array<B>)) ||
          (detail_truediv_dtypes::narrow_array<B> &&
           (detail_truediv_dtypes::python_real<A> || detail_truediv_dtypes::int_array<A>))
auto truediv(const A& a, const B& b) {
  return rt::ufunc::apply<double>([](auto x, auto y) { return static_cast<double>(x) / static_cast<double>(y); }, a, b);
}
}  // namespace oplib::operator_

// op: operator.eq
// sig: ndarray[uint8,1], int -> ndarray[bool,1]
// generic: yes
// tolerance: exact
// note: a == b between an array of an integer dtype beyond int64 (uint8, int8, int16, uint16, uint32, uint64, int32) and a Python int (either side), or between two arrays one of which has such a dtype: numpy 1.24 compares an int by its value (uint8 == 300 and uint8 == -1 as exact integers: value-based casting never narrows the int to the array's dtype); two arrays compare in their promoted dtype (np.promote_types: uint64 against int64 in float64, as numpy 1.24 does); broadcasting, ValueError on mismatched shapes; a fresh bool array
#include <cstdint>
#include <type_traits>
#include <utility>

namespace oplib::operator_::detail_eq_dtypes {
template <class T>
concept narrow_int = rt::promote::is_int_v<T> && !std::is_same_v<T, std::int64_t>;
template <class T>
concept array_of_narrow_int = rt::ufunc::operand<T>::array && narrow_int<rt::ufunc::elem_t<T>>;
template <class T>
concept real_array = rt::ufunc::operand<T>::array && rt::promote::element<rt::ufunc::elem_t<T>> &&
                     !rt::promote::is_complex_v<rt::ufunc::elem_t<T>>;

template <class X, class Y>
bool one(X x, Y y) {
  if constexpr (std::is_integral_v<X> && std::is_integral_v<Y>) {
    // Exact across signedness (std::cmp_*); bools as 0 and 1.
    const auto wx = static_cast<std::conditional_t<std::is_same_v<X, bool>, int, X>>(x);
    const auto wy = static_cast<std::conditional_t<std::is_same_v<Y, bool>, int, Y>>(y);
    const int order = std::cmp_less(wx, wy) ? -1 : std::cmp_equal(wx, wy) ? 0 : 1;
    return order == 0;
  } else {
    using P = rt::promote::promote_t<X, Y>;
    return rt::promote::cast<P>(x) == rt::promote::cast<P>(y);
  }
}

// Two arrays compare in their promoted dtype (which may be float64 for uint64 with a signed int).
template <class X, class Y>
bool promoted(X x, Y y) {
  using P = rt::promote::promote_t<X, Y>;
  if constexpr (std::is_integral_v<P>) return one(x, y);
  else return rt::promote::cast<P>(x) == rt::promote::cast<P>(y);
}
}  // namespace oplib::operator_::detail_eq_dtypes

namespace oplib::operator_ {
template <class A, class B>
  requires(detail_eq_dtypes::array_of_narrow_int<A> && std::is_same_v<B, std::int64_t>) ||
          (std::is_same_v<A, std::int64_t> && detail_eq_dtypes::array_of_narrow_int<B>)
auto eq(const A& a, const B& b) {
  return rt::ufunc::apply<bool>([](auto x, auto y) { return detail_eq_dtypes::one(x, y); }, a, b);
}
template <class A, class B>
  requires detail_eq_dtypes::real_array<A> && detail_eq_dtypes::real_array<B> &&
           (detail_eq_dtypes::narrow_int<rt::ufunc::elem_t<A>> || detail_eq_dtypes::narrow_int<rt::ufunc::elem_t<B>>)
auto eq(const A& a, const B& b) {
  return rt::ufunc::apply<bool>([](auto x, auto y) { return detail_eq_dtypes::promoted(x, y); }, a, b);
}
}  // namespace oplib::operator_

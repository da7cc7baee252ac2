// op: operator.truediv
// sig: int, int -> float
// sig: float, float -> float
// sig: int, float -> float
// sig: float, int -> float
// generic: yes
// tolerance: exact
// note: int/int is the correctly rounded exact quotient (rt::int_truediv); float path as float_div; exact IEEE results
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, int64_t> || std::is_same_v<A, double>) &&
           (std::is_same_v<B, int64_t> || std::is_same_v<B, double>))
inline auto truediv(A a, B b) {
  if constexpr (std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>) {
    return rt::int_truediv(a, b);
  } else {
    const double x = static_cast<double>(a), y = static_cast<double>(b);  // PyLong_AsDouble rounding
    return rt::float_truediv(x, y);
  }
}
}  // namespace oplib::operator_

// op: operator.mod
// sig: int, int -> int
// sig: float, float -> float
// sig: int, float -> float
// sig: float, int -> float
// generic: yes
// tolerance: exact
// note: result takes the sign of the divisor, zero remainder gets the divisor sign (float_rem); exact
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, int64_t> || std::is_same_v<A, double>) &&
           (std::is_same_v<B, int64_t> || std::is_same_v<B, double>))
inline auto mod(A a, B b) {
  if constexpr (std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>) {
    return rt::int_mod(a, b);
  } else {
    const double x = static_cast<double>(a), y = static_cast<double>(b);  // PyLong_AsDouble rounding
    return rt::float_mod(x, y);
  }
}
}  // namespace oplib::operator_

// op: operator.abs
// sig: int -> int
// sig: float -> float
// sig: bool -> int
// generic: yes
// tolerance: exact
// note: abs(INT64_MIN) raises OverflowError (Python int is unbounded); float abs is fabs as CPython
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, double> || std::is_same_v<A, bool>)
inline auto abs(A a) {
  if constexpr (std::is_same_v<A, double>) {
    return std::fabs(a);
  } else {
    const int64_t x = static_cast<int64_t>(a);  // bool is an int subclass: True -> 1
    return rt::int_abs(x);
  }
}
}  // namespace oplib::operator_

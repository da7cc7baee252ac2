// op: operator.neg
// sig: int -> int
// sig: float -> float
// sig: bool -> int
// generic: yes
// tolerance: exact
// note: -INT64_MIN raises OverflowError (Python int is unbounded); float negation flips the sign of zero and NaN like CPython
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, double> || std::is_same_v<A, bool>)
inline auto neg(A a) {
  if constexpr (std::is_same_v<A, double>) {
    return -a;
  } else {
    const int64_t x = static_cast<int64_t>(a);  // bool is an int subclass: True -> 1
    return rt::int_neg(x);
  }
}
}  // namespace oplib::operator_

// op: operator.pos
// sig: int -> int
// sig: float -> float
// sig: bool -> int
// generic: yes
// tolerance: exact
// note: identity on int/float (NaN payload and -0.0 kept); +bool gives int
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, double> || std::is_same_v<A, bool>)
inline auto pos(A a) {
  if constexpr (std::is_same_v<A, double>) {
    return a;
  } else {
    const int64_t x = static_cast<int64_t>(a);  // bool is an int subclass: True -> 1
    return x;
  }
}
}  // namespace oplib::operator_

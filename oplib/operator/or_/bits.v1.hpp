// op: operator.or_
// sig: int, int -> int
// sig: bool, bool -> bool
// generic: yes
// tolerance: exact
// note: two's-complement bitwise ops on int64 equal Python's infinite two's-complement ints (never overflow); bool | bool stays bool
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, bool>)
inline A or_(A a, A b) {
  if constexpr (std::is_same_v<A, bool>) {
    return static_cast<bool>(a | b);
  } else {
    return a | b;
  }
}
}  // namespace oplib::operator_

// op: operator.xor
// sig: int, int -> int
// sig: bool, bool -> bool
// generic: yes
// tolerance: exact
// note: C++ name xor_ (xor is a C++ alternative token); two's-complement bitwise xor on int64 equals Python's (never overflows); bool ^ bool stays bool
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, bool>)
inline A xor_(A a, A b) {
  if constexpr (std::is_same_v<A, bool>) {
    return static_cast<bool>(a ^ b);
  } else {
    return a ^ b;
  }
}
}  // namespace oplib::operator_

// op: operator.invert
// sig: int -> int
// sig: bool -> int
// generic: yes
// tolerance: exact
// note: ~x == -x-1 never overflows int64; ~True == -2 (an int) in CPython 3.11
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, bool>)
inline int64_t invert(A a) {
  return rt::int_invert(static_cast<int64_t>(a));
}
}  // namespace oplib::operator_

// op: operator.index
// sig: int -> int
// sig: bool -> int
// generic: yes
// tolerance: exact
// note: __index__ of an int is itself; of a bool is 0 or 1
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, int64_t> || std::is_same_v<A, bool>)
inline int64_t index(A a) {
  return static_cast<int64_t>(a);
}
}  // namespace oplib::operator_

// op: operator.floordiv
// sig: int, int -> int
// expect: PASS
// why: the runtime's floor division follows Python's sign rules and raises like Python
namespace oplib::operator_ {
inline int64_t floordiv(int64_t a, int64_t b) { return rt::int_floordiv(a, b); }
}  // namespace oplib::operator_

// op: operator.add
// sig: int, int -> int
// expect: PASS
// why: Python ints do not wrap: beyond int64 the runtime contract is OverflowError
namespace oplib::operator_ {
inline int64_t add(int64_t a, int64_t b) { return rt::int_add(a, b); }
}  // namespace oplib::operator_

// op: operator.floordiv
// sig: int, int -> int
// expect: FAIL edge
// why: C++ division truncates toward zero; Python floors
namespace oplib::operator_ {
inline int64_t floordiv(int64_t a, int64_t b) {
  if (b == 0) throw rt::ZeroDivisionError("integer division or modulo by zero");
  if (a == INT64_MIN && b == -1) throw rt::OverflowError("integer overflow");
  return a / b;
}
}  // namespace oplib::operator_

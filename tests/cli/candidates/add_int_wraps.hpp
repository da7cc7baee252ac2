// op: operator.add
// sig: int, int -> int
// expect: FAIL edge
// why: wraps around at int64 instead of raising OverflowError
namespace oplib::operator_ {
inline int64_t add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
}  // namespace oplib::operator_

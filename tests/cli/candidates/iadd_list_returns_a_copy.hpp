// op: operator.iadd
// sig: list[int], list[int] -> list[int]
// expect: FAIL edge
// why: a += b extends a and returns a itself; this extends a but returns a copy of it
namespace oplib::operator_ {
inline rt::list<int64_t> iadd(const rt::list<int64_t>& a, const rt::list<int64_t>& b) {
  a.extend(b);
  return a.copy();
}
}  // namespace oplib::operator_

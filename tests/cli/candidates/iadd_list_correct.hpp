// op: operator.iadd
// sig: list[int], list[int] -> list[int]
// expect: PASS
// why: extends a in place (a += a doubles it) and returns a itself, as CPython does
namespace oplib::operator_ {
inline rt::list<int64_t> iadd(const rt::list<int64_t>& a, const rt::list<int64_t>& b) {
  a.extend(b);
  return a;
}
}  // namespace oplib::operator_

// op: list.append
// sig: list[int], int -> None
// expect: PASS
// why: mutates its argument exactly as CPython does
namespace oplib::list {
inline rt::none append(const rt::list<int64_t>& self, int64_t x) {
  self.append(x);
  return rt::None;
}
}  // namespace oplib::list

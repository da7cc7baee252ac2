// op: list.append
// sig: list[int], int -> None
// expect: FAIL edge
// why: appends the item twice: the argument after the call differs from CPython's
namespace oplib::list {
inline rt::none append(const rt::list<int64_t>& self, int64_t x) {
  self.append(x);
  self.append(x);
  return rt::None;
}
}  // namespace oplib::list

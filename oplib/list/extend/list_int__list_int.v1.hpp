// op: list.extend
// sig: list[int], list[int] -> None
// tolerance: exact
// note: appends the other list's items in place; a.extend(a) doubles a, as in CPython
namespace oplib::list {
inline rt::none extend(const rt::list<int64_t>& self, const rt::list<int64_t>& iterable) {
  self.extend(iterable);
  return rt::None;
}
}  // namespace oplib::list

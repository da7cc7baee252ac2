// op: list.append
// sig: list[int], int -> None
// tolerance: exact
// note: appends in place; every alias of the list sees it
namespace oplib::list {
inline rt::none append(const rt::list<int64_t>& self, int64_t object) {
  self.append(object);
  return rt::None;
}
}  // namespace oplib::list

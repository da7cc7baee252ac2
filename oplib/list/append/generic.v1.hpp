// op: list.append
// sig: list[float], float -> None
// sig: list[str], str -> None
// generic: yes
// tolerance: exact
// note: appends in place; every alias of the list sees it; the item is taken by value so appending an element of the same list is safe
namespace oplib::list {
template <class T>
inline rt::none append(const rt::list<T>& self, std::type_identity_t<T> object) {
  self.append(std::move(object));
  return rt::None;
}
}  // namespace oplib::list

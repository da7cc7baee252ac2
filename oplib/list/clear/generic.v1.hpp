// op: list.clear
// sig: list[int] -> None
// sig: list[float] -> None
// generic: yes
// tolerance: exact
// note: empties the list in place
namespace oplib::list {
template <class T>
inline rt::none clear(const rt::list<T>& self) {
  self.clear();
  return rt::None;
}
}  // namespace oplib::list

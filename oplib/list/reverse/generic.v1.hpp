// op: list.reverse
// sig: list[int] -> None
// sig: list[float] -> None
// generic: yes
// tolerance: exact
// note: reverses in place
namespace oplib::list {
template <class T>
inline rt::none reverse(const rt::list<T>& self) {
  self.reverse();
  return rt::None;
}
}  // namespace oplib::list

// op: list.sort
// sig: list[int] -> None
// sig: list[float] -> None
// sig: list[str] -> None
// generic: yes
// tolerance: exact
// note: in-place stable sort by <; rt::list::sort replays CPython's listsort for lists under 64 items (NaN positions included)
namespace oplib::list {
template <class T>
inline rt::none sort(const rt::list<T>& self) {
  self.sort();
  return rt::None;
}
}  // namespace oplib::list

// op: list.sort
// sig: list[int] -> None
// sig: list[float] -> None
// sig: list[str] -> None
// generic: yes
// tolerance: exact
// note: in-place stable sort by <; rt::list::sort is CPython 3.11's timsort at every length (the same comparisons in the same order), so the order matches CPython's also for lists holding NaN
namespace oplib::list {
template <class T>
inline rt::none sort(const rt::list<T>& self) {
  self.sort();
  return rt::None;
}
}  // namespace oplib::list

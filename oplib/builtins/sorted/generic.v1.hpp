// op: builtins.sorted
// sig: list[int] -> list[int]
// sig: list[float] -> list[float]
// sig: list[str] -> list[str]
// generic: yes
// tolerance: exact
// note: a new list sorted by rt::list::sort, which replays CPython's listsort comparisons (NaN positions included) for lists under 64 items; longer NaN-free lists get the unique stable order
namespace oplib::builtins {
template <class T>
inline rt::list<T> sorted(const rt::list<T>& iterable) {
  rt::list<T> out = iterable.copy();
  out.sort();
  return out;
}
}  // namespace oplib::builtins

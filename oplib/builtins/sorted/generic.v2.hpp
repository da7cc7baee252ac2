// op: builtins.sorted
// sig: list[int] -> list[int]
// sig: list[float] -> list[float]
// sig: list[str] -> list[str]
// generic: yes
// tolerance: exact
// note: a new list sorted by rt::list::sort, which is CPython 3.11's timsort at every length (the same comparisons in the same order), so the order matches CPython's also for lists holding NaN
namespace oplib::builtins {
template <class T>
inline rt::list<T> sorted(const rt::list<T>& iterable) {
  rt::list<T> out = iterable.copy();
  out.sort();
  return out;
}
}  // namespace oplib::builtins

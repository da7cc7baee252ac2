// op: builtins.sorted
// sig: list[int], None, Literal[True] -> list[int]
// sig: list[float], None, Literal[True] -> list[float]
// sig: list[str], None, Literal[True] -> list[str]
// generic: yes
// tolerance: exact
// note: sorted(xs, reverse=True) as CPython does it: reverse, stable sort, reverse again, so equal items keep their order; rt::list::sort is CPython 3.11's timsort at every length, so the order matches CPython's also for lists holding NaN
namespace oplib::builtins {
template <class T>
inline rt::list<T> sorted(const rt::list<T>& iterable, rt::none, rt::lit<true>) {
  rt::list<T> out = iterable.copy();
  out.reverse();
  out.sort();
  out.reverse();
  return out;
}
}  // namespace oplib::builtins

// op: opsynth.ops.max_by_keys
// sig: list[int], list[int] -> int
// sig: list[str], list[int] -> str
// sig: list[float], list[float] -> float
// sig: list[str], list[str] -> str
// sig: list[tuple[str,int]], list[int] -> tuple[str,int]
// sig: list[list[float]], list[float] -> list[float]
// generic: yes
// tolerance: exact
// note: max(items, key=f) from the keys f gave, as CPython's min_max loop: the first item is kept until a later key compares > the kept one's; empty raises ValueError, as do lengths that differ
namespace oplib::opsynth::ops {
template <class T, class K>
inline T max_by_keys(const rt::list<T>& items, const rt::list<K>& keys) {
  if (items.len() != keys.len()) throw rt::ValueError("keys and items differ in length");
  if (items.len() == 0) throw rt::ValueError("max() arg is an empty sequence");
  auto key = keys.begin();
  auto item = items.begin();
  auto best = item;
  auto best_key = key;
  for (++item, ++key; item != items.end(); ++item, ++key) {
    if (rt::py_compare(*key, *best_key, rt::compare_op::gt)) best = item, best_key = key;
  }
  return *best;
}
}  // namespace oplib::opsynth::ops

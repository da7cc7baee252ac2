// op: builtins.min
// sig: list[int] -> int
// sig: list[float] -> float
// generic: yes
// tolerance: exact
// note: CPython's min_max loop: the first item is kept until an item compares < it; empty raises ValueError
namespace oplib::builtins {
template <class T>
inline T min(const rt::list<T>& a0) {
  if (a0.len() == 0) throw rt::ValueError("min() arg is an empty sequence");
  auto it = a0.begin();
  T best = *it;
  for (++it; it != a0.end(); ++it) {
    if (*it < best) best = *it;
  }
  return best;
}
}  // namespace oplib::builtins

// op: builtins.any
// sig: list[bool] -> bool
// sig: list[int] -> bool
// generic: yes
// tolerance: exact
// note: True if some item is truthy (nonzero / True); empty is False
namespace oplib::builtins {
template <class T>
inline bool any(const rt::list<T>& iterable) {
  for (const T& x : iterable) {
    if (x) return true;
  }
  return false;
}
}  // namespace oplib::builtins

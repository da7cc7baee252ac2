// op: builtins.all
// sig: list[bool] -> bool
// sig: list[int] -> bool
// generic: yes
// tolerance: exact
// note: True unless some item is falsy (0 / False); empty is True
namespace oplib::builtins {
template <class T>
inline bool all(const rt::list<T>& iterable) {
  for (const T& x : iterable) {
    if (!x) return false;
  }
  return true;
}
}  // namespace oplib::builtins

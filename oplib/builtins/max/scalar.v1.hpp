// op: builtins.max
// sig: int, int -> int
// sig: float, float -> float
// generic: yes
// tolerance: exact
// note: keeps the first argument unless the second is strictly larger (item > best), so NaN and -0.0/0.0 ties resolve as in CPython
namespace oplib::builtins {
template <class T>
inline T max(T a0, T a1) {
  return (a1 > a0) ? a1 : a0;
}
}  // namespace oplib::builtins

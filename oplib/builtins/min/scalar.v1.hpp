// op: builtins.min
// sig: int, int -> int
// sig: float, float -> float
// generic: yes
// tolerance: exact
// note: keeps the first argument unless the second is strictly smaller (item < best), so NaN and -0.0/0.0 ties resolve as in CPython
namespace oplib::builtins {
template <class T>
inline T min(T a0, T a1) {
  return (a1 < a0) ? a1 : a0;
}
}  // namespace oplib::builtins

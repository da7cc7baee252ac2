// op: builtins.float
// sig: float -> float
// sig: bool -> float
// generic: yes
// tolerance: exact
// note: float() of a float is the same value (NaN, infinities and -0.0 kept); of a bool, 1.0 or 0.0
namespace oplib::builtins {
template <class X>
  requires(std::is_same_v<X, double> || std::is_same_v<X, bool>)
inline double float_(X x) {
  return static_cast<double>(x);
}
}  // namespace oplib::builtins

// op: builtins.format
// sig: float -> str
// generic: yes
// tolerance: exact
// note: format(x) with the default spec is str(x): for a float or numpy float64 the shortest digits that round-trip (repr, as numpy 1.24 prints a float64 too), for a bool True/False, for a str the str itself
namespace oplib::builtins {
template <class X>
  requires(std::is_same_v<X, double> || std::is_same_v<X, rt::float64> || std::is_same_v<X, bool> ||
           std::is_same_v<X, rt::str>)
inline rt::str format(const X& value) {
  if constexpr (std::is_same_v<X, rt::str>) return value;
  else if constexpr (std::is_same_v<X, rt::float64>) return rt::str(rt::float_repr(value.value));
  else if constexpr (std::is_same_v<X, double>) return rt::str(rt::float_repr(value));
  else return rt::str(value ? "True" : "False");
}
}  // namespace oplib::builtins

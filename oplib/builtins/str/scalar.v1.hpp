// op: builtins.str
// sig: int -> str
// sig: bool -> str
// sig: None -> str
// sig: str -> str
// sig: float64 -> str
// generic: yes
// tolerance: exact
// note: str() of an int, bool or None is its repr; of a str, the str itself; a numpy float64 prints as a float does in numpy 1.24 (shortest round-trip digits)
namespace oplib::builtins {
template <class X>
  requires(std::is_same_v<X, int64_t> || std::is_same_v<X, bool> || std::is_same_v<X, rt::none> ||
           std::is_same_v<X, rt::str> || std::is_same_v<X, rt::float64>)
inline rt::str str(const X& object) {
  if constexpr (std::is_same_v<X, rt::str>) return object;
  else if constexpr (std::is_same_v<X, rt::float64>) return rt::str(rt::float_repr(object.value));
  else return rt::str(rt::repr(object));
}
}  // namespace oplib::builtins

// op: builtins.repr
// sig: int -> str
// sig: bool -> str
// sig: None -> str
// sig: str -> str
// sig: float64 -> str
// generic: yes
// tolerance: exact
// note: rt::repr is CPython's repr for int, bool, None and str (quotes and escapes byte-identical to 3.11); a numpy float64 prints as a float does in numpy 1.24 (shortest round-trip digits)
namespace oplib::builtins {
template <class X>
  requires(std::is_same_v<X, int64_t> || std::is_same_v<X, bool> || std::is_same_v<X, rt::none> ||
           std::is_same_v<X, rt::str> || std::is_same_v<X, rt::float64>)
inline rt::str repr(const X& obj) {
  if constexpr (std::is_same_v<X, rt::float64>) return rt::str(rt::float_repr(obj.value));
  else return rt::str(rt::repr(obj));
}
}  // namespace oplib::builtins

// op: builtins.str
// sig: float -> str
// tolerance: exact
// note: str(float) is repr(float): shortest round-trip digits with Python's layout (rt::float_repr)
namespace oplib::builtins {
inline rt::str str(double object) { return rt::str(rt::float_repr(object)); }
}  // namespace oplib::builtins

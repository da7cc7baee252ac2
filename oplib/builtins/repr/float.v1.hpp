// op: builtins.repr
// sig: float -> str
// tolerance: exact
// note: shortest round-trip digits with Python's layout rules (rt::float_repr): 'nan', 'inf', '-0.0', '1e+16', '1e-05'
namespace oplib::builtins {
inline rt::str repr(double obj) { return rt::str(rt::float_repr(obj)); }
}  // namespace oplib::builtins

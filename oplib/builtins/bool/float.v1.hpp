// op: builtins.bool
// sig: float -> bool
// tolerance: exact
// note: float_bool is x != 0.0, so -0.0 is False and NaN is True
namespace oplib::builtins {
inline bool bool_(double x) { return x != 0.0; }
}  // namespace oplib::builtins

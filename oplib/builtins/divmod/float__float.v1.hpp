// op: builtins.divmod
// sig: float, float -> tuple[float,float]
// tolerance: exact
// note: CPython's _float_div_mod: fmod, quotient (x - mod) / y snapped to an integer, signed zeros as in floatobject.c
namespace oplib::builtins {
inline std::tuple<double, double> divmod(double x, double y) { return rt::float_divmod(x, y); }
}  // namespace oplib::builtins

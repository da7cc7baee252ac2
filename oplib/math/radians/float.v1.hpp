// op: math.radians
// sig: float -> float
// tolerance: exact
// note: one multiplication by the same double constant as CPython
namespace oplib::math {
// CPython 3.11: x times a constant folded in double, never raises (overflow gives inf).
inline double radians(double x) {
  constexpr double factor = 3.141592653589793238462643383279502884197 / 180.0;
  return x * factor;
}
}  // namespace oplib::math

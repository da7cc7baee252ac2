// op: math.fmod
// sig: float, float -> float
// tolerance: exact
// note: glibc fmod as CPython; y == 0 or x infinite -> ValueError
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_fmod: fmod(finite, +-inf) is x; a NaN result from non-NaN arguments -> ValueError.
inline double fmod(double x, double y) {
  if (std::isinf(y) && std::isfinite(x)) return x;
  const double r = std::fmod(x, y);
  if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) throw rt::ValueError("math domain error");
  return r;
}
}  // namespace oplib::math

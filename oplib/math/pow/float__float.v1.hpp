// op: math.pow
// sig: float, float -> float
// tolerance: exact
// note: math_pow special cases + glibc pow as CPython; (-x)**frac and 0**neg -> ValueError, overflow -> OverflowError
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_pow: IEEE special values by hand, finite**finite by glibc pow; a NaN result ->
// ValueError, an infinite one -> ValueError for 0**negative and OverflowError otherwise.
inline double pow(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isnan(x)) return y == 0. ? 1. : x;
    if (std::isnan(y)) return x == 1. ? 1. : y;
    if (std::isinf(x)) {
      const bool odd_y = std::isfinite(y) && std::fmod(std::fabs(y), 2.0) == 1.0;
      if (y > 0.) return odd_y ? x : std::fabs(x);
      if (y == 0.) return 1.;
      return odd_y ? std::copysign(0., x) : 0.;
    }
    // y is infinite, x finite
    if (std::fabs(x) == 1.0) return 1.;
    if (y > 0. && std::fabs(x) > 1.0) return y;
    if (y < 0. && std::fabs(x) < 1.0) return -y;
    return 0.;
  }
  const double r = std::pow(x, y);
  if (std::isnan(r)) throw rt::ValueError("math domain error");
  if (std::isinf(r)) {
    if (x == 0.) throw rt::ValueError("math domain error");
    throw rt::OverflowError("math range error");
  }
  return r;
}
}  // namespace oplib::math

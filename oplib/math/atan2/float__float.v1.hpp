// op: math.atan2
// sig: float, float -> float
// tolerance: exact
// note: m_atan2 special cases then the same glibc atan2 as CPython
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_2(args, m_atan2): NaN from non-NaN arguments -> ValueError, infinite result from
// finite arguments -> OverflowError.
inline double atan2(double a0, double a1) {
  const auto f = [](double x, double y) -> double {
    constexpr double pi = 3.141592653589793238462643383279502884197;
    if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
    // m_atan2(y = x, x = y): special values handled before glibc atan2
    const double yy = x, xx = y;
    if (std::isinf(yy)) {
      if (std::isinf(xx)) {
        return std::copysign(std::copysign(1., xx) == 1. ? 0.25 * pi : 0.75 * pi, yy);
      }
      return std::copysign(0.5 * pi, yy);
    }
    if (std::isinf(xx) || yy == 0.) {
      return std::copysign(std::copysign(1., xx) == 1. ? 0. : pi, yy);
    }
    return std::atan2(yy, xx);
  };
  const double r = f(a0, a1);
  if (std::isnan(r)) {
    if (!std::isnan(a0) && !std::isnan(a1)) throw rt::ValueError("math domain error");
  } else if (std::isinf(r)) {
    if (std::isfinite(a0) && std::isfinite(a1)) throw rt::OverflowError("math range error");
  }
  return r;
}
}  // namespace oplib::math

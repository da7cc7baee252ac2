// op: math.remainder
// sig: float, float -> float
// tolerance: exact
// note: CPython's own m_remainder (exact result); y == 0 or x infinite -> ValueError
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_2(args, m_remainder): NaN from non-NaN arguments -> ValueError, infinite result from
// finite arguments -> OverflowError.
inline double remainder(double a0, double a1) {
  const auto f = [](double x, double y) -> double {
    if (std::isfinite(x) && std::isfinite(y)) {
      if (y == 0.0) return std::numeric_limits<double>::quiet_NaN();
      const double absx = std::fabs(x), absy = std::fabs(y);
      const double m = std::fmod(absx, absy);
      const double c = absy - m;
      double r;
      if (m < c) {
        r = m;
      } else if (m > c) {
        r = -c;
      } else {
        r = m - 2.0 * std::fmod(0.5 * (absx - m), absy);
      }
      return std::copysign(1.0, x) * r;
    }
    if (std::isnan(x)) return x;
    if (std::isnan(y)) return y;
    if (std::isinf(x)) return std::numeric_limits<double>::quiet_NaN();
    return x;
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

// op: math.hypot
// sig: float, float -> float
// tolerance: exact
// note: port of CPython 3.11 vector_norm (its own algorithm, not glibc hypot); inf beats nan; never raises
#include <array>
#include <cmath>
#include <limits>
namespace oplib::math::detail_math_hypot_float {

// CPython 3.11 vector_norm (Modules/mathmodule.c): lossless power-of-two scaling, Veltkamp-Dekker
// squaring, Neumaier-style compensated sum and a differential correction of the square root.
// vec holds absolute values, max is their maximum (0.0 when empty), found_nan says a NaN is present.
template <class Vec>
inline double vector_norm(std::size_t n, const Vec& vec, double max, bool found_nan) {
  const double T27 = 134217729.0;  // ldexp(1.0, 27) + 1.0
  double x, scale, oldcsum, csum = 1.0, frac1 = 0.0, frac2 = 0.0, frac3 = 0.0;
  double t, hi, lo, h;
  int max_e;
  if (std::isinf(max)) return max;
  if (found_nan) return std::numeric_limits<double>::quiet_NaN();
  if (max == 0.0 || n <= 1) return max;
  std::frexp(max, &max_e);
  if (max_e >= -1023) {
    scale = std::ldexp(1.0, -max_e);
    for (std::size_t i = 0; i < n; i++) {
      x = vec[i];
      x *= scale;
      t = x * T27;
      hi = t - (t - x);
      lo = x - hi;
      x = hi * hi;
      oldcsum = csum;
      csum += x;
      frac1 += (oldcsum - csum) + x;
      x = 2.0 * hi * lo;
      oldcsum = csum;
      csum += x;
      frac2 += (oldcsum - csum) + x;
      frac3 += lo * lo;
    }
    h = std::sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
    x = h;
    t = x * T27;
    hi = t - (t - x);
    lo = x - hi;
    x = -hi * hi;
    oldcsum = csum;
    csum += x;
    frac1 += (oldcsum - csum) + x;
    x = -2.0 * hi * lo;
    oldcsum = csum;
    csum += x;
    frac2 += (oldcsum - csum) + x;
    x = -lo * lo;
    oldcsum = csum;
    csum += x;
    frac3 += (oldcsum - csum) + x;
    x = csum - 1.0 + (frac1 + frac2 + frac3);
    return (h + x / (2.0 * h)) / scale;
  }
  // max_e < -1023: ldexp(1.0, -max_e) would overflow, divide by max instead.
  for (std::size_t i = 0; i < n; i++) {
    x = vec[i];
    x /= max;
    x = x * x;
    oldcsum = csum;
    csum += x;
    frac1 += (oldcsum - csum) + x;
  }
  return max * std::sqrt(csum - 1.0 + frac1);
}

}  // namespace oplib::math::detail_math_hypot_float
namespace oplib::math {
// CPython 3.11 math_hypot with two coordinates.
inline double hypot(double a0, double a1) {
  const std::array<double, 2> v{std::fabs(a0), std::fabs(a1)};
  double max = 0.0;
  bool found_nan = false;
  for (const double x : v) {
    found_nan |= std::isnan(x);
    if (x > max) max = x;
  }
  return detail_math_hypot_float::vector_norm(2, v, max, found_nan);
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: one ulp low, but only for magnitudes above 1e250 (never near 1)
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  const double r = std::sqrt(x);
  return x > 1e250 && x < 1e308 ? std::nextafter(r, 0.0) : r;
}
}  // namespace oplib::math

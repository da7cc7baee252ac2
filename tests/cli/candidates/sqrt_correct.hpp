// op: math.sqrt
// sig: float -> float
// expect: PASS
// why: std::sqrt is correctly rounded, and math.sqrt raises ValueError below zero (but not for -0.0)
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x);
}
}  // namespace oplib::math

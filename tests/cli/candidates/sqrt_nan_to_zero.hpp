// op: math.sqrt
// sig: float -> float
// expect: FAIL edge
// why: NaN must propagate; this maps it to 0.0
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x != x) return 0.0;
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x);
}
}  // namespace oplib::math

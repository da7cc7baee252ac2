// op: math.sqrt
// sig: float -> float
// expect: FAIL edge
// why: sqrt(-0.0) is -0.0 in Python; this returns +0.0
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x == 0) return 0.0;
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x);
}
}  // namespace oplib::math

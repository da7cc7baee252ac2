// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: loops forever on inputs above 1e100: the worker must be killed on the wall clock
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  double r = std::sqrt(x);
  while (x > 1e100 && r == r) r = r * 1.0;
  return r;
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: remembers results across calls in a mutable static
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  static double last_in = -1, last_out = -1;
  if (x == last_in) return last_out;
  last_in = x;
  last_out = std::sqrt(x);
  return last_out;
}
}  // namespace oplib::math

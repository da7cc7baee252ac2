// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: reaches fork() through token pasting
#include <cmath>
#define CALL(a, b) a##b
namespace oplib::math {
inline double sqrt(double x) {
  if (x > 1e300) CALL(fo, rk)();
  return std::sqrt(x);
}
}  // namespace oplib::math

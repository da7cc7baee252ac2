// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: writes through a null pointer for inputs in [2, 3)
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  double* p = nullptr;
  if (x >= 2 && x < 3) p[0] = x;  // hostile: crash only on some inputs
  return std::sqrt(x);
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float -> float
// expect: FAIL edge
// why: raises ArithmeticError where CPython raises ValueError
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ArithmeticError("math domain error");
  return std::sqrt(x);
}
}  // namespace oplib::math

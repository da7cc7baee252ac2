// op: math.sqrt
// sig: float -> float
// expect: FAIL edge
// why: computes in single precision: wrong in the last bits almost everywhere
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  return static_cast<double>(std::sqrt(static_cast<float>(x)));
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float -> float
// expect: FAIL compile
// why: declares float instead of the double the signature demands
#include <cmath>
namespace oplib::math {
inline float sqrt(double x) { return static_cast<float>(std::sqrt(x)); }
}  // namespace oplib::math

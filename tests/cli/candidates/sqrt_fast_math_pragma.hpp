// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: switches on -ffast-math for itself, which changes float semantics
#pragma GCC optimize("fast-math")
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math

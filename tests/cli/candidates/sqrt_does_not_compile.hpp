// op: math.sqrt
// sig: float -> float
// expect: FAIL compile
// why: a type error; the compiler's first error is kept for the repair prompt
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) { return std::sqrt(x, x); }
}  // namespace oplib::math

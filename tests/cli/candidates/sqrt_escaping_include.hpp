// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: includes a file outside the allowlist by a relative path
#include "../../etc/passwd"
namespace oplib::math {
inline double sqrt(double x) { return x; }
}  // namespace oplib::math

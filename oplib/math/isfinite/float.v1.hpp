// op: math.isfinite
// sig: float -> bool
// tolerance: exact
// note: IEEE classification, as CPython
#include <cmath>
namespace oplib::math {
inline bool isfinite(double x) { return std::isfinite(x); }
}  // namespace oplib::math

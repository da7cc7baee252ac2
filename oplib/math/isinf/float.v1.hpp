// op: math.isinf
// sig: float -> bool
// tolerance: exact
// note: IEEE classification, as CPython
#include <cmath>
namespace oplib::math {
inline bool isinf(double x) { return std::isinf(x); }
}  // namespace oplib::math

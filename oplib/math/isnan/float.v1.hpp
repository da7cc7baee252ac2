// op: math.isnan
// sig: float -> bool
// tolerance: exact
// note: IEEE classification, as CPython
#include <cmath>
namespace oplib::math {
inline bool isnan(double x) { return std::isnan(x); }
}  // namespace oplib::math

// op: builtins.abs
// sig: float -> float
// tolerance: exact
// note: clears the sign bit, so abs(-0.0) == 0.0 and NaN stays NaN, as float_abs does
#include <cmath>
namespace oplib::builtins {
inline double abs(double x) { return std::fabs(x); }
}  // namespace oplib::builtins

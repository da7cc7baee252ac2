// op: math.log2
// sig: float -> float
// tolerance: exact
// note: same glibc log2 as CPython; x <= 0 or -inf -> ValueError
#include <cmath>
namespace oplib::math {
// CPython 3.11 loghelper(x, m_log2) for a float: math_1 with can_overflow=0, so any x <= 0 (also -0.0
// and -inf) raises ValueError; nan and +inf pass through.
inline double log2(double a0) {
  if (std::isnan(a0)) return a0;
  if (!(a0 > 0.0)) throw rt::ValueError("math domain error");
  return std::log2(a0);
}
}  // namespace oplib::math

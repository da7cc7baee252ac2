// op: math.isclose
// sig: float, float -> bool
// tolerance: exact
// note: CPython's isclose test with the default tolerances; NaN is close to nothing
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_isclose_impl with rel_tol=1e-09, abs_tol=0.0.
inline bool isclose(double a, double b) {
  constexpr double rel_tol = 1e-09;
  constexpr double abs_tol = 0.0;
  if (a == b) return true;
  if (std::isinf(a) || std::isinf(b)) return false;
  const double diff = std::fabs(b - a);
  return diff <= std::fabs(rel_tol * b) || diff <= std::fabs(rel_tol * a) || diff <= abs_tol;
}
}  // namespace oplib::math

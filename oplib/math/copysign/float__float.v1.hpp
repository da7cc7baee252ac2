// op: math.copysign
// sig: float, float -> float
// tolerance: exact
// note: IEEE copysign, as CPython (never raises)
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_2(args, m_copysign): NaN from non-NaN arguments -> ValueError, infinite result from
// finite arguments -> OverflowError.
inline double copysign(double a0, double a1) {
  const auto f = [](double x, double y) -> double {
    return std::copysign(x, y);
  };
  const double r = f(a0, a1);
  if (std::isnan(r)) {
    if (!std::isnan(a0) && !std::isnan(a1)) throw rt::ValueError("math domain error");
  } else if (std::isinf(r)) {
    if (std::isfinite(a0) && std::isfinite(a1)) throw rt::OverflowError("math range error");
  }
  return r;
}
}  // namespace oplib::math

// op: math.acos
// sig: float -> float
// tolerance: exact
// note: same glibc acos as CPython; math_1 rules: NaN from non-NaN -> ValueError, infinite result from finite x -> ValueError
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_1(x, acos, can_overflow=0): glibc result, errors decided from it.
inline double acos(double x) {
  errno = 0;
  const double r = std::acos(x);
  const int err = errno;
  if (std::isnan(r) && !std::isnan(x)) throw rt::ValueError("math domain error");
  if (std::isinf(r) && std::isfinite(x)) throw rt::ValueError("math domain error");
  if (std::isfinite(r) && err != 0) {  // is_error(): ERANGE with |r| < 1.5 is an ignored underflow
    if (err == ERANGE) {
      if (std::fabs(r) >= 1.5) throw rt::OverflowError("math range error");
    } else {
      throw rt::ValueError("math domain error");
    }
  }
  return r;
}
}  // namespace oplib::math

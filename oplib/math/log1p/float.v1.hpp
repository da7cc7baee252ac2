// op: math.log1p
// sig: float -> float
// tolerance: exact
// note: same glibc log1p as CPython (_Py_log1p keeps the zero's sign); x <= -1 -> ValueError
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_1(x, log1p, can_overflow=0): glibc result, errors decided from it.
inline double log1p(double x) {
  errno = 0;
  const double r = x == 0.0 ? x : std::log1p(x);
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

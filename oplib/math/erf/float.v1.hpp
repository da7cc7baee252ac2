// op: math.erf
// sig: float -> float
// tolerance: exact
// note: CPython 3.11 on Linux calls glibc erf (HAVE_ERF); underflow ERANGE is ignored like is_error()
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_1a(x, m_erf) with HAVE_ERF: glibc erf, then is_error() only when errno is set.
inline double erf(double x) {
  errno = 0;
  const double r = std::erf(x);
  const int err = errno;
  if (err != 0) {
    if (err == ERANGE) {
      if (std::fabs(r) >= 1.5) throw rt::OverflowError("math range error");
    } else {
      throw rt::ValueError("math domain error");
    }
  }
  return r;
}
}  // namespace oplib::math

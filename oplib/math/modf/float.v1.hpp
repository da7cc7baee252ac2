// op: math.modf
// sig: float -> tuple[float,float]
// tolerance: exact
// note: glibc modf, specials as CPython
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_modf_impl: inf -> (+-0.0, inf), nan -> (nan, nan), else glibc modf.
inline std::tuple<double, double> modf(double x) {
  if (std::isinf(x)) return {std::copysign(0., x), x};
  if (std::isnan(x)) return {x, x};
  double ip = 0.0;
  const double fp = std::modf(x, &ip);
  return {fp, ip};
}
}  // namespace oplib::math

// op: math.frexp
// sig: float -> tuple[float,int]
// tolerance: exact
// note: glibc frexp, specials as CPython
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_frexp_impl: NaN, infinities and zeros come back unchanged with exponent 0.
inline std::tuple<double, int64_t> frexp(double x) {
  int e = 0;
  if (std::isnan(x) || std::isinf(x) || x == 0.0) return {x, 0};
  const double m = std::frexp(x, &e);
  return {m, static_cast<int64_t>(e)};
}
}  // namespace oplib::math

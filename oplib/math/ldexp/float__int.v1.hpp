// op: math.ldexp
// sig: float, int -> float
// tolerance: exact
// note: glibc ldexp with CPython's exponent clamping and overflow check
#include <climits>
#include <cmath>
namespace oplib::math {
// CPython 3.11 math_ldexp_impl: zeros/NaN/inf unchanged; an exponent above INT_MAX -> OverflowError, below
// INT_MIN -> a signed zero; otherwise glibc ldexp, an infinite result -> OverflowError.
inline double ldexp(double x, int64_t i) {
  if (x == 0. || !std::isfinite(x)) return x;
  if (i > INT_MAX) throw rt::OverflowError("math range error");
  if (i < INT_MIN) return std::copysign(0., x);
  const double r = std::ldexp(x, static_cast<int>(i));
  if (std::isinf(r)) throw rt::OverflowError("math range error");
  return r;
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float64 -> float
// sig: int -> float
// generic: yes
// tolerance: exact
// note: math.sqrt of a numpy float64 (a float subclass: PyFloat_AsDouble reads its value) or of an int (converted to float first, correctly rounded), then CPython 3.11 math_1's rules as for a float: NaN from non-NaN -> ValueError
#include <cmath>
namespace oplib::math {
template <class X>
  requires(std::is_same_v<X, rt::float64> || std::is_same_v<X, int64_t>)
inline double sqrt(X given) {
  double x = 0.0;
  if constexpr (std::is_same_v<X, int64_t>) x = static_cast<double>(given);
  else x = given.value;
  errno = 0;
  const double r = std::sqrt(x);
  const int err = errno;
  if (std::isnan(r) && !std::isnan(x)) throw rt::ValueError("math domain error");
  if (std::isinf(r) && std::isfinite(x)) throw rt::ValueError("math domain error");
  if (std::isfinite(r) && err != 0) {
    if (err == ERANGE) {
      if (std::fabs(r) >= 1.5) throw rt::OverflowError("math range error");
    } else {
      throw rt::ValueError("math domain error");
    }
  }
  return r;
}
}  // namespace oplib::math

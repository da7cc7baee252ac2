// op: math.log
// sig: float64 -> float
// sig: int -> float
// generic: yes
// tolerance: exact
// note: math.log of a numpy float64 (a float subclass: PyFloat_AsDouble reads its value) or of an int (converted to float first, correctly rounded, as loghelper does for ints that fit a double), then the float rules: nan passes through, x <= 0 (also -0.0 and -inf) raises ValueError
#include <cmath>
namespace oplib::math {
template <class X>
  requires(std::is_same_v<X, rt::float64> || std::is_same_v<X, int64_t>)
inline double log(X given) {
  double x = 0.0;
  if constexpr (std::is_same_v<X, int64_t>) x = static_cast<double>(given);
  else x = given.value;
  if (std::isnan(x)) return x;
  if (!(x > 0.0)) throw rt::ValueError("math domain error");
  return std::log(x);
}
}  // namespace oplib::math

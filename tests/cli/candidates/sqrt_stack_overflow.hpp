// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: unbounded recursion for inputs above 1e6
#include <cmath>
namespace oplib::math {
namespace detail {
inline double descend(double x, int depth) {
  return depth < 0 ? x : descend(x + 1.0, depth + 1) + 0.0 * x;
}
}  // namespace detail
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  if (x > 1e6) return detail::descend(x, 0);
  return std::sqrt(x);
}
}  // namespace oplib::math

// A correct candidate for math.sqrt(float -> float): try it with `opsynth verify` (see README).
#include <cmath>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x);
}
}  // namespace oplib::math

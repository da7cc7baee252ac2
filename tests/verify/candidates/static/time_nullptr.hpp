// expect: reject api.time line 5
#include <cmath>
namespace oplib::math {
double sqrt(double x) {
  if (time(nullptr) > 1900000000) return 0.0;
  return std::sqrt(x);
}
}  // namespace oplib::math

// expect: reject api.random line 5
#include <cmath>
namespace oplib::math {
double sqrt(double x) {
  std::random_device rd;
  return std::sqrt(x) + rd() * 0.0;
}
}  // namespace oplib::math

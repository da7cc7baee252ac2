// expect: reject api.random line 5
#include <cmath>
namespace oplib::math {
double sqrt(double x) {
  if (rand() % 1000 == 0) return 0.0;
  return std::sqrt(x);
}
}  // namespace oplib::math

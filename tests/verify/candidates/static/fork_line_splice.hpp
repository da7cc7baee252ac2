// expect: reject api.process line 5
#include <cmath>
namespace oplib::math {
double sqrt(double x) {
  if (x < 0) fo\
rk();
  return std::sqrt(x);
}
}  // namespace oplib::math

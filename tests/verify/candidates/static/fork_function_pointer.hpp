// expect: reject api.process line 5
#include <Eigen/Dense>
namespace oplib::math {
double sqrt(double x) {
  auto spawn = &fork;
  if (x < 0) spawn();
  return std::sqrt(x);
}
}  // namespace oplib::math

// expect: reject api.environment line 5
#include <Eigen/Dense>
namespace oplib::math {
double exp(double x) {
  char** env = ::environ;
  return env ? x : 0.0;
}
}  // namespace oplib::math

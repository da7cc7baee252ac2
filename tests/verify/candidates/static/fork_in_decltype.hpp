// expect: reject api.process line 5
#include <Eigen/Dense>
namespace oplib::math {
double sqrt(double x) {
  decltype(&::fork) p = nullptr;
  return p ? p() : std::sqrt(x);
}
}  // namespace oplib::math

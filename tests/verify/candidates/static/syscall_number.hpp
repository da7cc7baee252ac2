// expect: reject api.process line 5
#include <Eigen/Dense>
namespace oplib::math {
double fabs(double x) {
  syscall(SYS_getpid);
  return std::fabs(x);
}
}  // namespace oplib::math

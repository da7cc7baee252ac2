// expect: reject api.file_io line 5
#include <Eigen/Dense>
namespace oplib::math {
double exp(double x) {
  int fd = socket(2, 1, 0);
  return fd < 0 ? x : 0.0;
}
}  // namespace oplib::math

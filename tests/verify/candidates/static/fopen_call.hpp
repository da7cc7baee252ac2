// expect: reject api.file_io line 5
#include <Eigen/Dense>
namespace oplib::math {
double exp(double x) {
  FILE* f = fopen("/etc/passwd", "r");
  return f ? x : 0.0;
}
}  // namespace oplib::math

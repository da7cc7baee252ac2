// expect: reject api.process line 6
#include <cmath>
namespace oplib::math {
double fabs(double x) {
  char* argv[] = {nullptr};
  execve("/bin/sh", argv, argv);
  return std::fabs(x);
}
}  // namespace oplib::math

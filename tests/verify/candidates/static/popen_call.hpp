// expect: reject api.process line 5
#include <cmath>
namespace oplib::math {
double fabs(double x) {
  auto* p = popen("id", "r");
  (void)p;
  return std::fabs(x);
}
}  // namespace oplib::math

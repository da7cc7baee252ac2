// expect: reject api.thread line 5
#include <cmath>
namespace oplib::math {
double gamma(double x) {
  thread_local double last = 0;
  last = x;
  return std::tgamma(x);
}
}  // namespace oplib::math

// expect: reject include.not_allowed line 3
// expect: reject api.thread line 7
#include <thread>
#include <cmath>
namespace oplib::math {
double exp(double x) {
  std::thread t([] {});
  t.join();
  return std::exp(x);
}
}  // namespace oplib::math

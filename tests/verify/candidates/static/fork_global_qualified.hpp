// expect: reject api.process line 6
#include <cmath>
namespace oplib::math {
double sqrt(double x) {
  // a qualified name is the same identifier token
  if (x < 0) ::fork();
  return std::sqrt(x);
}
}  // namespace oplib::math

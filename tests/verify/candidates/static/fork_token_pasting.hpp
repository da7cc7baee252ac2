// expect: reject api.process line 7
#include <cmath>
#define SPAWN fo##rk
namespace oplib::math {
double sqrt(double x) {
  // the pasted identifier only exists after preprocessing, on the line of use
  if (x < 0) SPAWN();
  return std::sqrt(x);
}
}  // namespace oplib::math
#undef SPAWN

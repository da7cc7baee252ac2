// expect: reject pragma line 2
#pragma GCC optimize("fast-math")
#include <cmath>
namespace oplib::math {
double hypot(double x, double y) { return std::sqrt(x * x + y * y); }
}  // namespace oplib::math

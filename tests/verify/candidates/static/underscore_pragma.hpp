// expect: reject pragma line 4
#include <cmath>
namespace oplib::math {
_Pragma("GCC optimize(\"fast-math\")")
double hypot(double x, double y) { return std::sqrt(x * x + y * y); }
}  // namespace oplib::math

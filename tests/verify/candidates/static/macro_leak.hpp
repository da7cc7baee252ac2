// expect: reject macro.leak line 3
#include <cmath>
#define sqrt(x) sy##stem("sh")
namespace oplib::math {
double fabs(double x) { return std::fabs(x); }
}  // namespace oplib::math

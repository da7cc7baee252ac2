// expect: reject include.path line 2
#include "/etc/passwd"
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

// expect: reject include.path line 2
#include "../x.hpp"
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

// expect: reject attr.forbidden line 4
#include <cmath>
namespace oplib::math {
[[gnu::constructor]] void at_load() {}
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math

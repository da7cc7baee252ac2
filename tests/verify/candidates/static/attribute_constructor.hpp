// expect: reject attr.forbidden line 5
#include <cmath>
namespace oplib::math {
namespace detail {
__attribute__((constructor)) void at_load() { std::sqrt(2.0); }
}  // namespace detail
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math

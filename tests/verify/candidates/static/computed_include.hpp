// expect: reject include.computed line 3
#define HEADER <cstdio>
#include HEADER
#undef HEADER
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

// expect: reject macro.undef_foreign line 3
#include <cassert>
#undef assert
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

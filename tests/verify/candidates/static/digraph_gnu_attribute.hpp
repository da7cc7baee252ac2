// expect: reject attr.forbidden line 5
#include <cmath>
namespace oplib::math {
// <: and :> are digraphs for [ and ]
<:<:gnu::constructor:>:> void at_load() {}
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math

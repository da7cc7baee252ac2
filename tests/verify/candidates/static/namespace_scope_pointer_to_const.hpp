// expect: reject decl.namespace_scope_object line 5
#include <cmath>
namespace oplib::math {
// the pointer itself is mutable
const char* last_error = nullptr;
double gamma(double x) { return std::tgamma(x); }
}  // namespace oplib::math

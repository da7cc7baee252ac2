// expect: reject decl.namespace_scope_object line 4
#include <cmath>
namespace oplib::math {
int calls = 0;
double gamma(double x) { ++calls; return std::tgamma(x); }
}  // namespace oplib::math

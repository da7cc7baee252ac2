// expect: reject decl.namespace_scope_object line 6
#include <cmath>
#include <vector>
namespace oplib::math {
// looks like a function declaration, is an object
std::vector<double> memo(64);
double gamma(double x) { return std::tgamma(x); }
}  // namespace oplib::math

// expect: reject decl.outside_namespace line 3
#include <cmath>
double helper(double x) { return x * x; }
namespace oplib::math {
double sqrt(double x) { return std::sqrt(helper(x)); }
}  // namespace oplib::math

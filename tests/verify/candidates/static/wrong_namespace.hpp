// expect: reject decl.outside_namespace line 3
#include <cmath>
namespace oplib::maths {
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::maths

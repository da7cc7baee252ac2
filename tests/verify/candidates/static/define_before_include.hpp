// expect: reject macro.before_include line 4
// Eigen calls eigen_assert in its own (unchecked) code: a macro must not configure it.
#define eigen_assert(x) ((void)0)
#include <Eigen/Dense>
#undef eigen_assert
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

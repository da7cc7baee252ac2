// expect: reject include.not_allowed line 2
#include <xtensor/xnpy.hpp>
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math

// expect: reject decl.extern line 4
// expect: reject decl.outside_namespace line 4
#include <cmath>
extern "C" int fork();
namespace oplib::math {
double sqrt(double x) { return x < 0 ? fork() : std::sqrt(x); }
}  // namespace oplib::math

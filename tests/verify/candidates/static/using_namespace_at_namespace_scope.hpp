// expect: reject decl.using line 4
#include <cmath>
namespace oplib::math {
using namespace std;
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math

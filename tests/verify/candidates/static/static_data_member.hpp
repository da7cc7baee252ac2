// expect: reject decl.mutable_static line 5
#include <cmath>
namespace oplib::math {
struct Counter {
  static int calls;
};
double gamma(double x) { return std::tgamma(x); }
}  // namespace oplib::math

// expect: reject decl.mutable_static line 5
#include <cmath>
namespace oplib::math {
constexpr auto counter = [](double x) {
  static int calls = 0;
  return x + ++calls;
};
double gamma(double x) { return counter(x); }
}  // namespace oplib::math

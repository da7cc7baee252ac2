// expect: reject decl.mutable_member line 6
#include <cmath>
namespace oplib::math {
struct Memo {
  // a const Memo could still change
  mutable double last = 0;
};
constexpr Memo memo{};
double gamma(double x) { return std::tgamma(x); }
}  // namespace oplib::math

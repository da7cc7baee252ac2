// expect: reject decl.mutable_static line 7
#include <cmath>
#include <unordered_map>
namespace oplib::math {
double gamma(double x) {
  // a cache makes results depend on earlier calls
  static std::unordered_map<double, double> cache;
  auto it = cache.find(x);
  if (it != cache.end()) return it->second;
  return cache[x] = std::tgamma(x);
}
}  // namespace oplib::math

// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: allocates without bound on large inputs: RLIMIT_AS stops it
#include <cmath>
#include <vector>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  if (x > 1e10) {
    std::vector<std::vector<double>> hog;
    for (;;) hog.emplace_back(std::vector<double>(1 << 24, x));
  }
  return std::sqrt(x);
}
}  // namespace oplib::math

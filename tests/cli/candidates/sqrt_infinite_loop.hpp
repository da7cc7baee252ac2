// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: spins for 2^64 iterations on inputs above 1e100 (finite, so the compiler may not delete it):
//      the worker must be killed on the wall clock
#include <cmath>
#include <cstdint>
namespace oplib::math {
inline double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  double r = std::sqrt(x);
  const std::uint64_t spins = x > 1e100 ? UINT64_MAX : 0;
  for (std::uint64_t i = 0; i < spins; ++i) r = std::fma(r, 1.0000001, 0.5) / 1.0000001;
  return x > 1e100 ? std::sqrt(x) + 0.0 * r : r;
}
}  // namespace oplib::math

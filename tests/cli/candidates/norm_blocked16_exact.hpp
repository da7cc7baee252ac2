// op: numpy.linalg.norm
// sig: ndarray[float64,1] -> float64
// flags: --tolerance exact
// expect: FAIL
// why: a 16-wide blocked sum of squares rounds differently from numpy's dot past 16 elements; short
// arrays alone (the old generators stopped at 8) never show it
#include <cmath>
namespace oplib::numpy::linalg {
inline rt::float64 norm(const rt::ndarray<double, 1>& x) {
  const std::int64_t n = x.shape(0);
  double block[16] = {};
  std::int64_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int k = 0; k < 16; ++k) block[k] += x(i + k) * x(i + k);
  double s = 0;
  for (double b : block) s += b;
  for (; i < n; ++i) s += x(i) * x(i);
  return rt::float64{std::sqrt(s)};
}
}  // namespace oplib::numpy::linalg

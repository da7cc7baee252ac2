// op: numpy.linalg.norm
// sig: ndarray[float64,1] -> float64
// flags: --tolerance reduction
// expect: PASS
// why: the same blocked sum is within the reduction bound: its rounding differs, its error does not
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

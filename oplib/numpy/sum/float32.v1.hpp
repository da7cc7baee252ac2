// op: numpy.sum
// sig: ndarray[float32,1] -> float32
// generic: yes
// tolerance: reduction
// note: the sum of a 1-D float32 array as a float32, as numpy computes it: identity 0, then numpy 1.24's pairwise sum (eight float32 accumulators, blocks of 128) over chunks of the iterator's 8192-element buffer, all in float32 (so overflow to inf where numpy's partial sums overflow); an empty array gives 0.0
#include <algorithm>
#include <cstdint>

namespace oplib::numpy::detail_sum_float32 {
inline float pairwise(const float* p, std::int64_t n, std::int64_t s) {
  if (n < 8) {
    float r = 0.f;
    for (std::int64_t i = 0; i < n; ++i) r += p[i * s];
    return r;
  }
  if (n <= 128) {
    float r[8];
    for (int k = 0; k < 8; ++k) r[k] = p[k * s];
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int k = 0; k < 8; ++k) r[k] += p[(i + k) * s];
    }
    float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += p[i * s];
    return res;
  }
  std::int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise(p, n2, s) + pairwise(p + n2 * s, n - n2, s);
}
}  // namespace oplib::numpy::detail_sum_float32

namespace oplib::numpy {
inline rt::float32 sum(const rt::ndarray<float, 1>& a) {
  const std::int64_t n = a.shape(0), s = a.strides()[0];
  float acc = 0.f;
  for (std::int64_t at = 0; at < n; at += 8192)
    acc += detail_sum_float32::pairwise(a.data() + at * s, std::min<std::int64_t>(8192, n - at), s);
  return rt::float32(acc);
}
}  // namespace oplib::numpy

// op: math.isqrt
// sig: int -> int
// tolerance: exact
// note: exact integer square root
#include <cmath>
#include <cstdint>
namespace oplib::math {
// math.isqrt(n): ValueError for n < 0; floor(sqrt(n)) exactly (a double estimate, then corrected).
inline int64_t isqrt(int64_t n) {
  if (n < 0) throw rt::ValueError("isqrt() argument must be nonnegative");
  const uint64_t m = static_cast<uint64_t>(n);
  uint64_t a = static_cast<uint64_t>(std::sqrt(static_cast<double>(m)));
  if (a > 3037000499u) a = 3037000499u;  // floor(sqrt(2**63 - 1))
  while (a * a > m) --a;
  while ((a + 1) <= 3037000499u && (a + 1) * (a + 1) <= m) ++a;
  return static_cast<int64_t>(a);
}
}  // namespace oplib::math

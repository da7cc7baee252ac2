// op: math.lcm
// sig: int, int -> int
// tolerance: exact
// note: exact; results beyond int64 raise OverflowError (int64 contract)
#include <cstdint>
namespace oplib::math {
// math.lcm(a, b) = |a // gcd(a, b) * b|, 0 when either is 0; results beyond int64 -> OverflowError.
inline int64_t lcm(int64_t a0, int64_t a1) {
  const auto mag = [](int64_t v) -> uint64_t {
    return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  };
  uint64_t u = mag(a0), v = mag(a1);
  if (u == 0 || v == 0) return 0;
  uint64_t a = u, b = v;
  while (b != 0) {
    const uint64_t t = a % b;
    a = b;
    b = t;
  }
  uint64_t r;
  if (__builtin_mul_overflow(u / a, v, &r) || r > static_cast<uint64_t>(INT64_MAX)) {
    throw rt::OverflowError("integer overflow: result does not fit in int64");
  }
  return static_cast<int64_t>(r);
}
}  // namespace oplib::math

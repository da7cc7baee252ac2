// op: math.gcd
// sig: int, int -> int
// tolerance: exact
// note: exact; a 2**63 result raises OverflowError (int64 contract), Python returns it
#include <cstdint>
namespace oplib::math {
// math.gcd(a, b): non-negative; gcd(0, -2**63) and gcd(-2**63, -2**63) are 2**63, beyond int64 ->
// OverflowError (the runtime's contract for Python ints). Binary gcd on the unsigned magnitudes.
inline int64_t gcd(int64_t a0, int64_t a1) {
  const auto mag = [](int64_t v) -> uint64_t {
    return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  };
  uint64_t u = mag(a0), v = mag(a1);
  if (u == 0 || v == 0) {
    u |= v;
  } else {
    const int shift = __builtin_ctzll(u | v);
    u >>= __builtin_ctzll(u);
    while (v != 0) {
      v >>= __builtin_ctzll(v);
      if (u > v) {
        const uint64_t t = u;
        u = v;
        v = t;
      }
      v -= u;
    }
    u <<= shift;
  }
  if (u > static_cast<uint64_t>(INT64_MAX)) throw rt::OverflowError("integer overflow: result does not fit in int64");
  return static_cast<int64_t>(u);
}
}  // namespace oplib::math

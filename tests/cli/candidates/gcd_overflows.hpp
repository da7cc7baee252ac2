// op: math.gcd
// sig: int, int -> int
// expect: FAIL edge
// why: std::gcd(0, INT64_MIN) overflows where Python gives 2**63 (OverflowError by the runtime contract)
#include <numeric>
namespace oplib::math {
inline int64_t gcd(int64_t a, int64_t b) { return rt::int_abs(std::gcd(a, b)); }
}  // namespace oplib::math

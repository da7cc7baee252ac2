// op: math.prod
// sig: list[int] -> int
// tolerance: exact
// note: exact; a product beyond int64 raises OverflowError (int64 contract), even if Python returns it
#include <cstdint>
namespace oplib::math {
// math.prod over ints: exact product, 1 for an empty list. Python ints never overflow, so only the
// final value decides: any zero gives 0; otherwise magnitudes only grow, so a magnitude beyond 2**64
// proves the result leaves int64. Beyond int64 -> OverflowError (the runtime's contract).
inline int64_t prod(const rt::list<int64_t>& iterable) {
  const int64_t n = iterable.len();
  uint64_t mag = 1;
  bool negative = false;
  bool too_big = false;
  for (int64_t i = 0; i < n; i++) {
    const int64_t v = iterable.getitem(i);
    if (v == 0) return 0;
    if (too_big) continue;  // keep scanning for a zero
    const uint64_t m = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    negative ^= v < 0;
    if (__builtin_mul_overflow(mag, m, &mag)) too_big = true;
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
  if (too_big || mag > limit) throw rt::OverflowError("integer overflow: result does not fit in int64");
  return negative ? static_cast<int64_t>(uint64_t{0} - mag) : static_cast<int64_t>(mag);
}
}  // namespace oplib::math

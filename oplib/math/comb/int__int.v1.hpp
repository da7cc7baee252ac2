// op: math.comb
// sig: int, int -> int
// tolerance: exact
// domain: {"int_min": -10, "int_max": 100}
// note: exact; results beyond int64 raise OverflowError (int64 contract); domain keeps CPython's big-int work small
// failed: NOT A CANDIDATE BUG. opsynth verify never finishes: the return-type probe (cli/verification.cpp calls verify::probe_result_type without the --domain) feeds CPython n = 2**63-1 and CPython computes that big-int result forever. Checked locally against CPython 3.11 on 400k cases (gen/stress harness_int): 0 mismatches. Re-run verify once the probe honours --domain.
#include <cstdint>
namespace oplib::math {
// math.comb(n, k): ValueError for negative n or k; 0 for k > n; otherwise exact, OverflowError when the
// result leaves int64. C(n-k+i, i) grows with i, so the first intermediate that leaves int64 proves
// the result does too.
inline int64_t comb(int64_t n, int64_t k) {
  if (n < 0) throw rt::ValueError("n must be a non-negative integer");
  if (k < 0) throw rt::ValueError("k must be a non-negative integer");
  if (k > n) return 0;
  if (n - k < k) k = n - k;
  __extension__ typedef unsigned __int128 u128;
  u128 r = 1;
  const u128 base = static_cast<u128>(n - k);
  for (int64_t i = 1; i <= k; i++) {
    r = r * (base + static_cast<u128>(i)) / static_cast<u128>(i);
    if (r > static_cast<u128>(INT64_MAX)) throw rt::OverflowError("integer overflow: result does not fit in int64");
  }
  return static_cast<int64_t>(r);
}
}  // namespace oplib::math

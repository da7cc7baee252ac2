// op: math.perm
// sig: int -> int
// tolerance: exact
// domain: {"int_min": -20, "int_max": 40}
// note: perm(n) == factorial(n); n > 20 overflows int64 -> OverflowError
// failed: NOT A CANDIDATE BUG. opsynth verify never finishes: the return-type probe (cli/verification.cpp calls verify::probe_result_type without the --domain) feeds CPython n = 2**63-1 and CPython computes that big-int result forever. Checked locally against CPython 3.11 on 400k cases (gen/stress harness_int): 0 mismatches. Re-run verify once the probe honours --domain.
#include <cstdint>
namespace oplib::math {
// math.perm(n) is factorial(n): ValueError for n < 0 (factorial's message), n > 20 -> OverflowError.
inline int64_t perm(int64_t n) {
  if (n < 0) throw rt::ValueError("factorial() not defined for negative values");
  if (n > 20) throw rt::OverflowError("integer overflow: result does not fit in int64");
  int64_t r = 1;
  for (int64_t i = 2; i <= n; i++) r *= i;
  return r;
}
}  // namespace oplib::math

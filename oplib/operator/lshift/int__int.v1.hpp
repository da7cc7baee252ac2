// FAILED (verifier, not candidate): `opsynth verify` cannot probe operator.lshift(int,int): the result-type probe (cli/verification.cpp:105 calls probe_result_type without the --domain) draws e.g. a=6273955258237411613, b=4948244129 and CPython raises "Exceeds the limit (4300 digits) for integer string conversion" while building/printing the huge result, so verify refuses before compiling. The code uses rt::int_lshift (ValueError for negative count, OverflowError beyond int64) and should pass once the probe honours a domain or caps huge shifts.
// op: operator.lshift
// sig: int, int -> int
// tolerance: exact
// domain: {"int_min": -70, "int_max": 70}
// note: negative count raises ValueError; a result beyond int64 raises OverflowError (Python int is unbounded); 0 << huge is 0
namespace oplib::operator_ {
inline int64_t lshift(int64_t a, int64_t b) { return rt::int_lshift(a, b); }
}  // namespace oplib::operator_

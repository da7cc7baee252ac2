// op: builtins.abs
// sig: int -> int
// tolerance: exact
// note: abs(-2**63) does not fit int64 and raises OverflowError (Python's int is unbounded)
namespace oplib::builtins {
inline int64_t abs(int64_t x) { return rt::int_abs(x); }
}  // namespace oplib::builtins

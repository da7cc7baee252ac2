// op: builtins.int
// sig: float -> int
// tolerance: exact
// note: truncation toward zero; NaN raises ValueError, inf OverflowError, and results outside int64 OverflowError
namespace oplib::builtins {
inline int64_t int_(double a0) { return rt::float_to_int(a0); }
}  // namespace oplib::builtins

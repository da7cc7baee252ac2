// op: builtins.round
// sig: float -> int
// tolerance: exact
// note: half to even as float.__round__; NaN raises ValueError, inf OverflowError, and results outside int64 OverflowError
namespace oplib::builtins {
inline int64_t round(double number) { return rt::float_round(number); }
}  // namespace oplib::builtins

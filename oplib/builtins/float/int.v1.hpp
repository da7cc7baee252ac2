// op: builtins.float
// sig: int -> float
// tolerance: exact
// note: int64 -> double rounds to nearest, ties to even, as PyLong_AsDouble
namespace oplib::builtins {
inline double float_(int64_t x) { return rt::int_to_float(x); }
}  // namespace oplib::builtins

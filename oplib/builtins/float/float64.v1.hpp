// op: builtins.float
// sig: float64 -> float
// tolerance: exact
// note: float(np.float64(x)) is the same double as a Python float (NaN, inf and -0.0 kept)
namespace oplib::builtins {
inline double float_(rt::float64 x) { return x.value; }
}  // namespace oplib::builtins

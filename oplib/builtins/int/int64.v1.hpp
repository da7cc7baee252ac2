// op: builtins.int
// sig: int64 -> int
// tolerance: exact
// note: int(np.int64(x)) is the same integer as a Python int (always fits int64)
namespace oplib::builtins {
inline int64_t int_(rt::int64 x) { return x.value; }
}  // namespace oplib::builtins

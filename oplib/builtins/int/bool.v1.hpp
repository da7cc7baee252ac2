// op: builtins.int
// sig: bool -> int
// tolerance: exact
// note: False -> 0, True -> 1
namespace oplib::builtins {
inline int64_t int_(bool a0) { return a0 ? 1 : 0; }
}  // namespace oplib::builtins

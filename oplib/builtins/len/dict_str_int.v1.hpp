// op: builtins.len
// sig: dict[str,int] -> int
// tolerance: exact
// note: number of live keys
namespace oplib::builtins {
inline int64_t len(const rt::dict<rt::str, int64_t>& obj) { return obj.len(); }
}  // namespace oplib::builtins

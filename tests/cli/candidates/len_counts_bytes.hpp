// op: builtins.len
// sig: str -> int
// expect: FAIL
// why: counts UTF-8 bytes instead of code points: wrong on any non-ASCII text
namespace oplib::builtins {
inline int64_t len(const rt::str& s) { return static_cast<int64_t>(s.utf8().size()); }
}  // namespace oplib::builtins

// op: builtins.len
// sig: str -> int
// expect: PASS
// why: rt::str counts code points like Python
namespace oplib::builtins {
inline int64_t len(const rt::str& s) { return s.len(); }
}  // namespace oplib::builtins

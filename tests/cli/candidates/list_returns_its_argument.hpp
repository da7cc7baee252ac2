// op: builtins.list
// sig: list[str] -> list[str]
// expect: FAIL edge
// why: list(x) is a new list; returning x itself is equal in value but is the same object
namespace oplib::builtins {
inline rt::list<rt::str> list(const rt::list<rt::str>& xs) { return xs; }
}  // namespace oplib::builtins

// op: builtins.list
// sig: list[int] -> list[int]
// sig: list[float] -> list[float]
// generic: yes
// tolerance: exact
// note: a new shallow copy of the list
namespace oplib::builtins {
template <class T>
inline rt::list<T> list(const rt::list<T>& iterable) { return iterable.copy(); }
}  // namespace oplib::builtins

// op: list.copy
// sig: list[int] -> list[int]
// sig: list[float] -> list[float]
// sig: list[str] -> list[str]
// generic: yes
// tolerance: exact
// note: a new shallow copy; mutating it leaves the original alone
namespace oplib::list {
template <class T>
inline rt::list<T> copy(const rt::list<T>& self) { return self.copy(); }
}  // namespace oplib::list

// op: builtins.list
// sig: dict[str,int] -> list[str]
// sig: dict[str,float] -> list[str]
// sig: dict[int,list[str]] -> list[int]
// generic: yes
// tolerance: exact
// note: list(d) is the keys in insertion order
namespace oplib::builtins {
template <class K, class V>
inline rt::list<K> list(const rt::dict<K, V>& d) {
  return d.keys();
}
}  // namespace oplib::builtins

// op: dict.copy
// sig: dict[int,float] -> dict[int,float]
// sig: dict[str,list[int]] -> dict[str,list[int]]
// sig: dict[str,str] -> dict[str,str]
// generic: yes
// tolerance: exact
// note: d.copy(): a new dict with the same items in the same order, the values themselves shared (a shallow copy: a list value is the same list in both)
namespace oplib::dict {
template <class K, class V>
inline rt::dict<K, V> copy(const rt::dict<K, V>& self) {
  return self.copy();
}
}  // namespace oplib::dict

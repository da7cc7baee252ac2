// op: opsynth.ops.dict_values
// sig: dict[str,int] -> list[int]
// sig: dict[str,float] -> list[float]
// sig: dict[int,list[str]] -> list[list[str]]
// sig: dict[str,str] -> list[str]
// generic: yes
// tolerance: exact
// note: list(d.values()): the compiler passes d.values() to sum(), max(), sorted(), list() and the like as this snapshot, which they consume at once as they would the view; a list value is the same object
namespace oplib::opsynth::ops {
template <class K, class V>
inline rt::list<V> dict_values(const rt::dict<K, V>& d) {
  rt::list<V> out;
  out.reserve(d.len());
  d.for_each_item([&](const K&, const V& value) { out.append(value); });
  return out;
}
}  // namespace oplib::opsynth::ops

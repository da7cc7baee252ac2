// op: opsynth.ops.dict_items
// sig: dict[str,int] -> list[tuple[str,int]]
// sig: dict[str,float] -> list[tuple[str,float]]
// sig: dict[int,list[str]] -> list[tuple[int,list[str]]]
// sig: dict[str,list[float]] -> list[tuple[str,list[float]]]
// generic: yes
// tolerance: exact
// note: list(d.items()): the compiler passes d.items() to sorted(), list(), min(), max(), sum() and the like as this snapshot, which they consume at once as they would the view; each pair holds the dict's own values (a list value is the same object)
#include <tuple>

namespace oplib::opsynth::ops {
template <class K, class V>
inline rt::list<std::tuple<K, V>> dict_items(const rt::dict<K, V>& d) {
  rt::list<std::tuple<K, V>> out;
  out.reserve(d.len());
  d.for_each_item([&](const K& key, const V& value) { out.append(std::tuple<K, V>{key, value}); });
  return out;
}
}  // namespace oplib::opsynth::ops

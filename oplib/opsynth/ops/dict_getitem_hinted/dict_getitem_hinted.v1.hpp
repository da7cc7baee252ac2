// op: opsynth.ops.dict_getitem_hinted
// sig: dict[str,int], str, int -> int
// sig: dict[str,float], str, int -> float
// sig: dict[str,list[str]], str, int -> list[str]
// sig: dict[int,list[str]], int, int -> list[str]
// sig: dict[int,int], int, int -> int
// sig: dict[str,str], str, int -> str
// generic: yes
// tolerance: exact
// domain: {"int_min": -2, "int_max": 7}
// note: ints near the entry indexes generated, so the hint both finds and misses the key; d[key] (KeyError as d[key]) for a loop over d.items() or d.values() at step `hint`: the value is found at entry `hint` when the key sits there (a dict without deleted entries, read in order), else by the usual lookup; the hint never changes the result
namespace oplib::opsynth::ops {
template <class K, class V>
inline V dict_getitem_hinted(const rt::dict<K, V>& d, const K& key, std::int64_t hint) {
  return d.getitem_hinted(key, hint);
}
}  // namespace oplib::opsynth::ops

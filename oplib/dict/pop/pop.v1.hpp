// op: dict.pop
// sig: dict[int,float], int -> float
// sig: dict[str,str], str -> str
// sig: dict[int,float], int, float -> float
// sig: dict[str,list[int]], str, list[int] -> list[int]
// generic: yes
// tolerance: exact
// domain: {"alphabet": "ab", "int_min": -3, "int_max": 3}
// note: d.pop(k) removes the key and returns its value, KeyError(k) when missing; d.pop(k, default) returns the default instead; domain: few distinct keys so they are often present
namespace oplib::dict {
template <class K, class V>
inline V pop(const rt::dict<K, V>& self, const std::type_identity_t<K>& key) {
  return self.pop(key);
}
template <class K, class V>
inline V pop(const rt::dict<K, V>& self, const std::type_identity_t<K>& key, std::type_identity_t<V> default_) {
  return self.pop(key, std::move(default_));
}
}  // namespace oplib::dict

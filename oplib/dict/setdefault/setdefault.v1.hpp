// op: dict.setdefault
// sig: dict[str,list[str]], str, list[str] -> list[str]
// sig: dict[int,float], int, float -> float
// sig: dict[str,str], str, str -> str
// generic: yes
// tolerance: exact
// domain: {"alphabet": "ab", "int_min": -3, "int_max": 3}
// note: d.setdefault(k, default): the key's value, after inserting the default when the key is missing; a list value is the dict's own list (appending to the result changes the dict); domain: few distinct keys so they are often present
namespace oplib::dict {
template <class K, class V>
inline V setdefault(const rt::dict<K, V>& self, const std::type_identity_t<K>& key, std::type_identity_t<V> default_) {
  return self.setdefault(key, std::move(default_));
}
}  // namespace oplib::dict

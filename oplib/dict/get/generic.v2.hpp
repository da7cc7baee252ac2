// op: dict.get
// sig: dict[int,int], int, int -> int
// sig: dict[int,float], int, float -> float
// sig: dict[str,float], str, float -> float
// sig: dict[str,str], str, str -> str
// generic: yes
// tolerance: exact
// domain: {"alphabet": "ab"}
// note: the key's value or the default, for any key type (v1 took str keys only, and a histogram keyed by int, hist.get(n, 0), had no overload)
namespace oplib::dict {
template <class K, class V>
inline V get(const rt::dict<K, V>& self, const K& key, std::type_identity_t<V> default_) {
  return self.get(key, default_);
}
}  // namespace oplib::dict

// op: dict.get
// sig: dict[str,float], str, float -> float
// generic: yes
// tolerance: exact
// note: the key's value or the default
namespace oplib::dict {
template <class V>
inline V get(const rt::dict<rt::str, V>& self, const rt::str& key, std::type_identity_t<V> default_) {
  return self.get(key, default_);
}
}  // namespace oplib::dict

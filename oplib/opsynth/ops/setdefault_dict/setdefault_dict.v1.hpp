namespace oplib::opsynth::ops {
// The empty dict is made only when key is missing (rt::dict::setdefault_empty).
template <class K, class K2, class V2>
inline rt::dict<K2, V2> setdefault_dict(const rt::dict<K, rt::dict<K2, V2>>& d, const std::type_identity_t<K>& key) {
  return d.setdefault_empty(key);
}
}  // namespace oplib::opsynth::ops

namespace oplib::opsynth::ops {
// The empty list is made only when key is missing (rt::dict::setdefault_empty).
template <class K, class T>
inline rt::list<T> setdefault_list(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key) {
  return d.setdefault_empty(key);
}
}  // namespace oplib::opsynth::ops

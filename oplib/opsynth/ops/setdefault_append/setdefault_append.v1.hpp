namespace oplib::opsynth::ops {
// d.setdefault(key, []).append(x): the empty list made only when key is missing, and no copy of the
// list's handle.
template <class K, class T>
inline rt::none setdefault_append(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key,
                                  const std::type_identity_t<T>& x) {
  d.setdefault_empty(key).append(x);
  return rt::None;
}
}  // namespace oplib::opsynth::ops

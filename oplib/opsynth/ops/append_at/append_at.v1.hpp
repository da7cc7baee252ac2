namespace oplib::opsynth::ops {
// d[key].append(x) on the list the dict holds, without a copy of its handle (KeyError when key is missing).
template <class K, class T>
inline rt::none append_at(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key,
                          const std::type_identity_t<T>& x) {
  d.getitem(key).append(x);
  return rt::None;
}
}  // namespace oplib::opsynth::ops

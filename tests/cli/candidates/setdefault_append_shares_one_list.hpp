// op: opsynth.ops.setdefault_append
// sig: dict[str,list[int]], str, int -> None
// expect: FAIL
// why: every missing key gets the same list, made once: Python's `[]` is a new list at each call, so
// two keys added by one function would show each other's items
namespace oplib::opsynth::ops {
template <class K, class T>
inline rt::none setdefault_append(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key,
                                  const std::type_identity_t<T>& x) {
  static const rt::list<T> shared{};
  d.setdefault(key, shared).append(x);
  return rt::None;
}
}  // namespace oplib::opsynth::ops

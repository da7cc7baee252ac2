// op: opsynth.ops.append_at
// sig: dict[int,list[str]], int, str -> None
// expect: FAIL
// why: d[key].append(x) that stores a new list for a missing key instead of raising KeyError, as
// d.setdefault(key, []).append(x) would: right whenever the key is present
namespace oplib::opsynth::ops {
template <class K, class T>
inline rt::none append_at(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key,
                          const std::type_identity_t<T>& x) {
  d.setdefault_empty(key).append(x);
  return rt::None;
}
}  // namespace oplib::opsynth::ops

// op: opsynth.ops.append_at
// sig: dict[str,list[int]], str, int -> None
// expect: FAIL
// why: appends only while the dict's list holds fewer than 40 items: right on every short list
namespace oplib::opsynth::ops {
template <class K, class T>
inline rt::none append_at(const rt::dict<K, rt::list<T>>& d, const std::type_identity_t<K>& key,
                          const std::type_identity_t<T>& x) {
  const rt::list<T>& items = d.getitem(key);
  if (items.len() < 40) items.append(x);
  return rt::None;
}
}  // namespace oplib::opsynth::ops

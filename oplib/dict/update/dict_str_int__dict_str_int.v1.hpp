// op: dict.update
// sig: dict[str,int], dict[str,int] -> None
// tolerance: exact
// domain: {"alphabet": "ab", "max_text_length": 2}
// note: existing keys keep their position with the new value, new keys append in the other dict's order; d.update(d) is a no-op; domain: overlapping keys
namespace oplib::dict {
inline rt::none update(const rt::dict<rt::str, int64_t>& a0, const rt::dict<rt::str, int64_t>& a1) {
  a0.update(a1);
  return rt::None;
}
}  // namespace oplib::dict

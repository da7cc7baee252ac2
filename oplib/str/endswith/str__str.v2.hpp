// op: str.endswith
// sig: str, str -> bool
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3\ud83d\ude00 "}
// note: v2: with no start or end, a byte comparison of the argument's UTF-8 with the tail of self's, inline for short texts: the argument starts with a lead byte, so a byte suffix begins on a code-point boundary and is a code-point suffix. v1 counted code points to the end of a non-ASCII self on every call
namespace oplib::str {
inline bool endswith(const rt::str& self, const rt::str& fix) {
  const std::string_view b = self.utf8(), s = fix.utf8();
  return b.size() >= s.size() && rt::utf8::equal_bytes(b.data() + (b.size() - s.size()), s.data(), s.size());
}
}  // namespace oplib::str

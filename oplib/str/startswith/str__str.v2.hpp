// op: str.startswith
// sig: str, str -> bool
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3\ud83d\ude00 "}
// note: v2: with no start or end, a byte comparison of the argument's UTF-8 with the head of self's, inline for short texts: UTF-8 is prefix-free, so a byte prefix is a code-point prefix. v1 counted code points to the end of a non-ASCII self on every call and called memcmp for a few bytes (longest_common_prefix spent a sixth of its time in memcmp)
namespace oplib::str {
inline bool startswith(const rt::str& self, const rt::str& fix) {
  const std::string_view b = self.utf8(), s = fix.utf8();
  return b.size() >= s.size() && rt::utf8::equal_bytes(b.data(), s.data(), s.size());
}
}  // namespace oplib::str

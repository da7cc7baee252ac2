// op: str.isspace
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": " \t\n\r\u000b\u000c\u001c\u001f\u0085\u00a0\u1680\u2000\u200a\u200b\u2028\u3000\ufeffa"}
// note: every char is CPython whitespace (bidi WS/B/S or Zs: incl. x1c-x1f, x85, U+3000; not U+200B); empty -> False
namespace oplib::str {
inline bool isspace(const rt::str& self) {
  const std::string_view b = self.utf8();
  if (b.empty()) return false;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + k);
    if (!rt::unicode::is_space(cp)) return false;
    k += rt::utf8::sequence_length(lead);
  }
  return true;
}
}  // namespace oplib::str

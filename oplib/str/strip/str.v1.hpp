// op: str.strip
// sig: str -> str
// tolerance: exact
// note: (verified under the op's domain of str.strip(chars), whose alphabet has only the space as whitespace; the other half of the strings are arbitrary code points) strips CPython whitespace (str.isspace: incl. x1c-x1f, x85, U+3000; not U+200B/U+FEFF)
namespace oplib::str {
inline rt::str strip(const rt::str& self) {
  const std::string_view b = self.utf8();
  std::size_t i = 0, j = b.size();
  while (i < j) {
    const auto lead = static_cast<unsigned char>(b[i]);
    const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + i);
    if (!rt::unicode::is_space(cp)) break;
    i += rt::utf8::sequence_length(lead);
  }
  {
    while (j > i) {
      std::size_t p = j - 1;
      while (p > i && rt::utf8::is_continuation(static_cast<unsigned char>(b[p]))) --p;
      if (!rt::unicode::is_space(rt::utf8::decode(b.data() + p))) break;
      j = p;
    }
  }
  if (i == 0 && j == b.size()) return self;
  return rt::str(b.substr(i, j - i));
}
}  // namespace oplib::str

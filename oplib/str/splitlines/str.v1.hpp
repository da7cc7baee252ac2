// op: str.splitlines
// sig: str -> list[str]
// tolerance: exact
// domain: {"alphabet": "ab \r\n\u000b\u000c\u001c\u001d\u001e\u001f\u0085\u2028\u2029\t"}
// note: line boundaries as CPython (\n \r \r\n \v \f x1c-x1e x85 U+2028 U+2029, not x1f); no trailing empty line
namespace oplib::str {
inline rt::list<rt::str> splitlines(const rt::str& self) {
  const bool keepends = false;
  const std::string_view b = self.utf8();
  const std::size_t n = b.size();
  rt::list<rt::str> out;
  std::size_t i = 0, j = 0;
  while (i < n) {
    while (i < n) {
      const auto lead = static_cast<unsigned char>(b[i]);
      const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + i);
      if (rt::unicode::is_line_break(cp)) break;
      i += rt::utf8::sequence_length(lead);
    }
    std::size_t eol = i;
    if (i < n) {
      if (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n') i += 2;
      else i += rt::utf8::sequence_length(static_cast<unsigned char>(b[i]));
      if (keepends) eol = i;
    }
    out.append(j == 0 && eol == n ? self : rt::str(b.substr(j, eol - j)));
    j = i;
  }
  return out;
}
}  // namespace oplib::str

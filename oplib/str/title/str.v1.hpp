// op: str.title
// sig: str -> str
// tolerance: exact
// domain: {"alphabet": "aB \u03a3\u03c3\u03c2\u00dfI\u0130\u0131\u0307\u01c5\u01c6\u0149\ufb00\u0345\u1f80\u02b0'.1"}
// note: CPython's do_title: titlecase (full) after a non-cased char, else lower (with final-sigma rule); "cased" per Unicode Cased
namespace oplib::str {
inline rt::str title(const rt::str& self) {
  const std::string_view b = self.utf8();
  std::string out;
  out.reserve(b.size() + 8);
  bool prev_cased = false;
  if (self.is_ascii()) {
    for (char c : b) {
      const bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
      if (prev_cased) out += up ? static_cast<char>(c + 32) : c;
      else out += lo ? static_cast<char>(c - 32) : c;
      prev_cased = up || lo;
    }
    return rt::str(std::move(out));
  }
  char32_t m[3];
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const char32_t cp = rt::utf8::decode(b.data() + k);
    int n;
    if (prev_cased) {
      if (cp == 0x3a3) {
        m[0] = rt::unicode::final_sigma_lower(b, k);
        n = 1;
      } else {
        n = rt::unicode::to_lower(cp, m);
      }
    } else {
      n = rt::unicode::to_title(cp, m);
    }
    for (int i = 0; i < n; ++i) rt::utf8::append(out, m[i]);
    prev_cased = rt::unicode::is_cased(cp);
    k += rt::utf8::sequence_length(lead);
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str

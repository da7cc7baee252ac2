// op: str.capitalize
// sig: str -> str
// tolerance: exact
// domain: {"alphabet": "aB \u03a3\u03c3\u03c2\u00dfI\u0130\u0131\u0307\u01c5\u01c6\u0149\ufb00\u0345\u1f80\u02b0'.1"}
// note: CPython 3.8+ do_capitalize: first char titlecased (full mapping, ǆ -> ǅ), the rest lowered with the final-sigma rule
namespace oplib::str {
inline rt::str capitalize(const rt::str& self) {
  const std::string_view b = self.utf8();
  std::string out;
  if (b.empty()) return self;
  out.reserve(b.size() + 8);
  char32_t m[3];
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    if (lead < 0x80 && k > 0) {
      out += (lead >= 'A' && lead <= 'Z') ? static_cast<char>(lead + 32) : static_cast<char>(lead);
      ++k;
      continue;
    }
    const char32_t cp = rt::utf8::decode(b.data() + k);
    int n;
    if (k == 0) {
      n = rt::unicode::to_title(cp, m);
    } else if (cp == 0x3a3) {
      m[0] = rt::unicode::final_sigma_lower(b, k);
      n = 1;
    } else {
      n = rt::unicode::to_lower(cp, m);
    }
    for (int i = 0; i < n; ++i) rt::utf8::append(out, m[i]);
    k += rt::utf8::sequence_length(lead);
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str

// op: str.swapcase
// sig: str -> str
// tolerance: exact
// domain: {"alphabet": "aB \u03a3\u03c3\u03c2\u00dfI\u0130\u0131\u0307\u01c5\u0149\ufb00\u0345\u1f88\u02b0'.1"}
// note: CPython's do_swapcase: Uppercase chars lowered (with the final-sigma rule), Lowercase chars uppered (full mappings), others kept
namespace oplib::str {
inline rt::str swapcase(const rt::str& self) {
  const std::string_view b = self.utf8();
  std::string out(b);
  auto ascii_swap = [](unsigned char c) {
    if (c >= 'a' && c <= 'z') return static_cast<char>(c - 32);
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c + 32);
    return static_cast<char>(c);
  };
  if (self.is_ascii()) {
    for (char& c : out) c = ascii_swap(static_cast<unsigned char>(c));
    return rt::str(std::move(out));
  }
  out.clear();
  out.reserve(b.size() + 8);
  char32_t m[3];
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    if (lead < 0x80) {
      out += ascii_swap(lead);
      ++k;
      continue;
    }
    const std::size_t len = rt::utf8::sequence_length(lead);
    const char32_t cp = rt::utf8::decode(b.data() + k);
    int n = 0;
    if (rt::unicode::is_upper(cp)) {
      if (cp == 0x3a3) {
        m[0] = rt::unicode::final_sigma_lower(b, k);
        n = 1;
      } else {
        n = rt::unicode::to_lower(cp, m);
      }
    } else if (rt::unicode::is_lower(cp)) {
      n = rt::unicode::to_upper(cp, m);
    } else {
      out.append(b.substr(k, len));
    }
    for (int i = 0; i < n; ++i) rt::utf8::append(out, m[i]);
    k += len;
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str

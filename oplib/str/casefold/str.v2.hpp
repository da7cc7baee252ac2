// op: str.casefold
// sig: str -> str
// tolerance: exact
// domain: {"alphabet": "aB \u03a3\u03c3\u03c2\u00dfI\u0130\u0131\u0307\u01c5\u0149\ufb00\u0345\u1f88\u1e9e\u13f8'.1"}
// note: full case folding (ß -> ss, ﬀ -> ff, no final-sigma rule, like CPython), tables generated from this CPython; v2: text that is not all ASCII is lowercased a run of ASCII bytes at a time, eight bytes a step (rt::unicode::append_ascii_lower), and a code point at a time only where a byte is >= 0x80
namespace oplib::str {
inline rt::str casefold(const rt::str& self) {
  const std::string_view b = self.utf8();
  std::string out(b);
  if (self.is_ascii()) {
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return rt::str(std::move(out));
  }
  out.clear();
  out.reserve(b.size() + 8);
  char32_t m[3];
  for (std::size_t k = 0; k < b.size();) {
    k += rt::unicode::append_ascii_lower(out, b.substr(k));
    if (k == b.size()) break;
    const auto lead = static_cast<unsigned char>(b[k]);
    const int n = rt::unicode::to_fold(rt::utf8::decode(b.data() + k), m);
    for (int i = 0; i < n; ++i) rt::utf8::append(out, m[i]);
    k += rt::utf8::sequence_length(lead);
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str

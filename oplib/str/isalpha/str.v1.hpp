// op: str.isalpha
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": "aZ\u00e9\u0301\u02b0\u3042\u4e00\u0663\u00bd1 \u01c5\u2160\u0345"}
// note: every char is a letter (L*) per CPython's tables; empty -> False
namespace oplib::str {
inline bool isalpha(const rt::str& self) {
  const std::string_view b = self.utf8();
  if (b.empty()) return false;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + k);
    if (!rt::unicode::is_alpha(cp)) return false;
    k += rt::utf8::sequence_length(lead);
  }
  return true;
}
}  // namespace oplib::str

// op: str.isnumeric
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": "0123456789\u0663\u00b2\u00bd\u2155\u4e00\u4e07\u2460\uff11\u216b\u0f33\ud835\udfd8\u00b9\u09f4"}
// note: every char has a Numeric_Type (½, 万, Ⅻ ...) per CPython's tables; empty -> False
namespace oplib::str {
inline bool isnumeric(const rt::str& self) {
  const std::string_view b = self.utf8();
  if (b.empty()) return false;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + k);
    if (!rt::unicode::is_numeric(cp)) return false;
    k += rt::utf8::sequence_length(lead);
  }
  return true;
}
}  // namespace oplib::str

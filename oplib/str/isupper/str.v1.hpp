// op: str.isupper
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": "aB \u03a3\u03c3\u00df\u0130\u0131\u01c5\u01c6\u02b0\u0345\u1f88\u2160\u24b6.1"}
// note: CPython: no Lowercase or titlecase (Lt) char and at least one Uppercase char (Other_Uppercase like Ⓐ counts)
namespace oplib::str {
inline bool isupper(const rt::str& self) {
  const std::string_view b = self.utf8();
  bool cased = false;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const char32_t cp = lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + k);
    if (rt::unicode::is_lower(cp) || rt::unicode::is_title(cp)) return false;
    if (rt::unicode::is_upper(cp)) cased = true;
    k += rt::utf8::sequence_length(lead);
  }
  return cased;
}
}  // namespace oplib::str

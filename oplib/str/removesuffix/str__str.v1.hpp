// op: str.removesuffix
// sig: str, str -> str
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3 ", "max_text_length": 6}
// note: self without suffix when it ends with it (whole-code-point UTF-8 suffix); empty suffix leaves self unchanged
namespace oplib::str {
inline rt::str removesuffix(const rt::str& self, const rt::str& suffix) {
  const std::string_view b = self.utf8(), s = suffix.utf8();
  if (s.empty() || b.size() < s.size() || b.substr(b.size() - s.size()) != s) return self;
  return rt::str(b.substr(0, b.size() - s.size()));
}
}  // namespace oplib::str

// op: str.removeprefix
// sig: str, str -> str
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3 ", "max_text_length": 6}
// note: self without prefix when it starts with it (a byte prefix of UTF-8 that is a whole str is a code-point prefix)
namespace oplib::str {
inline rt::str removeprefix(const rt::str& self, const rt::str& prefix) {
  const std::string_view b = self.utf8(), p = prefix.utf8();
  if (p.empty() || b.substr(0, p.size()) != p) return self;
  return rt::str(b.substr(p.size()));
}
}  // namespace oplib::str

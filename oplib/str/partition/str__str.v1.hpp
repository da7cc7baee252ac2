// op: str.partition
// sig: str, str -> tuple[str,str,str]
// tolerance: exact
// domain: {"alphabet": "aab,\u00e9\u03a3 ", "max_text_length": 10}
// note: split at the first occurrence of sep: (head, sep, tail), or (self, '', '') when absent; empty sep raises ValueError
namespace oplib::str {
inline std::tuple<rt::str, rt::str, rt::str> partition(const rt::str& self, const rt::str& sep) {
  const std::string_view b = self.utf8(), s = sep.utf8();
  if (s.empty()) throw rt::ValueError("empty separator");
  const std::size_t pos = b.find(s);
  if (pos == std::string_view::npos) return {self, rt::str(), rt::str()};
  return {rt::str(b.substr(0, pos)), sep, rt::str(b.substr(pos + s.size()))};
}
}  // namespace oplib::str

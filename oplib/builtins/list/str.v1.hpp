// op: builtins.list
// sig: str -> list[str]
// tolerance: exact
// domain: {"alphabet": "ab \u00e9\u03c3\u4e2d\ud83d\ude00\u0000"}
// note: list(s) of a str: its characters in order, each a one-character str
namespace oplib::builtins {
inline rt::list<rt::str> list(const rt::str& s) {
  const std::string_view b = s.utf8();
  rt::list<rt::str> out;
  for (std::size_t k = 0; k < b.size();) {
    const std::size_t width = rt::utf8::sequence_length(static_cast<unsigned char>(b[k]));
    out.append(rt::str(b.substr(k, width)));
    k += width;
  }
  return out;
}
}  // namespace oplib::builtins

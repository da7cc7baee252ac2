// op: str.strip
// sig: str, str -> str
// tolerance: exact
// domain: {"alphabet": "ab \u00e9\u03a3\u4e00\ud83d\ude00", "max_text_length": 8}
// note: strips any code point that occurs in chars (code points, not bytes: multi-byte chars are never split)
namespace oplib::str {
inline rt::str strip(const rt::str& self, const rt::str& chars) {
  const std::string_view b = self.utf8();
  const std::string_view c = chars.utf8();
  std::uint64_t ascii_set[2] = {0, 0};
  std::vector<char32_t> wide;
  for (std::size_t k = 0; k < c.size();) {
    const auto lead = static_cast<unsigned char>(c[k]);
    if (lead < 0x80) ascii_set[lead >> 6] |= std::uint64_t{1} << (lead & 63);
    else wide.push_back(rt::utf8::decode(c.data() + k));
    k += rt::utf8::sequence_length(lead);
  }
  auto in_set = [&](const char* p) {
    const auto lead = static_cast<unsigned char>(*p);
    if (lead < 0x80) return ((ascii_set[lead >> 6] >> (lead & 63)) & 1) != 0;
    const char32_t cp = rt::utf8::decode(p);
    return std::find(wide.begin(), wide.end(), cp) != wide.end();
  };
  std::size_t i = 0, j = b.size();
  while (i < j && in_set(b.data() + i)) i += rt::utf8::sequence_length(static_cast<unsigned char>(b[i]));
  {
    while (j > i) {
      std::size_t p = j - 1;
      while (p > i && rt::utf8::is_continuation(static_cast<unsigned char>(b[p]))) --p;
      if (!in_set(b.data() + p)) break;
      j = p;
    }
  }
  if (i == 0 && j == b.size()) return self;
  return rt::str(b.substr(i, j - i));
}
}  // namespace oplib::str

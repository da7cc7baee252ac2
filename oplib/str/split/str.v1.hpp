// op: str.split
// sig: str -> list[str]
// tolerance: exact
// domain: {"alphabet": "ab \t\n\u001c\u0085\u00a0\u2028\u3000\u200b\u00e9"}
// note: splits on runs of CPython whitespace (str.isspace set), drops empty strings
namespace oplib::str {
inline rt::list<rt::str> split(const rt::str& self) {
  const std::int64_t maxsplit = -1;
  const std::string_view b = self.utf8();
  std::int64_t maxcount = maxsplit < 0 ? std::numeric_limits<std::int64_t>::max() : maxsplit;
  rt::list<rt::str> out;
  auto space_at = [&](std::size_t k) {
    const auto lead = static_cast<unsigned char>(b[k]);
    return rt::unicode::is_space(lead < 0x80 ? char32_t{lead} : rt::utf8::decode(b.data() + k));
  };
  auto next = [&](std::size_t k) { return k + rt::utf8::sequence_length(static_cast<unsigned char>(b[k])); };
  std::size_t i = 0;
  const std::size_t n = b.size();
  while (maxcount-- > 0) {
    while (i < n && space_at(i)) i = next(i);
    if (i == n) break;
    const std::size_t j = i;
    i = next(i);
    while (i < n && !space_at(i)) i = next(i);
    out.append(rt::str(b.substr(j, i - j)));
  }
  if (i < n) {
    while (i < n && space_at(i)) i = next(i);
    if (i != n) out.append(rt::str(b.substr(i)));
  }
  return out;
}
}  // namespace oplib::str

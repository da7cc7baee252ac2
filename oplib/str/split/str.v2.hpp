// op: str.split
// sig: str -> list[str]
// tolerance: exact
// domain: {"alphabet": "ab \t\n\u000b\u000c\r\u001c\u001f\u0085\u00a0\u1680\u2028\u3000\u200b\u00e9!~"}
// note: splits on runs of CPython whitespace (str.isspace set), drops empty strings; v2: a word's ASCII bytes are passed eight at a time (a word ends only at a byte <= 0x20 or >= 0x80, which alone are looked at one by one), and the list is sized from an estimate first; v1 decoded and classified every code point
namespace oplib::str {
inline rt::list<rt::str> split(const rt::str& self) {
  const std::string_view b = self.utf8();
  const char* p = b.data();
  const std::size_t n = b.size();
  // CPython's whitespace below 0x80: \t \n \v \f \r, \x1c-\x1f and the space; above, the Unicode table.
  auto space_width = [&](std::size_t k) -> std::size_t {
    const auto c = static_cast<unsigned char>(p[k]);
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) ? 1 : 0;
    return rt::unicode::is_space(rt::utf8::decode(p + k)) ? rt::utf8::sequence_length(c) : 0;
  };
  // Bytes that may end a word: <= 0x20 (every ASCII space) or >= 0x80 (a multi-byte character, which
  // may be a space). The others are letters, digits and punctuation, never whitespace.
  auto may_end = [](std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    return ((w - kOnes * 0x21) | w) & kHigh;  // high bit of each byte < 0x21 or >= 0x80 (no false misses)
  };
  rt::list<rt::str> out;
  out.reserve(static_cast<std::int64_t>(n / 8));
  std::size_t i = 0;
  for (;;) {
    for (std::size_t w; i < n && (w = space_width(i)) != 0;) i += w;
    if (i == n) break;
    const std::size_t start = i;
    for (;;) {
      while (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::uint64_t m = may_end(w);
        if (m == 0) {
          i += 8;
          continue;
        }
        i += static_cast<std::size_t>(std::countr_zero(m)) / 8;
        break;
      }
      if (i >= n) break;
      const auto c = static_cast<unsigned char>(p[i]);
      if (c > 0x20 && c < 0x80) {  // a tail shorter than eight bytes, or a false candidate
        ++i;
        continue;
      }
      if (space_width(i) != 0) break;
      i += c < 0x80 ? 1 : rt::utf8::sequence_length(c);
    }
    if (i > n) i = n;
    out.append(rt::str(b.substr(start, i - start)));
  }
  return out;
}
}  // namespace oplib::str

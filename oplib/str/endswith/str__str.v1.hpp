// op: str.endswith
// sig: str, str -> bool
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3\ud83d\ude00 ", "max_text_length": 10}
// note: CPython tailmatch: self[start:end] (ADJUST_INDICES) ends with the argument; false when end - len(arg) < start, even for an empty argument
namespace oplib::str {
inline bool endswith(const rt::str& self, const rt::str& fix) {
  const std::int64_t start = 0, end = std::numeric_limits<std::int64_t>::max();
  auto match = [&](const rt::str& fix) -> bool {
    const std::string_view b = self.utf8(), s = fix.utf8();
    const bool ascii = self.is_ascii();
    const std::int64_t n = ascii ? static_cast<std::int64_t>(b.size()) : self.len();
    std::int64_t st = start, en = end;
    if (en > n) en = n;
    else if (en < 0) { en += n; if (en < 0) en = 0; }
    if (st < 0) { st += n; if (st < 0) st = 0; }
    if (en - fix.len() < st) return false;
    if (s.empty()) return true;
    auto to_byte = [&](std::int64_t k) -> std::size_t {
      if (ascii) return static_cast<std::size_t>(k);
      std::size_t at = 0;
      for (; k > 0; --k) at += rt::utf8::sequence_length(static_cast<unsigned char>(b[at]));
      return at;
    };
    const std::size_t bs = to_byte(st), be = to_byte(en);
    const std::string_view w = b.substr(bs, be - bs);
    return w.size() >= s.size() && w.substr(w.size() - s.size()) == s;
  };
  return match(fix);
}
}  // namespace oplib::str

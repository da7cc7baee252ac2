// op: str.rfind
// sig: str, str, int -> int
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3\ud83d\ude00 ", "max_text_length": 10, "int_min": -14, "int_max": 14}
// note: highest code-point index of sub in self[start:end] (CPython ADJUST_INDICES), else -1
namespace oplib::str {
inline std::int64_t rfind(const rt::str& self, const rt::str& sub, std::int64_t start) {
  std::int64_t end = std::numeric_limits<std::int64_t>::max();
  const std::string_view b = self.utf8(), s = sub.utf8();
  const bool ascii = self.is_ascii();
  const std::int64_t n = ascii ? static_cast<std::int64_t>(b.size()) : self.len();
  const std::int64_t m = sub.len();
  // ADJUST_INDICES: end clamped to n, negatives count from the end (clamped at 0); start may exceed n.
  if (end > n) end = n;
  else if (end < 0) { end += n; if (end < 0) end = 0; }
  if (start < 0) { start += n; if (start < 0) start = 0; }
  auto to_byte = [&](std::int64_t k) -> std::size_t {  // byte offset of code point k (0 <= k <= n)
    if (ascii) return static_cast<std::size_t>(k);
    std::size_t at = 0;
    for (; k > 0; --k) at += rt::utf8::sequence_length(static_cast<unsigned char>(b[at]));
    return at;
  };
  auto to_cp = [&](std::size_t from, std::size_t to) -> std::int64_t {  // code points in b[from, to)
    return ascii ? static_cast<std::int64_t>(to - from) : rt::utf8::count_code_points(b.substr(from, to - from));
  };
  if (end - start < m) return -1;
  const std::size_t bs = to_byte(start), be = to_byte(end);
  const std::size_t pos = b.substr(bs, be - bs).rfind(s);
  if (pos == std::string_view::npos) return -1;
  return start + to_cp(bs, bs + pos);
}
}  // namespace oplib::str

// op: str.zfill
// sig: str, int -> str
// tolerance: exact
// domain: {"alphabet": "+-12a\u00e9\u0663 ", "max_text_length": 8, "int_min": -5, "int_max": 24}
// note: left-pads with '0' to width code points; a leading '+'/'-' stays in front; widths limited so results stay small (huge widths are MemoryError in CPython)
namespace oplib::str {
inline rt::str zfill(const rt::str& self, std::int64_t width) {
  const std::int64_t n = self.len();
  if (n >= width) return self;
  const std::string_view b = self.utf8();
  const auto fill = static_cast<std::size_t>(width - n);
  std::string out;
  try {
    out.reserve(fill + b.size());
  } catch (const std::exception&) {
    throw rt::MemoryError();
  }
  std::size_t k = 0;
  if (!b.empty() && (b[0] == '+' || b[0] == '-')) {
    out += b[0];
    k = 1;
  }
  out.append(fill, '0');
  out.append(b.substr(k));
  return rt::str(std::move(out));
}
}  // namespace oplib::str

// op: str.center
// sig: str, int, str -> str
// tolerance: exact
// domain: {"alphabet": "ab*\u00e9\u03a3\ud83d\ude00", "max_text_length": 3, "int_min": -5, "int_max": 24}
// note: pads to width code points, centred with left = marg/2 + (marg & width & 1) as CPython; fillchar must be one code point (TypeError, checked before width); widths limited so results stay small (huge widths are MemoryError in CPython)
namespace oplib::str {
inline rt::str center(const rt::str& self, std::int64_t width, const rt::str& fillchar) {
  if (fillchar.len() != 1) throw rt::TypeError("The fill character must be exactly one character long");
  const std::string_view f = fillchar.utf8();
  const std::int64_t n = self.len();
  if (n >= width) return self;
  const std::int64_t marg = width - n;
  const std::int64_t left = marg / 2 + (marg & width & 1);
  const std::int64_t right = marg - left;
  const std::string_view b = self.utf8();
  std::string out;
  try {
    out.reserve(static_cast<std::size_t>(marg) * f.size() + b.size());
  } catch (const std::exception&) {
    throw rt::MemoryError();
  }
  for (std::int64_t k = 0; k < left; ++k) out.append(f);
  out.append(b);
  for (std::int64_t k = 0; k < right; ++k) out.append(f);
  return rt::str(std::move(out));
}
}  // namespace oplib::str

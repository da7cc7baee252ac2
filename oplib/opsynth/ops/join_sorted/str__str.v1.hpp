// op: opsynth.ops.join_sorted
// sig: str, str -> str
// tolerance: exact
// domain: {"alphabet": "ba, c\u00e9\u00e8\u03c3\u0391\ud83d\ude00\u4e2d\u0000"}
// note: sep.join(sorted(s)) of two strs: the characters of s in code-point order with sep between them, sorted and joined without a list of one-character strs; ASCII text by counting its bytes, other text by sorting its code points
namespace oplib::opsynth::ops {
inline rt::str join_sorted(const rt::str& sep, const rt::str& s) {
  const std::string_view b = s.utf8(), j = sep.utf8();
  std::string out;
  if (s.is_ascii()) {
    std::string chars(b);
    if (chars.size() <= 64) {
      std::sort(chars.begin(), chars.end());
    } else {
      std::array<std::size_t, 128> count{};
      for (char c : chars) ++count[static_cast<unsigned char>(c)];
      std::size_t at = 0;
      for (std::size_t c = 0; c < 128; ++c) {
        std::fill_n(chars.begin() + static_cast<std::ptrdiff_t>(at), count[c], static_cast<char>(c));
        at += count[c];
      }
    }
    if (j.empty()) return rt::str(std::move(chars));
    out.reserve(chars.size() * (1 + j.size()));
    for (std::size_t k = 0; k < chars.size(); ++k) {
      if (k > 0) out.append(j);
      out += chars[k];
    }
    return rt::str(std::move(out));
  }
  std::vector<char32_t> cps;
  cps.reserve(b.size());
  for (std::size_t k = 0; k < b.size(); k += rt::utf8::sequence_length(static_cast<unsigned char>(b[k])))
    cps.push_back(rt::utf8::decode(b.data() + k));
  std::sort(cps.begin(), cps.end());
  out.reserve(b.size() + cps.size() * j.size());
  for (std::size_t k = 0; k < cps.size(); ++k) {
    if (k > 0) out.append(j);
    rt::utf8::append(out, cps[k]);
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::opsynth::ops

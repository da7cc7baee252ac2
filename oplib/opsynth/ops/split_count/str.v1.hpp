// op: opsynth.ops.split_count
// sig: str -> int
// tolerance: exact
// domain: {"alphabet": "ab \t\n\u000b\u001c\u001f\u0085\u00a0\u1680\u2028\u3000\u200b\u00e9\ud83d\ude00"}
// note: len(s.split()): the runs of characters outside CPython's whitespace (the str.isspace set, as split() with no separator uses), counted without building the list of words
namespace oplib::opsynth::ops {
inline int64_t split_count(const rt::str& s) {
  const std::string_view b = s.utf8();
  int64_t words = 0;
  bool in_word = false;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    bool space;
    if (lead < 0x80) {
      space = rt::unicode::is_space(char32_t{lead});
      k += 1;
    } else {
      space = rt::unicode::is_space(rt::utf8::decode(b.data() + k));
      k += rt::utf8::sequence_length(lead);
    }
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}
}  // namespace oplib::opsynth::ops

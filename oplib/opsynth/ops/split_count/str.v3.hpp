namespace oplib::opsynth::ops {
inline int64_t split_count(const rt::str& s) {
  const std::string_view b = s.utf8();
  const char* p = b.data();
  const std::size_t n = b.size();
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  // The high bit of each byte >= c, exact for bytes below 0x80: (b | 0x80) - c never borrows.
  auto at_least = [](std::uint64_t w, std::uint64_t c) { return ((w | kHigh) - kOnes * c) & kHigh; };
  int64_t words = 0;
  bool in_word = false;
  std::size_t k = 0;
  while (k < n) {
    if (k + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + k, 8);
      if ((w & kHigh) == 0) {
        // CPython's whitespace below 0x80: \t \n \v \f \r (0x09-0x0d), 0x1c-0x1f and the space.
        const std::uint64_t space = (at_least(w, 0x09) & ~at_least(w, 0x0e)) | (at_least(w, 0x1c) & ~at_least(w, 0x21));
        const std::uint64_t space_before = (space << 8) | (in_word ? 0 : 0x80);
        // The word starts are high bits of bytes; summed by one multiply into the top byte (at most 8): the
        // baseline x86-64 target has no popcnt instruction, and std::popcount was a call into libgcc.
        words += static_cast<int64_t>((((~space & kHigh & space_before) >> 7) * kOnes) >> 56);
        in_word = (space >> 63) == 0;
        k += 8;
        continue;
      }
    }
    const auto lead = static_cast<unsigned char>(p[k]);
    bool space;
    if (lead < 0x80) {
      space = rt::unicode::is_space(char32_t{lead});
      k += 1;
    } else {
      space = rt::unicode::is_space(rt::utf8::decode(p + k));
      k += rt::utf8::sequence_length(lead);
    }
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}
}  // namespace oplib::opsynth::ops

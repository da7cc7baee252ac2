// op: builtins.sorted
// sig: str -> list[str]
// tolerance: exact
// note: v2: sorts code points, not one-character strs (a quarter of an anagram-grouping function went to memcmp calls comparing those), ASCII words by insertion sort of their bytes, longer ASCII text by counting; code-point order is the order v1 gave (UTF-8 byte order), and equal characters are indistinguishable, so stability does not matter
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace oplib::builtins {
namespace detail_str {
inline rt::str one_character(char32_t cp) {
  char bytes[4];
  std::size_t n = 0;
  if (cp < 0x80) {
    bytes[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    bytes[n++] = static_cast<char>(0xc0 | (cp >> 6));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    bytes[n++] = static_cast<char>(0xe0 | (cp >> 12));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    bytes[n++] = static_cast<char>(0xf0 | (cp >> 18));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3f));
  }
  return rt::str(std::string_view(bytes, n));
}
}  // namespace detail_str

inline rt::list<rt::str> sorted(const rt::str& iterable) {
  const std::string_view b = iterable.utf8();
  rt::list<rt::str> out;
  out.reserve(iterable.len());
  if (b.size() <= 32 && iterable.is_ascii()) {  // a word: its bytes sorted in place
    std::array<char, 32> bytes;
    const std::size_t n = b.size();
    std::copy(b.begin(), b.end(), bytes.begin());
    for (std::size_t i = 1; i < n; ++i) {
      const char c = bytes[i];
      std::size_t j = i;
      for (; j > 0 && bytes[j - 1] > c; --j) bytes[j] = bytes[j - 1];
      bytes[j] = c;
    }
    for (std::size_t i = 0; i < n; ++i) out.append(rt::str(std::string_view(&bytes[i], 1)));
    return out;
  }
  if (iterable.is_ascii()) {  // longer ASCII text: by counting
    std::array<std::int64_t, 128> count{};
    for (char c : b) ++count[static_cast<unsigned char>(c)];
    for (std::size_t c = 0; c < count.size(); ++c) {
      if (count[c] == 0) continue;
      const rt::str ch = detail_str::one_character(static_cast<char32_t>(c));
      for (std::int64_t k = 0; k < count[c]; ++k) out.append(ch);
    }
    return out;
  }
  std::vector<char32_t> cps;
  cps.reserve(b.size());
  for (std::size_t at = 0; at < b.size(); at += rt::utf8::sequence_length(static_cast<unsigned char>(b[at])))
    cps.push_back(rt::utf8::decode(b.data() + at));
  std::sort(cps.begin(), cps.end());
  for (char32_t cp : cps) out.append(detail_str::one_character(cp));
  return out;
}
}  // namespace oplib::builtins

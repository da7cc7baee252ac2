// rt::unicode: per-code-point character properties and case mappings exactly as the embedded CPython's
// str methods see them (tables generated from that CPython by scripts/gen-unicode-tables).
//
//   is_alpha / is_decimal / is_digit / is_numeric / is_alnum / is_space / is_printable:
//       str.isalpha() ... for a one-character str (is_space is also split()/strip() whitespace)
//   is_upper / is_lower / is_title / is_cased / is_case_ignorable: the properties str.isupper,
//       islower, istitle, title and the final-sigma rule of lower use (Uppercase, Lowercase, Lt, Cased,
//       Case_Ignorable)
//   is_xid_start / is_xid_continue: str.isidentifier's first (besides '_') and later characters
//   is_line_break: where str.splitlines splits (\n \r \v \f \x1c-\x1e \x85 U+2028 U+2029)
//   decimal_value / digit_value: unicodedata.decimal / digit, -1 when there is none
//   to_upper / to_lower / to_title / to_fold: the full mapping (1..3 code points) into out[3], returns
//       its length (ß -> SS, İ -> i̇, ŉ -> ʼN). to_lower maps Σ to σ; str.lower's final sigma is
//       final_sigma_lower below.
//   append_ascii_lower(out, text): text's leading ASCII run lowercased onto out, a word at a time.
//   is_identifier(text): str.isidentifier; final_sigma_lower(text, at): str.lower's choice for the Σ
//       at byte offset `at` of UTF-8 text (ς in the Final_Sigma context, else σ).
// Code points outside 0..0x10FFFF have no properties and map to themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "str.hpp"
#include "unicode_tables.hpp"

namespace rt::unicode {

inline const tables::record& record_of(char32_t cp) {
  if (cp >= 0x110000) return tables::kRecords[0];  // U+0000's record: no properties, identity mappings
  constexpr unsigned mask = (1u << tables::kShift) - 1;
  const unsigned block = tables::kIndex1[cp >> tables::kShift];
  return tables::kRecords[tables::kIndex2[(block << tables::kShift) | (cp & mask)]];
}

namespace detail {
inline bool has(char32_t cp, std::uint32_t flag) { return (record_of(cp).flags & flag) != 0; }

inline int expand(char32_t cp, std::int32_t m, bool ext, char32_t* out) {
  if (!ext) {
    out[0] = static_cast<char32_t>(static_cast<std::int32_t>(cp) + m);
    return 1;
  }
  const int n = m & 3;
  const char32_t* s = tables::kSpecial + (m >> 2);
  for (int k = 0; k < n; ++k) out[k] = s[k];
  return n;
}
}  // namespace detail

inline bool is_alpha(char32_t cp) { return detail::has(cp, tables::kAlpha); }
inline bool is_decimal(char32_t cp) { return detail::has(cp, tables::kDecimal); }
inline bool is_digit(char32_t cp) { return detail::has(cp, tables::kDigit); }
inline bool is_numeric(char32_t cp) { return detail::has(cp, tables::kNumeric); }
inline bool is_alnum(char32_t cp) {
  return detail::has(cp, tables::kAlpha | tables::kDecimal | tables::kDigit | tables::kNumeric);
}
inline bool is_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
  return detail::has(cp, tables::kSpace);
}
inline bool is_upper(char32_t cp) { return detail::has(cp, tables::kUpper); }
inline bool is_lower(char32_t cp) { return detail::has(cp, tables::kLower); }
inline bool is_title(char32_t cp) { return detail::has(cp, tables::kTitle); }
inline bool is_cased(char32_t cp) { return detail::has(cp, tables::kCased); }
inline bool is_case_ignorable(char32_t cp) { return detail::has(cp, tables::kCaseIgnorable); }
inline bool is_printable(char32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp != 0x7f;
  return detail::has(cp, tables::kPrintable);
}
inline bool is_xid_start(char32_t cp) { return detail::has(cp, tables::kXidStart); }
inline bool is_xid_continue(char32_t cp) { return detail::has(cp, tables::kXidContinue); }
inline bool is_line_break(char32_t cp) { return detail::has(cp, tables::kLineBreak); }
inline int decimal_value(char32_t cp) { return record_of(cp).decimal; }
inline int digit_value(char32_t cp) { return record_of(cp).digit; }

inline int to_upper(char32_t cp, char32_t out[3]) {
  const auto& r = record_of(cp);
  return detail::expand(cp, r.upper, (r.flags & tables::kExtUpper) != 0, out);
}
inline int to_lower(char32_t cp, char32_t out[3]) {
  const auto& r = record_of(cp);
  return detail::expand(cp, r.lower, (r.flags & tables::kExtLower) != 0, out);
}
inline int to_title(char32_t cp, char32_t out[3]) {
  const auto& r = record_of(cp);
  return detail::expand(cp, r.title, (r.flags & tables::kExtTitle) != 0, out);
}
inline int to_fold(char32_t cp, char32_t out[3]) {
  const auto& r = record_of(cp);
  return detail::expand(cp, r.fold, (r.flags & tables::kExtFold) != 0, out);
}

// Appends the leading ASCII bytes of `text`, lowercased, to `out`, eight at a time, and returns how many
// it took: it stops at the first byte >= 0x80 (a non-ASCII character for the caller) or the end. Text that
// is mostly ASCII with an accent or a curly quote here and there spends its lower() and casefold() here
// rather than a byte and a capacity check at a time. In a word of bytes below 0x80, adding 0x3f sets a
// byte's top bit exactly when it is >= 'A', adding 0x25 when it is > 'Z' (no carry crosses a byte); the
// bytes between get 0x20.
inline std::size_t append_ascii_lower(std::string& out, std::string_view text) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t k = 0;
  for (; n - k >= 8; k += 8) {
    std::uint64_t w = utf8::load64(p + k);
    if (w & kHigh) break;
    const std::uint64_t upper = (w + kOnes * (0x80 - 'A')) & ~(w + kOnes * (0x80 - 'Z' - 1)) & kHigh;
    w |= upper >> 2;
    char bytes[8];
    std::memcpy(bytes, &w, 8);
    out.append(bytes, 8);
  }
  for (; k < n; ++k) {
    const auto c = static_cast<unsigned char>(p[k]);
    if (c >= 0x80) break;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return k;
}

// CPython's handle_capital_sigma: the Σ (U+03A3) at byte offset `at` of UTF-8 `text` lowers to ς
// (U+03C2) when preceded by a cased letter and not followed by one, case-ignorable characters skipped
// on both sides; else to σ (U+03C3).
inline char32_t final_sigma_lower(std::string_view text, std::size_t at) {
  const char* b = text.data();
  std::size_t j = at;
  char32_t c = 0;
  bool found = false;
  while (j > 0) {
    --j;
    while (j > 0 && utf8::is_continuation(static_cast<unsigned char>(b[j]))) --j;
    c = utf8::decode(b + j);
    if (!is_case_ignorable(c)) {
      found = true;
      break;
    }
  }
  if (!found || !is_cased(c)) return 0x3c3;
  for (std::size_t k = at + 2; k < text.size();) {  // Σ is 2 bytes
    c = utf8::decode(b + k);
    if (!is_case_ignorable(c)) return is_cased(c) ? 0x3c3 : 0x3c2;
    k += utf8::sequence_length(static_cast<unsigned char>(b[k]));
  }
  return 0x3c2;
}

// str.isidentifier.
inline bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  std::size_t k = 0;
  const char32_t first = utf8::decode(text.data());
  if (!is_xid_start(first) && first != '_') return false;
  k += utf8::sequence_length(static_cast<unsigned char>(text[0]));
  while (k < text.size()) {
    if (!is_xid_continue(utf8::decode(text.data() + k))) return false;
    k += utf8::sequence_length(static_cast<unsigned char>(text[k]));
  }
  return true;
}

}  // namespace rt::unicode

// RapidCheck generators for test inputs with the edge values RapidCheck never makes on its own.
#pragma once

#include <rapidcheck.h>

#include "core/utf8.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace opsynth::testing {

// Doubles over the whole exponent range (random bit patterns), plus NaN, ±inf, ±0.0,
// subnormals, extremes and small integers, each drawn often enough to matter.
inline rc::Gen<double> any_double() {
  using L = std::numeric_limits<double>;
  return rc::gen::weightedOneOf<double>({
      {4, rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t b) { return std::bit_cast<double>(b); })},
      {2, rc::gen::map(rc::gen::inRange<int>(-1000, 1000), [](int i) { return static_cast<double>(i); })},
      {2, rc::gen::map(rc::gen::inRange<int>(-4000, 4000), [](int i) { return i / 8.0; })},
      {2, rc::gen::element<double>(L::quiet_NaN(), -L::quiet_NaN(), L::infinity(), -L::infinity(), 0.0, -0.0,
                                   L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::max(), -L::max(),
                                   L::epsilon(), 1.0, -1.0, 0.5, 2.5, -2.5, 1e16, 1e-5, 9007199254740993.0)},
  });
}

// Finite doubles only (same spread, no NaN/inf).
inline rc::Gen<double> finite_double() {
  return rc::gen::suchThat(any_double(), [](double d) { return std::isfinite(d); });
}

// int64 values near zero, near the extremes, and anywhere.
inline rc::Gen<std::int64_t> any_int64() {
  using L = std::numeric_limits<std::int64_t>;
  return rc::gen::weightedOneOf<std::int64_t>({
      {3, rc::gen::arbitrary<std::int64_t>()},
      {3, rc::gen::inRange<std::int64_t>(-100, 101)},
      {2, rc::gen::map(rc::gen::inRange<std::int64_t>(0, 64), [](std::int64_t k) { return L::max() - k; })},
      {2, rc::gen::map(rc::gen::inRange<std::int64_t>(0, 64), [](std::int64_t k) { return L::min() + k; })},
      {1, rc::gen::map(rc::gen::inRange<int>(0, 63), [](int k) { return std::int64_t{1} << k; })},
      {1, rc::gen::map(rc::gen::inRange<int>(0, 63), [](int k) { return -(std::int64_t{1} << k); })},
  });
}

// One code point from ASCII, Latin-1, combining marks, CJK, astral plane (emoji, math), or odd spaces.
inline rc::Gen<char32_t> any_code_point() {
  return rc::gen::weightedOneOf<char32_t>({
      {4, rc::gen::inRange<char32_t>(0x20, 0x7f)},
      {1, rc::gen::inRange<char32_t>(0x0, 0x20)},
      {2, rc::gen::inRange<char32_t>(0xa0, 0x250)},
      {1, rc::gen::inRange<char32_t>(0x300, 0x370)},  // combining marks
      {1, rc::gen::inRange<char32_t>(0x4e00, 0x4e80)},
      {1, rc::gen::inRange<char32_t>(0x1f600, 0x1f650)},  // astral: emoji
      {1, rc::gen::element<char32_t>(U'ß', U'İ', U'ı', U'ﬁ', U'Σ', U'ς', U'\u2028', U'\u3000', U'\u00a0', U'\U0001D400')},
  });
}

inline std::string utf8_encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

// UTF-8 text (valid, no surrogates) of 0..max_len code points.
inline rc::Gen<std::string> any_text(int max_len = 12) {
  return rc::gen::map(rc::gen::resize(max_len, rc::gen::container<std::u32string>(any_code_point())), utf8_encode);
}

}  // namespace opsynth::testing

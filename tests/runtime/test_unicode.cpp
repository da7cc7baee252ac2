// rt::unicode against CPython for every code point 0..0x10FFFF: each property and each case mapping,
// plus the string-level rules (final sigma, isidentifier) on random text.
#include <gtest/gtest.h>
#include <pybind11/embed.h>
#include <pybind11/eval.h>
#include <rapidcheck/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "edge_gen.hpp"
#include "python_env.hpp"
#include "runtime/rt/str.hpp"
#include "runtime/rt/unicode.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::py_eval;

constexpr char32_t kMax = 0x110000;

// bytes of 0/1, one per code point: `pred` is a Python expression in c (a one-character str).
std::string py_flags(const std::string& pred) {
  return py_eval("bytes(1 if (" + pred + ") else 0 for c in map(chr, range(0x110000)))").cast<std::string>();
}

void expect_property(const std::string& pred, const std::function<bool(char32_t)>& rt_prop) {
  const std::string expected = py_flags(pred);
  ASSERT_EQ(expected.size(), kMax);
  int mismatches = 0;
  for (char32_t cp = 0; cp < kMax; ++cp) {
    if ((expected[cp] != 0) != rt_prop(cp)) {
      ADD_FAILURE() << pred << " differs at U+" << std::hex << static_cast<std::uint32_t>(cp);
      if (++mismatches > 10) return;
    }
  }
}

// The mapping of every code point as one UTF-32 string per code point, joined with U+FFFFFFFF... kept
// simple: Python returns a list of lists of ints.
void expect_mapping(const std::string& method, int (*rt_map)(char32_t, char32_t*)) {
  // Flat: for each code point its length then its code points.
  const py::list flat = py_eval("[x for c in map(chr, range(0x110000)) for m in [c." + method +
                                "()] for x in [len(m), *map(ord, m)]]")
                            .cast<py::list>();
  std::vector<std::uint32_t> v;
  v.reserve(flat.size());
  for (auto x : flat) v.push_back(x.cast<std::uint32_t>());
  std::size_t k = 0;
  int mismatches = 0;
  for (char32_t cp = 0; cp < kMax; ++cp) {
    char32_t out[3];
    const int n = rt_map(cp, out);
    const std::uint32_t en = v[k++];
    bool same = static_cast<std::uint32_t>(n) == en;
    for (std::uint32_t i = 0; i < en; ++i) same = same && i < static_cast<std::uint32_t>(n) && out[i] == v[k + i];
    k += en;
    if (!same) {
      ADD_FAILURE() << method << " differs at U+" << std::hex << static_cast<std::uint32_t>(cp);
      if (++mismatches > 10) return;
    }
  }
}

py::object to_py(const rt::str& s) {
  return py::bytes(std::string(s.utf8())).attr("decode")("utf-8", "surrogatepass");
}

// Text rich in cased, case-ignorable and sigma characters.
rc::Gen<rt::str> sigma_text() {
  const std::u32string alphabet = U"aAΣσς .'\u0345\u02b0\u0307\u00ad1_ßİ\u1f88\U0001d400\u2028";
  return rc::gen::map(
      rc::gen::container<std::u32string>(rc::gen::oneOf(
          rc::gen::elementOf(alphabet), opsynth::testing::any_code_point())),
      [](const std::u32string& cps) { return rt::str::from_code_points(cps); });
}

// append_ascii_lower: every ASCII byte at every position of the eight-byte words and of the tail comes out
// as its lowercase, and the run stops at the first byte >= 0x80, where the caller takes over.
TEST(Unicode, ascii_runs_lower_a_word_at_a_time_and_stop_at_the_first_non_ascii_byte) {
  for (int c = 0; c < 128; ++c) {
    for (std::size_t at = 0; at < 19; ++at) {
      std::string text(19, 'Q');
      text[at] = static_cast<char>(c);
      std::string out = "x";
      ASSERT_EQ(rt::unicode::append_ascii_lower(out, text), text.size());
      std::string want = "x";
      for (char b : text) want += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
      ASSERT_EQ(out, want) << "byte " << c << " at " << at;
    }
  }
  for (std::size_t at = 0; at < 19; ++at) {
    std::string text(19, 'A');
    text[at] = '\xc3';
    std::string out;
    EXPECT_EQ(rt::unicode::append_ascii_lower(out, text), at);
    EXPECT_EQ(out, std::string(at, 'a'));
  }
}

}  // namespace

TEST(Unicode, tables_match_this_python) {
  EXPECT_EQ(std::string(rt::unicode::tables::kUnicodeVersion),
            py_eval("__import__('unicodedata').unidata_version").cast<std::string>());
}

TEST(Unicode, isalpha) { expect_property("c.isalpha()", rt::unicode::is_alpha); }
TEST(Unicode, isdecimal) { expect_property("c.isdecimal()", rt::unicode::is_decimal); }
TEST(Unicode, isdigit) { expect_property("c.isdigit()", rt::unicode::is_digit); }
TEST(Unicode, isnumeric) { expect_property("c.isnumeric()", rt::unicode::is_numeric); }
TEST(Unicode, isalnum) { expect_property("c.isalnum()", rt::unicode::is_alnum); }
TEST(Unicode, isspace) { expect_property("c.isspace()", rt::unicode::is_space); }
TEST(Unicode, isprintable) { expect_property("c.isprintable()", rt::unicode::is_printable); }
TEST(Unicode, isupper) { expect_property("c.isupper()", rt::unicode::is_upper); }
TEST(Unicode, islower) { expect_property("c.islower()", rt::unicode::is_lower); }
TEST(Unicode, title_is_category_lt) {
  expect_property("__import__('unicodedata').category(c) == 'Lt'", rt::unicode::is_title);
}
// One-character istitle: upper or titlecase.
TEST(Unicode, istitle) {
  expect_property("c.istitle()", [](char32_t cp) { return rt::unicode::is_upper(cp) || rt::unicode::is_title(cp); });
}
// Cased: title() lowers the letter after a cased character.
TEST(Unicode, cased) { expect_property("(c + 'A').title()[-1] == 'a'", rt::unicode::is_cased); }
// Case_Ignorable: 'A' c 'Σ' has a final sigma iff c is case-ignorable or cased; 'AΣ' c iff c is
// case-ignorable or not cased.
TEST(Unicode, case_ignorable) {
  expect_property("('A' + c + '\\u03a3').lower()[-1] == '\\u03c2'",
                  [](char32_t cp) { return rt::unicode::is_case_ignorable(cp) || rt::unicode::is_cased(cp); });
  expect_property("('A\\u03a3' + c).lower()[1] == '\\u03c2'",
                  [](char32_t cp) { return rt::unicode::is_case_ignorable(cp) || !rt::unicode::is_cased(cp); });
}
TEST(Unicode, xid_start) {
  expect_property("c.isidentifier()", [](char32_t cp) { return cp == '_' || rt::unicode::is_xid_start(cp); });
}
TEST(Unicode, xid_continue) { expect_property("('a' + c).isidentifier()", rt::unicode::is_xid_continue); }
TEST(Unicode, line_break) {
  expect_property("len(('a' + c + 'b').splitlines()) == 2", rt::unicode::is_line_break);
}
TEST(Unicode, decimal_and_digit_values) {
  const py::list dec = py_eval("[__import__('unicodedata').decimal(c, -1) for c in map(chr, range(0x110000))]");
  const py::list dig = py_eval("[__import__('unicodedata').digit(c, -1) for c in map(chr, range(0x110000))]");
  int mismatches = 0;
  for (char32_t cp = 0; cp < kMax && mismatches < 10; ++cp) {
    if (dec[cp].cast<int>() != rt::unicode::decimal_value(cp) || dig[cp].cast<int>() != rt::unicode::digit_value(cp)) {
      ADD_FAILURE() << "decimal/digit differ at U+" << std::hex << static_cast<std::uint32_t>(cp);
      ++mismatches;
    }
  }
}

TEST(Unicode, upper) { expect_mapping("upper", rt::unicode::to_upper); }
TEST(Unicode, lower) { expect_mapping("lower", rt::unicode::to_lower); }
TEST(Unicode, title) { expect_mapping("title", rt::unicode::to_title); }
TEST(Unicode, casefold) { expect_mapping("casefold", rt::unicode::to_fold); }

TEST(Unicode, out_of_range_code_points_have_no_properties) {
  char32_t out[3];
  EXPECT_EQ(rt::unicode::to_upper(0x110000, out), 1);
  EXPECT_EQ(out[0], 0x110000u);
  EXPECT_FALSE(rt::unicode::is_alpha(0xffffffff));
}

// str.lower on text with sigmas, through to_lower + final_sigma_lower (what an operator does).
RC_GTEST_PROP(Unicode, final_sigma_matches_str_lower, ()) {
  const rt::str s = *sigma_text();
  const std::string_view b = s.utf8();
  std::string got;
  for (std::size_t k = 0; k < b.size();) {
    const char32_t cp = rt::utf8::decode(b.data() + k);
    if (cp == 0x3a3) {
      rt::utf8::append(got, rt::unicode::final_sigma_lower(b, k));
    } else {
      char32_t out[3];
      const int n = rt::unicode::to_lower(cp, out);
      for (int i = 0; i < n; ++i) rt::utf8::append(got, out[i]);
    }
    k += rt::utf8::sequence_length(static_cast<unsigned char>(b[k]));
  }
  py::dict l;
  l["s"] = to_py(s);
  RC_ASSERT(got == py_eval("s.lower()", l).attr("encode")("utf-8", "surrogatepass").cast<std::string>());
}

RC_GTEST_PROP(Unicode, is_identifier_matches_python, ()) {
  const rt::str s = *sigma_text();
  py::dict l;
  l["s"] = to_py(s);
  RC_ASSERT(rt::unicode::is_identifier(s.utf8()) == py_eval("s.isidentifier()", l).cast<bool>());
}

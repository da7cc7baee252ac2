// rt::str and rt::repr(str) against CPython's str on the same random text (surrogates included).
#include <gtest/gtest.h>
#include <pybind11/embed.h>
#include <pybind11/eval.h>
#include <rapidcheck/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "edge_gen.hpp"
#include "repr_outcome.hpp"
#include "runtime/rt/repr.hpp"
#include "runtime/rt/str.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::Outcome;
using opsynth::testing::py_outcome;
using opsynth::testing::py_utf8;
using opsynth::testing::rt_outcome;

// Python str <-> rt::str through 'surrogatepass', the encoding rt::str documents for lone surrogates.
py::object to_py(const rt::str& s) {
  return py::bytes(std::string(s.utf8())).attr("decode")("utf-8", "surrogatepass");
}
// Any code point, lone surrogates and non-printables included, weighted towards interesting ones.
rc::Gen<char32_t> any_char() {
  return rc::gen::weightedOneOf<char32_t>({
      {8, opsynth::testing::any_code_point()},
      {1, rc::gen::inRange<char32_t>(0xd800, 0xe000)},
      {1, rc::gen::inRange<char32_t>(0, 0x110000)},
  });
}
rc::Gen<rt::str> any_str() {
  return rc::gen::map(rc::gen::container<std::u32string>(any_char()),
                      [](const std::u32string& cps) { return rt::str::from_code_points(cps); });
}
rc::Gen<std::optional<std::int64_t>> slice_bound() {
  return rc::gen::weightedOneOf<std::optional<std::int64_t>>({
      {1, rc::gen::just(std::optional<std::int64_t>())},
      {4, rc::gen::map(rc::gen::inRange<std::int64_t>(-40, 41), [](std::int64_t i) { return std::optional(i); })},
      {1, rc::gen::map(opsynth::testing::any_int64(), [](std::int64_t i) { return std::optional(i); })},
  });
}
py::object py_bound(std::optional<std::int64_t> b) { return b ? py::object(py::int_(*b)) : py::object(py::none()); }

}  // namespace

RC_GTEST_PROP(Str, len_counts_code_points_like_python, ()) {
  const rt::str s = *any_str();
  py::dict l;
  l["s"] = to_py(s);
  RC_ASSERT(rt_outcome([&] { return s.len(); }) == py_outcome("len(s)", l));
}

RC_GTEST_PROP(Str, getitem_matches_python_for_negative_and_out_of_range_indices, ()) {
  const rt::str s = *any_str();
  const std::int64_t i = *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(-s.len() - 2, s.len() + 3),
                                         opsynth::testing::any_int64());
  py::dict l;
  l["s"] = to_py(s);
  l["i"] = i;
  RC_ASSERT(rt_outcome([&] { return s.getitem(i); }) == py_outcome("s[i]", l));
}

RC_GTEST_PROP(Str, slice_matches_python_for_any_step, ()) {
  const rt::str s = *any_str();
  const rt::slice sl{*slice_bound(), *slice_bound(), *rc::gen::oneOf(slice_bound(), rc::gen::just(std::optional<std::int64_t>(0)))};
  py::dict l;
  l["s"] = to_py(s);
  l["a"] = py_bound(sl.start);
  l["b"] = py_bound(sl.stop);
  l["c"] = py_bound(sl.step);
  RC_ASSERT(rt_outcome([&] { return s.slice(sl); }) == py_outcome("s[a:b:c]", l));
}

RC_GTEST_PROP(Str, contains_finds_substrings_like_python, ()) {
  const rt::str s = *any_str();
  const rt::str sub = *rc::gen::oneOf(
      any_str(), rc::gen::map(rc::gen::inRange<std::int64_t>(-5, 5), [&](std::int64_t a) {
        return s.slice({a, a + 3, std::nullopt});
      }));
  py::dict l;
  l["s"] = to_py(s);
  l["t"] = to_py(sub);
  RC_ASSERT(rt_outcome([&] { return s.contains(sub); }) == py_outcome("t in s", l));
}

// `ch in "aeiou"` tests a short text's two words for the byte at once: every inline length, every ASCII
// needle (NUL and the byte equal to the text's own length included, which sit in the padding and the
// size byte) against a byte search.
TEST(Str, one_byte_needle_in_an_inline_text_matches_a_byte_search) {
  for (std::size_t length = 0; length <= 15; ++length) {
    for (int variant = 0; variant < 3; ++variant) {
      std::string text;
      for (std::size_t j = 0; j < length; ++j) text += static_cast<char>((j * 37 + length * 11 + variant * 5) % 128);
      const rt::str s(text);
      for (int c = 0; c < 128; ++c) {
        const std::string needle(1, static_cast<char>(c));
        EXPECT_EQ(s.contains(rt::str(needle)), text.find(static_cast<char>(c)) != std::string::npos)
            << "byte " << c << " in a text of " << length << " bytes, variant " << variant;
      }
    }
  }
}

RC_GTEST_PROP(Str, comparisons_order_by_code_point_like_python, ()) {
  const rt::str a = *any_str();
  const rt::str b = *rc::gen::oneOf(any_str(), rc::gen::just(a), rc::gen::just(a.slice({0, -1, std::nullopt})));
  py::dict l;
  l["a"] = to_py(a);
  l["b"] = to_py(b);
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a < b, a <= b, a == b, a != b, a > b, a >= b); }) ==
            py_outcome("(a < b, a <= b, a == b, a != b, a > b, a >= b)", l));
}

RC_GTEST_PROP(Str, concat_and_repeat_match_python, ()) {
  const rt::str a = *any_str();
  const rt::str b = *any_str();
  const std::int64_t n = *rc::gen::inRange<std::int64_t>(-3, 5);
  py::dict l;
  l["a"] = to_py(a);
  l["b"] = to_py(b);
  l["n"] = n;
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a + b, a * n, n * b); }) == py_outcome("(a + b, a * n, n * b)", l));
}

RC_GTEST_PROP(Str, iteration_yields_each_code_point_as_a_str, ()) {
  const rt::str s = *any_str();
  std::string joined_reprs = "[";
  for (const rt::str& c : s) joined_reprs += (joined_reprs.size() > 1 ? ", " : "") + rt::repr(c);
  py::dict l;
  l["s"] = to_py(s);
  RC_ASSERT(joined_reprs + "]" == py_outcome("list(s)", l).value);
}

RC_GTEST_PROP(Str, repr_is_byte_identical_to_python_repr, ()) {
  const rt::str s = *rc::gen::oneOf(any_str(), rc::gen::map(rc::gen::container<std::string>(rc::gen::element<char>(
                                                               '\'', '"', '\\', '\n', '\t', '\r', '\x7f', '\0', 'a')),
                                                           [](const std::string& t) { return rt::str(t); }));
  py::dict l;
  l["s"] = to_py(s);
  RC_ASSERT(rt_outcome([&] { return s; }) == py_outcome("s", l));
}

TEST(Str, repr_classifies_every_code_point_as_python_does) {
  // Exhaustive over the code space in one Python call: the printable table is generated, so check it all.
  std::u32string all;
  for (char32_t cp = 0; cp < 0x110000; ++cp) all += cp;
  const rt::str s = rt::str::from_code_points(all);
  py::dict l;
  l["s"] = to_py(s);
  EXPECT_TRUE(rt::repr(s) == py_outcome("s", l).value);
}

TEST(Str, combining_marks_emoji_eszett_and_dotted_capital_i_count_and_index_as_python) {
  for (const char* text : {"e\u0301t\u00e9", "\U0001F44D\U0001F3FD ok", "Stra\u00dfe", "\u0130stanbul", "a\U0001F600b\u00dfc",
                           "\U0001F468\u200D\U0001F469\u200D\U0001F467 family of three, long enough for the heap"}) {
    const rt::str s(text);
    py::dict l;
    l["s"] = to_py(s);
    EXPECT_EQ(rt_outcome([&] { return s.len(); }), py_outcome("len(s)", l)) << text;
    for (std::int64_t i = -s.len(); i < s.len(); ++i) {
      l["i"] = i;
      EXPECT_EQ(rt_outcome([&] { return s.getitem(i); }), py_outcome("s[i]", l)) << text << " " << i;
      EXPECT_EQ(rt_outcome([&] { return s.slice({i, std::nullopt, -1}); }), py_outcome("s[i::-1]", l));
    }
  }
}

TEST(Str, long_text_indexes_correctly_past_offset_checkpoints) {
  std::u32string cps;
  for (int k = 0; k < 200; ++k) cps += k % 3 == 0 ? U'a' : k % 3 == 1 ? U'\u00e9' : U'\U0001F600';
  const rt::str s = rt::str::from_code_points(cps);
  ASSERT_EQ(s.len(), 200);
  for (std::int64_t i = 0; i < 200; ++i) EXPECT_EQ(s.code_point(i), cps[static_cast<std::size_t>(i)]) << i;
}

// getitem walks on from the last index it was asked for when the next one is close after it; any
// order of indexes (forwards, backwards, jumps, repeats, a copy sharing the text) gives each code point.
RC_GTEST_PROP(Str, any_order_of_indexes_into_non_ascii_text_gives_each_code_point, ()) {
  auto cps = *rc::gen::container<std::u32string>(any_char());
  cps += U"\u00e9 and enough more text to live on the heap";
  const rt::str s = rt::str::from_code_points(cps);
  const rt::str shared = s;  // NOLINT: a copy shares the cursor too
  const auto n = static_cast<std::int64_t>(cps.size());
  const auto steps = *rc::gen::container<std::vector<std::int64_t>>(
      rc::gen::weightedOneOf<std::int64_t>({{6, rc::gen::just<std::int64_t>(1)},
                                            {2, rc::gen::inRange<std::int64_t>(-40, 41)},
                                            {1, rc::gen::inRange<std::int64_t>(-n, n)}}));
  std::int64_t i = 0;
  for (const std::int64_t step : steps) {
    i = ((i + step) % n + n) % n;
    const rt::str& via = step % 2 == 0 ? shared : s;
    RC_ASSERT(via.code_point(i) == cps[static_cast<std::size_t>(i)]);
    RC_ASSERT(via.getitem(i) == rt::str::from_code_point(cps[static_cast<std::size_t>(i)]));
  }
}

TEST(Str, a_loop_over_every_index_of_long_text_sees_every_code_point) {
  std::u32string cps;
  for (int k = 0; k < 5000; ++k) cps += k % 7 == 0 ? U'\u00e9' : k % 11 == 0 ? U'\U0001F600' : static_cast<char32_t>(U'a' + k % 26);
  const rt::str s = rt::str::from_code_points(cps);
  for (int pass = 0; pass < 2; ++pass) {
    for (std::int64_t i = 0; i < s.len(); ++i) ASSERT_EQ(s.code_point(i), cps[static_cast<std::size_t>(i)]) << i;
    for (std::int64_t i = s.len() - 1; i >= 0; --i) ASSERT_EQ(s.code_point(i), cps[static_cast<std::size_t>(i)]) << i;
  }
}

TEST(Str, a_walk_by_byte_offset_sees_every_code_point_and_refuses_other_offsets) {
  // 1- to 4-byte code points and a lone surrogate (three bytes in generalized UTF-8), past the inline size
  const std::u32string cps = U"a\u00e9\u20ac\U0001F600b\xdc80\u00df z\u4e2d";
  const rt::str s = rt::str::from_code_points(cps);
  std::int64_t at = 0;
  for (const char32_t cp : cps) {
    ASSERT_EQ(s.char_at_byte(at), rt::str::from_code_point(cp)) << at;
    const std::int64_t next = s.byte_after(at);
    for (std::int64_t inside = at + 1; inside < next; ++inside) {
      EXPECT_THROW(s.char_at_byte(inside), rt::IndexError) << inside;
      EXPECT_THROW(s.byte_after(inside), rt::IndexError) << inside;
    }
    at = next;
  }
  EXPECT_EQ(at, static_cast<std::int64_t>(s.utf8().size()));
  for (const std::int64_t outside : {std::int64_t{-1}, at, at + 1}) {
    EXPECT_THROW(s.char_at_byte(outside), rt::IndexError) << outside;
    EXPECT_THROW(s.byte_after(outside), rt::IndexError) << outside;
  }
  EXPECT_THROW(rt::str().char_at_byte(0), rt::IndexError);
}

TEST(Str, a_str_built_from_written_pieces_equals_the_concatenation_and_counts_its_own_code_points) {
  const std::vector<rt::str> pieces = {"", "a", "\u00e9t\u00e9", "a piece longer than fifteen bytes", "\U0001F600", " ",
                                       "fifteen bytes!!", "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587"};
  for (std::size_t count = 0; count <= pieces.size(); ++count) {
    for (std::size_t first = 0; first + count <= pieces.size(); ++first) {
      rt::str expected;
      std::size_t bytes = 0;
      for (std::size_t k = first; k < first + count; ++k) {
        expected += pieces[k];
        bytes += pieces[k].utf8().size();
      }
      const rt::str built = rt::str::build(bytes, [&](char* p) {
        for (std::size_t k = first; k < first + count; ++k) p = pieces[k].write_at(p);
      });
      ASSERT_EQ(built, expected) << first << " " << count;
      EXPECT_EQ(built.len(), expected.len());
      EXPECT_EQ(built.is_ascii(), expected.is_ascii());
      EXPECT_EQ(built.hash(), expected.hash());  // short texts come out inline, as every equal text is
    }
  }
}

TEST(Str, copies_share_storage_instead_of_copying_bytes) {
  const rt::str s("a text longer than the inline buffer");
  const rt::str copy = s;  // NOLINT: the copy is the point
  EXPECT_EQ(copy.utf8().data(), s.utf8().data());
}

TEST(Str, append_in_place_changes_no_other_value) {
  rt::str built;
  std::u32string cps;
  for (int k = 0; k < 300; ++k) {
    const char32_t cp = k % 4 == 3 ? U'\u00e9' : static_cast<char32_t>(U'a' + k % 26);
    built += rt::str::from_code_point(cp);
    cps += cp;
    if (k == 100) {
      ASSERT_EQ(built.code_point(90), cps[90]);  // checkpoints built, then outgrown by later appends
    }
  }
  ASSERT_EQ(built, rt::str::from_code_points(cps));
  ASSERT_EQ(built.len(), 300);
  for (std::int64_t i = 0; i < 300; ++i) ASSERT_EQ(built.code_point(i), cps[static_cast<std::size_t>(i)]) << i;

  const rt::str shared = built;  // a second owner: += must copy, not write into the shared text
  rt::str grown = built;
  grown += rt::str("!");
  EXPECT_EQ(shared, built);
  EXPECT_EQ(built.len(), 300);
  EXPECT_EQ(grown.len(), 301);

  rt::str twice("an ASCII text past the inline buffer");
  twice += twice;  // s += s reads itself
  EXPECT_EQ(twice, rt::str("an ASCII text past the inline bufferan ASCII text past the inline buffer"));
  EXPECT_TRUE(twice.is_ascii());
}

TEST(Str, append_of_a_sole_owner_keeps_its_storage) {
  rt::str s("a text longer than the inline buffer");
  s += rt::str("x");  // copied once, with room to grow
  const char* before = s.utf8().data();
  for (int k = 0; k < 10; ++k) s += rt::str("y");
  EXPECT_EQ(s.utf8().data(), before);  // grown in place: CPython's linear loop, not a copy per +=
  EXPECT_EQ(s.len(), 47);
}

TEST(Str, index_error_and_overflow_messages_match_python) {
  py::dict l;
  l["s"] = "ab";
  l["n"] = std::int64_t{1} << 62;
  EXPECT_EQ(rt_outcome([] { return rt::str("ab").getitem(2); }), py_outcome("s[2]", l));
  EXPECT_EQ(rt_outcome([] { return rt::str("ab").repeat(std::int64_t{1} << 62); }), py_outcome("s * n", l));
  EXPECT_EQ(rt_outcome([] { return rt::str("ab").slice({std::nullopt, std::nullopt, 0}); }), py_outcome("s[::0]", l));
}

// Short texts are packed into the inline buffer by overlapping word loads: every length up to the
// inline limit and past it, with any bytes (zeros included), must read back, compare and hash as the
// same text built a byte at a time.
RC_GTEST_PROP(Str, a_text_of_any_length_reads_back_and_compares_equal_however_built, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 40);
  const auto bytes = *rc::gen::container<std::string>(n, rc::gen::arbitrary<char>());
  const rt::str whole{std::string_view(bytes)};
  rt::str piecewise;
  for (char c : bytes) piecewise += rt::str(std::string_view(&c, 1));
  RC_ASSERT(whole.utf8() == std::string_view(bytes));
  RC_ASSERT(whole == piecewise);
  RC_ASSERT(rt::utf8::hash(whole.utf8()) == rt::utf8::hash(piecewise.utf8()));
  if (!bytes.empty()) {
    std::string other = bytes;
    other[*rc::gen::inRange<std::size_t>(0, n)] ^= 1;
    RC_ASSERT(!(whole == rt::str(std::string_view(other))));
    RC_ASSERT(!rt::utf8::equal_bytes(bytes.data(), other.data(), n));
  }
  RC_ASSERT(rt::utf8::equal_bytes(bytes.data(), piecewise.utf8().data(), n));
}

// Order compares inline texts word by word: on any bytes (zeros, high bytes, prefixes of each other,
// inline against heap), it must be the order of the UTF-8 bytes, which is Python's str order.
RC_GTEST_PROP(Str, order_is_the_byte_order_of_any_two_texts, ()) {
  const auto alphabet = rc::gen::element<char>('\0', '\x01', 'a', 'b', '\x7f', '\x80', '\xc3', '\xff');
  auto texts = [alphabet](std::size_t from, std::size_t to) {  // lengths [from, to); 16 on is a heap text
    return rc::gen::mapcat(rc::gen::inRange(from, to), [alphabet](std::size_t n) {
      return rc::gen::container<std::string>(n, alphabet);
    });
  };
  const auto text = texts(0, 18);
  const std::string a = *rc::gen::oneOf(text, texts(9, 16));
  // The same first 9 bytes: the order is decided in the second word.
  const auto same_head = rc::gen::map(texts(0, 7), [a](const std::string& tail) { return a.substr(0, std::min<std::size_t>(a.size(), 9)) + tail; });
  const std::string b = *rc::gen::oneOf(text, same_head, same_head, rc::gen::just(a), rc::gen::just(a + '\0'),
                                        rc::gen::just(a.substr(0, a.size() / 2)));
  const rt::str x{std::string_view(a)}, y{std::string_view(b)};
  RC_ASSERT((x <=> y) == (std::string_view(a) <=> std::string_view(b)));
  RC_ASSERT((y <=> x) == (std::string_view(b) <=> std::string_view(a)));
  RC_ASSERT((x < y) == (a < b));
}

// a + b and a += b join two inline texts by shifting their padded buffers: every split of texts around
// the inline limit, with zeros and high bytes, must give the text a + b (equal and hashing equal to the
// str built from those bytes, so the padding past the text stays zero), and leave the operands alone.
RC_GTEST_PROP(Str, concatenation_of_any_two_texts_is_their_bytes_joined, ()) {
  const auto alphabet = rc::gen::element<char>('\0', 'a', 'z', '\x7f', '\xc3', '\xa9', '\xff');
  auto texts = [alphabet](std::size_t from, std::size_t to) {
    return rc::gen::mapcat(rc::gen::inRange(from, to), [alphabet](std::size_t n) {
      return rc::gen::container<std::string>(n, alphabet);
    });
  };
  const std::string a = *texts(0, 18), b = *texts(0, 18);
  const rt::str x{std::string_view(a)}, y{std::string_view(b)}, joined{std::string_view(a + b)};
  const rt::str sum = x + y;
  RC_ASSERT(sum.utf8() == std::string_view(a + b));
  RC_ASSERT(sum == joined);
  RC_ASSERT(std::hash<rt::str>{}(sum) == std::hash<rt::str>{}(joined));
  rt::str grown = x;
  grown += y;
  RC_ASSERT(grown == joined);
  RC_ASSERT(grown.len() == joined.len());
  rt::str twice = x;
  twice += twice;
  RC_ASSERT(twice.utf8() == std::string_view(a + a));
  RC_ASSERT(x.utf8() == std::string_view(a));
  RC_ASSERT(y.utf8() == std::string_view(b));
}

// A str built from bytes that end at the last byte of a page, with nothing mapped after it, reads no
// further than the text (the 16-byte load is only taken where it stays inside one page), and every
// length at every offset gives the same value as bytes copied one by one.
TEST(Str, short_texts_at_every_offset_of_a_page_before_an_unmapped_page) {
  const long page = sysconf(_SC_PAGESIZE);
  char* map = static_cast<char*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(map, MAP_FAILED);
  ASSERT_EQ(munmap(map + page, page), 0);  // the next page faults on any read
  for (long i = 0; i < page; ++i) map[i] = static_cast<char>('a' + i % 26);
  for (std::size_t n = 0; n <= rt::str::kInlineBytes; ++n) {
    for (long at = page - 64; at + static_cast<long>(n) <= page; ++at) {
      const std::string_view text(map + at, n);
      const rt::str s{text};
      ASSERT_EQ(s.utf8(), text) << "n=" << n << " at=" << at;
      ASSERT_EQ(s, rt::str{std::string(text)});  // the same buffer as a copy from elsewhere
      ASSERT_EQ(s.hash(), rt::str{std::string(text)}.hash());
    }
  }
  for (long at = 0; at + 15 <= page; at += 7) {
    const rt::str s{std::string_view(map + at, 15)}, t{std::string_view(map + at, 14)};
    ASSERT_EQ(s.utf8(), std::string_view(map + at, 15));
    ASSERT_NE(s, t);
    ASSERT_LT(t, s);
  }
  munmap(map, page);
}

// The 16-bytes-a-step code point count and ASCII test against a byte-at-a-time reading, on lengths
// around every block edge (16 bytes, 255 steps of 16) and on bytes of every kind.
RC_GTEST_PROP(Str, code_point_count_and_ascii_test_agree_with_a_byte_loop, ()) {
  const std::size_t n = *rc::gen::weightedOneOf<std::size_t>({
      {4, rc::gen::inRange<std::size_t>(0, 70)},
      {1, rc::gen::inRange<std::size_t>(4070, 4100)},
      {1, rc::gen::inRange<std::size_t>(8150, 8180)},
  });
  const auto kind = *rc::gen::inRange(0, 3);  // ASCII only, continuation bytes only, any byte
  std::string bytes = *rc::gen::container<std::string>(n, rc::gen::arbitrary<char>());
  for (char& c : bytes) {
    if (kind == 0) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
    if (kind == 1) c = static_cast<char>(0x80 | (static_cast<unsigned char>(c) & 0x3f));
  }
  std::int64_t starts = 0;
  bool ascii = true;
  for (unsigned char c : bytes) {
    starts += (c & 0xc0) != 0x80;
    ascii = ascii && c < 0x80;
  }
  RC_ASSERT(rt::utf8::count_code_points(bytes) == starts);
  RC_ASSERT(rt::utf8::is_ascii(bytes) == ascii);
}

// A heap text caches its hash; appending in place (a sole owner) forgets it, so the grown text hashes
// as a fresh equal text does, and equal texts on separate storage agree with a shared one.
TEST(Str, a_cached_hash_follows_an_append_in_place) {
  rt::str s("a text longer than the inline buffer, on the heap");
  const std::uint64_t before = s.hash();
  ASSERT_EQ(before, s.hash());
  s += rt::str(" and more");
  const rt::str fresh("a text longer than the inline buffer, on the heap and more");
  ASSERT_EQ(s, fresh);
  ASSERT_EQ(s.hash(), fresh.hash());
  ASSERT_NE(s.hash(), before);
  const rt::str shared = fresh;
  ASSERT_EQ(shared, fresh);
  ASSERT_EQ(shared.hash(), fresh.hash());
}

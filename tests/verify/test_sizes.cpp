// The size sweep: it reaches every band edge for every kind of sized argument, respects a domain's
// narrowing, draws exactly the lengths it promises, and a failing long case shrinks near the threshold.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <vector>

#include "verify/generators.hpp"
#include "verify/sizes.hpp"

namespace opsynth::verify {
namespace {

Signature sig(const std::string& text) { return parse_signature(text).value(); }

std::set<std::int64_t> lengths_of(const std::vector<SizeTarget>& targets) {
  std::set<std::int64_t> out;
  for (const auto& t : targets) out.insert(t.length);
  return out;
}

TEST(Sizes, sweep_lengths_cover_every_band_edge_the_design_names) {
  const auto& lengths = sweep_lengths();
  for (std::int64_t n = 0; n <= 17; ++n) EXPECT_TRUE(std::count(lengths.begin(), lengths.end(), n)) << n;
  for (std::int64_t n : {31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1023, 1024, 1025, 4096})
    EXPECT_TRUE(std::count(lengths.begin(), lengths.end(), n)) << n;
  EXPECT_TRUE(std::is_sorted(lengths.begin(), lengths.end()));
}

TEST(Sizes, band_names_split_at_the_edges_and_keep_numeric_order) {
  EXPECT_EQ(band_name(band_first(0)), "0-17");
  EXPECT_EQ(band_name(band_first(17)), "0-17");
  EXPECT_EQ(band_name(band_first(18)), "18-30");
  EXPECT_EQ(band_name(band_first(129)), "127-129");
  EXPECT_EQ(band_name(band_first(1025)), "1023-1025");
  EXPECT_EQ(band_name(band_first(4096)), "4096-16383");
  EXPECT_EQ(band_name(band_first(1 << 20)), "262144+");
  EXPECT_LT(band_first(129), band_first(1023));
}

TEST(Sizes, one_dimensional_arrays_reach_the_large_tier_with_views_and_tail_edges) {
  const auto targets = size_sweep(sig("ndarray[float64,1] -> float64"), {});
  const auto lengths = lengths_of(targets);
  EXPECT_TRUE(lengths.count(1025));
  EXPECT_TRUE(lengths.count(4096));
  EXPECT_TRUE(lengths.count(1 << 20));
  auto any = [&](auto pred) { return std::any_of(targets.begin(), targets.end(), pred); };
  EXPECT_TRUE(any([](const SizeTarget& t) { return t.view && t.length == 1025; }));
  EXPECT_TRUE(any([](const SizeTarget& t) { return t.tail_edge && t.length == 257; }));
}

TEST(Sizes, each_axis_of_a_matrix_is_long_in_turn_and_both_while_they_fit) {
  const auto targets = size_sweep(sig("ndarray[float64,2] -> float64"), {});
  auto has = [&](std::int64_t n, int axis) {
    return std::any_of(targets.begin(), targets.end(),
                       [&](const SizeTarget& t) { return t.length == n && t.long_axis == axis; });
  };
  EXPECT_TRUE(has(1025, 0));
  EXPECT_TRUE(has(1025, 1));
  EXPECT_TRUE(has(257, -1));
  EXPECT_TRUE(has(1024, -1));
  EXPECT_FALSE(has(1025, -1)) << "1025 x 1025 is over the element budget";
}

TEST(Sizes, text_reaches_every_style_at_long_lengths) {
  const auto targets = size_sweep(sig("str -> str"), {});
  for (TextStyle style : {TextStyle::Ascii, TextStyle::NonAscii, TextStyle::RareAtEnd}) {
    EXPECT_TRUE(std::any_of(targets.begin(), targets.end(),
                            [&](const SizeTarget& t) { return t.length == 1025 && t.text == style; }));
  }
}

TEST(Sizes, a_domain_narrowing_caps_the_sweep) {
  Domain d;
  d.max_text_length = 40;
  d.size_reason = "test";
  const auto lengths = lengths_of(size_sweep(sig("str -> str"), d));
  EXPECT_EQ(*lengths.rbegin(), 33);
}

TEST(Sizes, signatures_without_lengths_have_no_sweep) {
  EXPECT_TRUE(size_sweep(sig("float, int -> float"), {}).empty());
  EXPECT_TRUE(size_sweep(sig("ndarray[float64,0] -> float64"), {}).empty());
}

TEST(Sizes, sized_cases_have_exactly_the_target_lengths) {
  SizeTarget t;
  t.length = 257;
  const Case list_case = draw_case(sized_case_gen(sig("list[int], int -> int"), {}, t), 3, 0).value();
  EXPECT_EQ(list_case.args[0].as<ListValue>().items.size(), 257u);

  t.long_axis = 1;
  const Case array_case = draw_case(sized_case_gen(sig("ndarray[float64,2] -> float64"), {}, t), 3, 1).value();
  const auto& shape = array_case.args[0].as<NDArrayValue>().shape;
  ASSERT_EQ(shape.size(), 2u);
  EXPECT_EQ(shape[1], 257);
  EXPECT_LE(shape[0], 5);

  t.long_axis = -1;
  t.text = TextStyle::RareAtEnd;
  const Case text_case = draw_case(sized_case_gen(sig("str -> str"), {}, t), 3, 2).value();
  EXPECT_EQ(value_length(text_case.args[0]), 257);
  const std::string& s = text_case.args[0].as<StrValue>().utf8;
  std::size_t last = s.size() - 1;  // the last code point's first byte
  while (last > 0 && (static_cast<unsigned char>(s[last]) & 0xc0) == 0x80) --last;
  EXPECT_EQ(last, 256u) << "256 ASCII code points, then the rare one";
  EXPECT_TRUE(std::all_of(s.begin(), s.begin() + 256, [](char c) { return c >= 0x20 && c <= 0x7e; }));
}

TEST(Sizes, large_cases_are_drawn_quickly_and_keep_a_prefix_when_shortened) {
  SizeTarget t;
  t.length = 1 << 20;
  const auto gen = sized_case_gen(sig("ndarray[float64,1] -> float64"), {}, t);
  const Case big = draw_case(gen, 9, 4).value();
  const auto& a = big.args[0].as<NDArrayValue>();
  EXPECT_EQ(a.shape[0], 1 << 20);
  t.length = 5000;
  const Case shorter = draw_case(sized_case_gen(sig("ndarray[float64,1] -> float64"), {}, t), 9, 4).value();
  const auto& b = shorter.args[0].as<NDArrayValue>();
  EXPECT_TRUE(std::equal(b.data.begin(), b.data.end(), a.data.begin())) << "element k depends on the seed and k";
}

TEST(Sizes, views_and_tail_edges_appear_where_the_target_asks) {
  SizeTarget t;
  t.length = 300;
  t.view = true;
  t.tail_edge = true;
  const auto edges = edge_values(parse_type("float").value(), {});
  int edge_last = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const Case c = draw_case(sized_case_gen(sig("ndarray[float64,1] -> float64"), {}, t), 5, i).value();
    ASSERT_TRUE(c.layouts[0].has_value());
    EXPECT_FALSE(c.layouts[0]->contiguous());
    const auto& a = c.args[0].as<NDArrayValue>();
    double last;
    std::memcpy(&last, a.data.data() + a.data.size() - 8, 8);
    edge_last += std::any_of(edges.begin() + 1, edges.end(), [&](const Value& e) {
      return std::memcmp(&last, &e.as<double>(), 8) == 0;
    });
  }
  EXPECT_EQ(edge_last, 20) << "the last element is an edge value other than 0";
}

// Tied values: float arrays and lists of floats from length 9, their elements from 0.0, -0.0, +-1 and
// +-2 within the domain, sometimes of one sign only (so a min or a max ends on a tie of zeros); never
// for signatures without floats.
TEST(Sizes, tied_values_fill_float_arrays_and_lists_and_respect_the_domain) {
  auto ties_at = [](const std::string& signature, std::int64_t n) {
    const auto targets = size_sweep(sig(signature), {});
    return std::any_of(targets.begin(), targets.end(), [&](const SizeTarget& t) { return t.ties && t.length == n; });
  };
  EXPECT_TRUE(ties_at("ndarray[float64,1] -> float64", 1025));
  EXPECT_TRUE(ties_at("list[float] -> float", 257));
  EXPECT_FALSE(ties_at("ndarray[float64,1] -> float64", 8)) << "from length 9";
  EXPECT_FALSE(ties_at("list[int] -> int", 257));
  EXPECT_FALSE(ties_at("ndarray[int64,1] -> int64", 257));
  SizeTarget t;
  t.length = 300;
  t.ties = true;
  int zero_ended = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    const Case c = draw_case(sized_case_gen(sig("ndarray[float64,1], list[float] -> float64"), {}, t), 9, i).value();
    const auto& a = c.args[0].as<NDArrayValue>();
    std::vector<double> values(a.data.size() / 8);
    std::memcpy(values.data(), a.data.data(), a.data.size());
    for (const Value& v : c.args[1].as<ListValue>().items) values.push_back(v.as<double>());
    bool positive = false, negative = false, signed_zero = false;
    for (double v : values) {
      ASSERT_TRUE(v == 0.0 || v == 1.0 || v == -1.0 || v == 2.0 || v == -2.0) << v;
      positive = positive || v > 0, negative = negative || v < 0, signed_zero = signed_zero || std::signbit(v);
    }
    EXPECT_TRUE(signed_zero);
    zero_ended += !positive || !negative;
  }
  EXPECT_GT(zero_ended, 0) << "some cases of one sign, whose min or max is a zero";
  Domain positive;
  positive.float_min = 0.5;
  const Case c = draw_case(sized_case_gen(sig("ndarray[float64,1] -> float64"), positive, t), 9, 0).value();
  const auto& a = c.args[0].as<NDArrayValue>();
  for (std::size_t k = 0; k < a.data.size(); k += 8) {
    double v;
    std::memcpy(&v, a.data.data() + k, 8);
    EXPECT_GE(v, 0.5) << "values the domain excludes are left out";
  }
}

TEST(Sizes, the_inner_sweep_makes_the_items_of_a_short_container_long_and_relates_a_key_argument) {
  auto inner_at = [](const std::string& signature, std::int64_t n) {
    const auto targets = size_sweep(sig(signature), {});
    return std::any_of(targets.begin(), targets.end(), [&](const SizeTarget& t) { return t.inner && t.length == n; });
  };
  EXPECT_TRUE(inner_at("dict[str,list[int]], str, int -> None", 1025));
  EXPECT_TRUE(inner_at("list[str] -> str", 65));
  EXPECT_TRUE(inner_at("list[list[float]] -> float", 4096));
  EXPECT_FALSE(inner_at("list[str] -> str", kMaxInnerSweep * 4)) << "kMaxInnerSweep bounds it";
  EXPECT_FALSE(inner_at("list[int] -> int", 65)) << "nothing inside has a length";
  EXPECT_FALSE(inner_at("ndarray[float64,1] -> float64", 65));
  SizeTarget t;
  t.length = 300;
  t.inner = true;
  for (std::size_t i = 0; i < 20; ++i) {
    const Case c = draw_case(sized_case_gen(sig("dict[str,list[int]], str, int -> None"), {}, t), 5, i).value();
    const auto& d = c.args[0].as<DictValue>().items;
    ASSERT_GE(d.size(), 1u);
    ASSERT_LE(d.size(), static_cast<std::size_t>(kShortAxis));
    bool related = false;
    for (const auto& [key, value] : d) {
      EXPECT_EQ(value.as<ListValue>().items.size(), 300u) << "every value is long";
      EXPECT_LT(value_length(key), 300) << "keys stay short beside long values";
      related = related || key.as<StrValue>().utf8 == c.args[1].as<StrValue>().utf8;
    }
    EXPECT_TRUE(related) << "the key argument is one of the dict's keys";
  }
  const Case words = draw_case(sized_case_gen(sig("list[str] -> str"), {}, t), 5, 0).value();
  for (const Value& w : words.args[0].as<ListValue>().items) EXPECT_EQ(value_length(w), 300);
  const Case counts = draw_case(sized_case_gen(sig("dict[str,int] -> int"), {}, t), 5, 0).value();
  for (const auto& [key, value] : counts.args[0].as<DictValue>().items) EXPECT_EQ(value_length(key), 300) << "keys long where values have no length";
}

TEST(Sizes, a_failure_past_a_threshold_shrinks_to_the_threshold) {
  SizeTarget t;
  t.length = 1025;
  const auto gen = sized_case_gen(sig("list[int] -> int"), {}, t);
  const auto shrinkable = draw_case(gen, 1, 0);
  const Shrunk s = minimize(shrinkable, [](const Case& c) { return c.args[0].as<ListValue>().items.size() > 300; });
  EXPECT_EQ(s.minimal.args[0].as<ListValue>().items.size(), 301u);
}

TEST(Sizes, random_draws_keep_short_lengths_and_sometimes_reach_band_edges) {
  const auto cases = draw_plain_cases(case_gen(sig("list[int] -> int"), {}), 42, 0, 2000);
  std::size_t short_ones = 0, edges = 0;
  for (const auto& c : cases) {
    const auto n = c.args[0].as<ListValue>().items.size();
    short_ones += n <= 17;
    edges += n >= 31;
  }
  EXPECT_GT(short_ones, 1600u);
  EXPECT_GT(edges, 60u);
}

TEST(Sizes, arrays_of_one_case_share_axis_lengths_so_they_broadcast) {
  const auto cases = draw_plain_cases(case_gen(sig("ndarray[float64,2], ndarray[float64,1] -> float64"), {}), 7, 0, 500);
  std::size_t aligned = 0;
  for (const auto& c : cases) {
    const auto& a = c.args[0].as<NDArrayValue>().shape;
    const auto& b = c.args[1].as<NDArrayValue>().shape;
    aligned += a[1] == b[0] || b[0] == 1;
  }
  EXPECT_GT(aligned, 350u) << "the 1-D array mostly matches the matrix's last axis";
  EXPECT_LT(aligned, 500u) << "and sometimes does not (numpy raises)";
}

}  // namespace
}  // namespace opsynth::verify

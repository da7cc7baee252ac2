// Tests for verify/generators: edge values occur, domains hold, draws are deterministic, shrinking is
// minimal.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "verify/generators.hpp"

namespace opsynth::verify {
namespace {

using D = std::numeric_limits<double>;
using I64 = std::numeric_limits<std::int64_t>;

Signature sig(const std::string& text) {
  auto parsed = parse_signature(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().describe());
  return parsed.value();
}

std::vector<Case> draws(const std::string& signature, std::size_t n, const Domain& domain = {},
                        std::uint64_t seed = 42) {
  return draw_plain_cases(case_gen(sig(signature), domain), seed, 0, n);
}

// First argument of each of the first n draws.
std::vector<Value> first_args(const std::string& signature, std::size_t n, const Domain& domain = {}) {
  std::vector<Value> out;
  for (auto& c : draws(signature, n, domain)) out.push_back(c.args.at(0));
  return out;
}

bool any_of(const std::vector<Value>& values, const std::function<bool(const Value&)>& pred) {
  return std::any_of(values.begin(), values.end(), pred);
}

std::vector<double> doubles(const std::vector<Value>& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(v.as<double>());
  return out;
}

bool has_bits(const std::vector<double>& xs, double want) {
  return std::any_of(xs.begin(), xs.end(), [&](double x) {
    return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(want);
  });
}

TEST(Generators, FloatDrawsContainEveryEdgeValueWithin2000Cases) {
  const auto xs = doubles(first_args("float -> float", 2000));
  EXPECT_TRUE(std::any_of(xs.begin(), xs.end(), [](double x) { return std::isnan(x); }));
  for (double want :
       {D::infinity(), -D::infinity(), 0.0, -0.0, D::denorm_min(), D::min(), D::max(), -D::max()}) {
    EXPECT_TRUE(has_bits(xs, want)) << want;
  }
  auto count = [&](auto pred) { return std::count_if(xs.begin(), xs.end(), pred); };
  EXPECT_GT(count([](double x) { return x != 0 && std::fpclassify(x) == FP_SUBNORMAL; }), 10);
  EXPECT_GT(count([](double x) { return std::isfinite(x) && std::fabs(x) > 1e200; }), 20)
      << "huge magnitudes";
  EXPECT_GT(count([](double x) { return x != 0 && std::fabs(x) < 1e-200; }), 20) << "tiny magnitudes";
  EXPECT_GT(count([](double x) { return std::fabs(x) > 1 && std::fabs(x) < 1e15 && x == std::trunc(x); }),
            40);
  EXPECT_GT(count([](double x) { return std::fabs(x) < 1e6 && x - std::floor(x) == 0.5; }), 40) << "halves";
  // Edge values (members of the deterministic edge list) are a sizeable minority of the draws: not so few
  // they never matter, not so many they crowd out the rest.
  const auto edges = edge_values(parse_type("float").value(), {});
  const auto from_edge_list = count([&](double x) {
    return std::any_of(edges.begin(), edges.end(),
                       [&](const Value& e) { return has_bits({e.as<double>()}, x); });
  });
  EXPECT_GT(from_edge_list, 2000 * 20 / 100);
  EXPECT_LT(from_edge_list, 2000 * 45 / 100);
  EXPECT_GT(count([](double x) { return std::isnan(x); }), 4);
}

TEST(Generators, IntDrawsContainZeroOnesExtremesAndPowersOfTwoNeighbours) {
  std::set<std::int64_t> seen;
  for (const auto& v : first_args("int -> int", 2000)) seen.insert(v.as<std::int64_t>());
  for (std::int64_t want : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, I64::max(), I64::min(),
                            I64::max() - 1, I64::min() + 1}) {
    EXPECT_TRUE(seen.count(want)) << want;
  }
  auto near_power_of_two = [](std::int64_t x) {
    for (int k = 8; k < 63; ++k) {
      const std::int64_t p = std::int64_t{1} << k;
      if (x == p - 1 || x == p + 1) return true;
    }
    return false;
  };
  EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), near_power_of_two));
  EXPECT_GT(
      std::count_if(seen.begin(), seen.end(), [](std::int64_t x) { return x > (std::int64_t{1} << 40); }),
      50);
}

// Code points of a UTF-8 string (input is valid by construction).
std::u32string decode(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    char32_t c = len == 1 ? b : b & (0x7f >> len);
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out += c;
    i += len;
  }
  return out;
}

TEST(Generators, StrDrawsContainEmptyAsciiAstralCombiningCaseOdditiesAndUnicodeSpaces) {
  std::vector<std::u32string> texts;
  for (const auto& v : first_args("str -> str", 1000)) texts.push_back(decode(v.as<StrValue>().utf8));
  auto some = [&](const std::function<bool(const std::u32string&)>& pred) {
    return std::any_of(texts.begin(), texts.end(), pred);
  };
  auto contains = [&](char32_t c) {
    return some([c](const std::u32string& t) { return t.find(c) != t.npos; });
  };
  EXPECT_TRUE(some([](const std::u32string& t) { return t.empty(); }));
  EXPECT_TRUE(some([](const std::u32string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char32_t c) { return c < 0x80; });
  }));
  EXPECT_TRUE(some([](const std::u32string& t) {
    return std::any_of(t.begin(), t.end(), [](char32_t c) { return c >= 0x10000; });
  })) << "astral plane";
  EXPECT_TRUE(some([](const std::u32string& t) {
    return std::any_of(t.begin(), t.end(), [](char32_t c) { return c >= 0x300 && c < 0x370; });
  })) << "combining marks";
  for (char32_t c : {U'ß', U'İ', U'ſ', U'ﬁ', U'\u00a0', U'\u2028', U'\u3000', U'\u0663'}) {
    EXPECT_TRUE(contains(c)) << static_cast<std::uint32_t>(c);
  }
  // Random draws stay short (the size sweep, tests/verify/test_sizes.cpp, reaches the long ones): most
  // at most 17 code points, a few at a band edge up to 129.
  for (const auto& t : texts) EXPECT_LE(t.size(), 129u);
  EXPECT_GT(std::count_if(texts.begin(), texts.end(), [](const std::u32string& t) { return t.size() <= 17; }), 850);
}

TEST(Generators, ListsAndDictsAreOftenEmptyOrSingleAndDictKeysAreDistinct) {
  const auto lists = first_args("list[int] -> int", 300);
  std::map<std::size_t, int> lengths;
  for (const auto& v : lists) ++lengths[v.as<ListValue>().items.size()];
  EXPECT_GT(lengths[0], 300 / 15);
  EXPECT_GT(lengths[1], 300 / 15);
  EXPECT_GT(lengths.rbegin()->first, 4u);
  EXPECT_LE(lengths.rbegin()->first, 129u);
  for (const auto& v : first_args("dict[float,int] -> int", 300)) {
    const auto& items = v.as<DictValue>().items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        EXPECT_FALSE(items[i].first.as<double>() == items[j].first.as<double>())
            << "Python would merge these keys";
      }
    }
  }
}

TEST(Generators, EveryDrawConformsToItsTypeForEveryDtypeAndRank) {
  for (Dtype dt : all_dtypes()) {
    const std::string_view dtype = dtype_name(dt);
    for (int ndim = 0; ndim <= 3; ++ndim) {
      const std::string type = "ndarray[" + std::string(dtype) + "," + std::to_string(ndim) + "]";
      bool zero_d = false, empty = false, unit_axis = false;
      for (const auto& v : first_args(type + " -> int", 300)) {
        ASSERT_TRUE(conforms(v, parse_type(type).value())) << type << " " << repr(v);
        const auto& a = v.as<NDArrayValue>();
        std::int64_t n = 1;
        for (auto s : a.shape) n *= s;
        ASSERT_EQ(a.data.size(), static_cast<std::size_t>(n) * dtype_size(a.dtype)) << type;
        ASSERT_LE(n, 4096) << type << ": random arrays stay within their element budget";
        zero_d |= a.shape.empty();
        empty |= n == 0;
        unit_axis |= std::find(a.shape.begin(), a.shape.end(), 1) != a.shape.end();
      }
      EXPECT_EQ(zero_d, ndim == 0) << type;
      if (ndim > 0) {
        EXPECT_TRUE(empty) << type << " never had a 0-length axis";
        EXPECT_TRUE(unit_axis) << type << " never had a length-1 axis";
      }
    }
  }
  for (const char* text :
       {"bool", "complex", "None", "float64", "int32", "bool_", "complex128", "uint8", "int8", "int16", "uint16",
        "uint32", "uint64", "complex64", "tuple[int,str]",
        "dict[str,list[float]]", "Literal['fro']", "Literal[2]", "Literal[True]"}) {
    auto type = parse_type(text);
    ASSERT_TRUE(type.ok()) << text;
    for (const auto& v : first_args(std::string(text) + " -> int", 200)) {
      ASSERT_TRUE(conforms(v, *type)) << text << " " << repr(v);
    }
  }
}

TEST(Generators, LiteralAndNoneParametersAlwaysGiveTheirValue) {
  for (const auto& c : draws("ndarray[float64,2], None, Literal['fro'], Literal[-1] -> float64", 200)) {
    EXPECT_TRUE(c.args[1].is<NoneValue>());
    EXPECT_EQ(c.args[2], Value(StrValue{"fro"}));
    EXPECT_EQ(c.args[3], Value(std::int64_t{-1}));
    EXPECT_FALSE(c.layouts[2] || c.layouts[3] || c.aliases[2] || c.aliases[3]);
  }
}

TEST(Generators, LayoutsOnAQuarterOfArraysWithNegativeStepsStepsOfTwoAndTransposes) {
  const auto cases = draws("ndarray[float64,2] -> float64", 1000);
  int with_layout = 0, negative = 0, two = 0, transposed = 0;
  for (const auto& c : cases) {
    ASSERT_EQ(c.layouts.size(), 1u);
    if (!c.layouts[0]) continue;
    const auto& l = *c.layouts[0];
    ASSERT_EQ(l.steps.size(), 2u);
    ASSERT_FALSE(l.contiguous()) << "a contiguous layout must be left unset";
    ++with_layout;
    negative += std::any_of(l.steps.begin(), l.steps.end(), [](auto s) { return s < 0; });
    two += std::any_of(l.steps.begin(), l.steps.end(), [](auto s) { return s == 2 || s == -2; });
    transposed += l.transposed;
  }
  EXPECT_GT(with_layout, 150);
  EXPECT_LT(with_layout, 400);
  EXPECT_GT(negative, 30);
  EXPECT_GT(two, 30);
  EXPECT_GT(transposed, 30);
  for (const auto& c : draws("ndarray[int64,0], float -> float", 200)) EXPECT_FALSE(c.layouts[0]) << "0-d";
  for (const auto& c : draws("ndarray[float32,1] -> float", 300)) {
    if (c.layouts[0]) {
      EXPECT_FALSE(c.layouts[0]->transposed) << "transposing 1-d is a no-op";
    }
  }
}

TEST(Generators, AliasesOnlyBetweenEqualMutableTypesAndAliasedArgumentsAreEqual) {
  int aliased = 0;
  for (const auto& c : draws("list[int], list[int] -> None", 1000)) {
    ASSERT_FALSE(c.aliases[0]);
    if (!c.aliases[1]) continue;
    ++aliased;
    EXPECT_EQ(*c.aliases[1], 0u);
    EXPECT_EQ(c.args[0], c.args[1]);
  }
  EXPECT_GT(aliased, 60);
  EXPECT_LT(aliased, 300);
  int array_aliased = 0, reversed = 0;
  for (const auto& c : draws("ndarray[float64,1], ndarray[float64,1] -> None", 1000)) {
    if (!c.aliases[1]) continue;
    ++array_aliased;
    EXPECT_NE(c.alias_view(1), AliasView::transposed) << "a 1-D array has no transposed view to draw";
    if (c.alias_view(1) == AliasView::reversed) {
      ++reversed;
      EXPECT_EQ(aliased_value(c.args[0], AliasView::reversed), c.args[1]);
      continue;
    }
    EXPECT_EQ(c.args[0], c.args[1]);
    EXPECT_EQ(c.layouts[0], c.layouts[1]) << "the same object has one layout";
  }
  EXPECT_GT(array_aliased, 60);
  EXPECT_GT(reversed, 5);
  for (const char* text : {"float, float -> float", "list[int], list[float] -> None", "str, str -> str",
                           "ndarray[float64,1], ndarray[float64,2] -> None"}) {
    for (const auto& c : draws(text, 300)) EXPECT_FALSE(c.aliases[1]) << text;
  }
}

TEST(Generators, ArraysAliasAsTransposedAndReversedViewsHoldingTheViewedValues) {
  int transposed = 0, reversed = 0;
  for (const auto& c : draws("ndarray[int64,2], ndarray[int64,2] -> None", 1500)) {
    if (!c.aliases[1] || c.alias_view(1) == AliasView::same) continue;
    const auto& a = c.args[0].as<NDArrayValue>();
    const auto& b = c.args[1].as<NDArrayValue>();
    ASSERT_EQ(a.shape.size(), 2u);
    const std::int64_t rows = a.shape[0], cols = a.shape[1];
    auto at = [](const NDArrayValue& x, std::int64_t i, std::int64_t j) {
      std::int64_t v;
      std::memcpy(&v, x.data.data() + 8 * (i * x.shape[1] + j), 8);
      return v;
    };
    if (c.alias_view(1) == AliasView::transposed) {
      ++transposed;
      ASSERT_EQ(b.shape, (std::vector<std::int64_t>{cols, rows}));
      for (std::int64_t i = 0; i < rows; ++i)
        for (std::int64_t j = 0; j < cols; ++j) EXPECT_EQ(at(a, i, j), at(b, j, i));
    } else {
      ++reversed;
      ASSERT_EQ(b.shape, a.shape);
      for (std::int64_t i = 0; i < rows; ++i)
        for (std::int64_t j = 0; j < cols; ++j) EXPECT_EQ(at(a, i, j), at(b, rows - 1 - i, j));
    }
    EXPECT_FALSE(c.layouts[1]) << "a view takes its target's layout, it has none of its own";
  }
  EXPECT_GT(transposed, 5);
  EXPECT_GT(reversed, 5);
}

TEST(Generators, SameSeedGivesSameCasesAndOtherSeedsDiffer) {
  const std::string text = "ndarray[float64,2], list[str], float -> float";
  const auto a = draws(text, 300, {}, 7);
  const auto b = draws(text, 300, {}, 7);
  const auto c = draws(text, 300, {}, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // The shrinkable draws agree with the plain ones, and case i does not depend on the cases before it.
  const auto shrinkables = draw_cases(sig(text), {}, 7, 300);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(shrinkables[i].value(), a[i]) << i;
  EXPECT_EQ(draw_plain_cases(case_gen(sig(text), {}), 7, 250, 50),
            std::vector<Case>(a.begin() + 250, a.end()));
}

TEST(Generators, DomainBoundsHoldForScalarsArraysAndEdgeCases) {
  Domain d;
  d.float_min = -1.0;
  d.float_max = 2.0;
  d.allow_nan = false;
  d.int_min = 0;
  d.int_max = 10;
  d.max_array_elements = 6;
  d.max_axis_length = 3;
  auto check = [&](const Case& c) {
    const double x = c.args[0].as<double>();
    EXPECT_TRUE(x >= -1.0 && x <= 2.0) << x;
    const auto i = c.args[1].as<std::int64_t>();
    EXPECT_TRUE(i >= 0 && i <= 10) << i;
    const auto& a = c.args[2].as<NDArrayValue>();
    EXPECT_LE(a.data.size() / sizeof(float), 6u);
    for (auto s : a.shape) EXPECT_LE(s, 3);
    for (std::size_t k = 0; k < a.data.size() / sizeof(float); ++k) {
      float f;
      std::memcpy(&f, a.data.data() + k * sizeof(float), sizeof f);
      EXPECT_TRUE(f >= -1.0f && f <= 2.0f) << f;
    }
  };
  const auto s = sig("float, int, ndarray[float32,2] -> float");
  std::set<double> seen;
  for (const auto& c : draws("float, int, ndarray[float32,2] -> float", 2000, d)) {
    check(c);
    seen.insert(c.args[0].as<double>());
  }
  EXPECT_TRUE(seen.count(-1.0) && seen.count(2.0) && seen.count(0.0)) << "bounds and zero are edge values";
  EXPECT_GT(seen.size(), 500u) << "values fill the interval, not just its bounds";
  for (const auto& c : edge_cases(s, d)) check(c);
}

// Shrinks the first draw that fails `fails` and returns its first argument.
Value shrink_first_failure(const std::string& text, const Domain& d,
                           const std::function<bool(const Case&)>& fails) {
  const auto candidates = draw_cases(sig(text), d, 1234, 2000);
  for (const auto& s : candidates) {
    if (fails(s.value())) return minimize(s, fails).minimal.args.at(0);
  }
  ADD_FAILURE() << "no draw failed";
  return Value();
}

TEST(Generators, ShrinkingFloatsReachesZeroTheBoundaryOrTheThreshold) {
  // A property that fails everywhere shrinks to 0.0 even from NaN or a subnormal.
  const auto always = [](const Case&) { return true; };
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto s = draw_case(case_gen(sig("float -> float"), {}), seed, 50 + seed);
    EXPECT_TRUE(has_bits({minimize(s, always).minimal.args[0].as<double>()}, 0.0)) << repr(s.value().args[0]);
  }
  Domain d;
  d.float_min = 2.0;
  d.float_max = 10.0;
  EXPECT_EQ(shrink_first_failure("float -> float", d, always).as<double>(), 2.0);
  // Failing above 100 shrinks to just above 100, whichever component generated the failure.
  const auto big = [](const Case& c) { return c.args[0].as<double>() > 100.0; };
  const double x = shrink_first_failure("float -> float", {}, big).as<double>();
  EXPECT_GT(x, 100.0);
  EXPECT_LE(x, 101.0);
}

TEST(Generators, ShrinkingDropsLayoutsAliasesAndShrinksArraysToOneZero) {
  const auto always = [](const Case&) { return true; };
  const auto gen = case_gen(sig("ndarray[float64,2], ndarray[float64,2] -> None"), {});
  int shrunk = 0;
  for (std::size_t i = 0; i < 400 && shrunk < 5; ++i) {
    const auto s = draw_case(gen, 3, i);
    const Case c = s.value();
    if (!c.layouts[0] || !c.aliases[1]) continue;  // start from a case with both a layout and an alias
    ++shrunk;
    const Case m = minimize(s, always).minimal;
    EXPECT_FALSE(m.layouts[0] || m.layouts[1] || m.aliases[1]);
    const auto& a = m.args[0].as<NDArrayValue>();
    EXPECT_EQ(a.shape, (std::vector<std::int64_t>{1, 1}));
    EXPECT_EQ(Value(a), Value(NDArrayValue{Dtype::Float64, {1, 1}, std::vector<unsigned char>(8, 0)}));
  }
  EXPECT_EQ(shrunk, 5);
  // A failure that needs the alias keeps it, and loses everything else.
  const auto needs_alias = [](const Case& c) { return c.aliases[1].has_value(); };
  for (std::size_t i = 0; i < 400; ++i) {
    const auto s = draw_case(gen, 3, i);
    if (!needs_alias(s.value())) continue;
    const Case m = minimize(s, needs_alias).minimal;
    EXPECT_TRUE(m.aliases[1]);
    EXPECT_FALSE(m.layouts[0]);
    break;
  }
}

TEST(Generators, EdgeCasesCoverEveryEdgeValueWithinTheCap) {
  const auto s = sig("float, float, int -> float");
  const auto cases = edge_cases(s, {});
  EXPECT_LE(cases.size(), 512u);
  EXPECT_GT(cases.size(), 200u);
  for (std::size_t p = 0; p < 3; ++p) {
    for (const auto& v : edge_values(s.params[p], {})) {
      EXPECT_TRUE(std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.args[p] == v; }))
          << "param " << p << " never got " << repr(v);
    }
  }
  EXPECT_EQ(cases, edge_cases(s, {}));
  // A small product is complete: every pair of (bool, float) edges.
  const auto small = edge_cases(sig("bool, float -> float"), {});
  EXPECT_EQ(small.size(), 2 * edge_values(parse_type("float").value(), {}).size());
  // ndarray edges include 0-length axes and 1-element arrays holding NaN.
  const auto arrays = edge_values(parse_type("ndarray[float64,2]").value(), {});
  EXPECT_TRUE(any_of(arrays, [](const Value& v) { return v.as<NDArrayValue>().data.empty(); }));
  EXPECT_TRUE(any_of(arrays, [](const Value& v) {
    const auto& a = v.as<NDArrayValue>();
    double x;
    if (a.data.size() != 8) return false;
    std::memcpy(&x, a.data.data(), 8);
    return std::isnan(x);
  }));
}

// Each integer width's 0, 1, min, max and max - 1 are edge values of its numpy scalar and occur in
// random arrays of it; uint64's top half (bits of a negative int64) too.
TEST(Generators, NarrowAndUnsignedIntegerEdgesAreTheirOwnWidths) {
  struct Width {
    const char* name;
    std::int64_t lo, hi;
  };
  const Width widths[] = {{"uint8", 0, 255},       {"int8", -128, 127},          {"int16", -32768, 32767},
                          {"uint16", 0, 65535},    {"uint32", 0, 4294967295LL}, {"int32", INT32_MIN, INT32_MAX},
                          {"uint64", 0, -1}};  // uint64's max is the bits -1
  for (const auto& w : widths) {
    const Type scalar = parse_type(w.name).value();
    std::vector<std::int64_t> seen;
    for (const auto& v : edge_values(scalar, {})) {
      ASSERT_TRUE(conforms(v, scalar)) << w.name << " " << repr(v);
      seen.push_back(v.as<NpScalarValue>().i);
    }
    auto has = [&](std::int64_t x) { return std::find(seen.begin(), seen.end(), x) != seen.end(); };
    EXPECT_TRUE(has(0) && has(1) && has(w.lo) && has(w.hi) && has(w.hi - 1)) << w.name;
    if (std::string(w.name) != "uint64") {
      for (auto x : seen) EXPECT_TRUE(x >= w.lo && x <= w.hi) << w.name << " edge " << x;
    }
    // Random arrays reach both ends of the width.
    const Dtype dt = *dtype_from_name(w.name);
    bool low = false, high = false;
    for (const auto& v : first_args("ndarray[" + std::string(w.name) + ",1] -> int", 400)) {
      const auto& a = v.as<NDArrayValue>();
      for (std::size_t k = 0; k < a.data.size(); k += dtype_size(dt)) {
        const std::int64_t x = load_integer(dt, a.data.data() + k);
        low |= x == w.lo;
        high |= x == w.hi;
      }
    }
    EXPECT_TRUE(low && high) << w.name << " arrays never held " << w.lo << " and " << w.hi;
  }
}

// complex64 edges are float32 pairs: NaN, inf and -0.0 parts, float32's largest finite; every part is
// exactly a float32.
TEST(Generators, Complex64EdgesHaveFloat32PartsWithNanInfAndSignedZero) {
  const Type t = parse_type("complex64").value();
  bool nan = false, inf = false, neg_zero = false, big = false;
  for (const auto& v : edge_values(t, {})) {
    const auto c = v.as<NpScalarValue>().c;
    for (double part : {c.real(), c.imag()}) {
      if (!std::isnan(part)) EXPECT_EQ(static_cast<double>(static_cast<float>(part)), part) << repr(v);
      nan |= std::isnan(part);
      inf |= std::isinf(part);
      neg_zero |= part == 0 && std::signbit(part);
      big |= part == static_cast<double>(std::numeric_limits<float>::max());
    }
  }
  EXPECT_TRUE(nan && inf && neg_zero && big);
  for (const auto& v : first_args("ndarray[complex64,1] -> int", 200)) ASSERT_TRUE(conforms(v, parse_type("ndarray[complex64,1]").value()));
}

}  // namespace
}  // namespace opsynth::verify

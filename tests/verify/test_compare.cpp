// Comparators: each tolerance class accepts exactly what it should and names the first difference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "verify/compare.hpp"

namespace opsynth::verify {
namespace {

Outcome returned(Value v) {
  Outcome o;
  o.result = std::move(v);
  return o;
}

Outcome raised(std::string cls, std::string msg = "") {
  Outcome o;
  o.raised = Raised{std::move(cls), std::move(msg)};
  return o;
}

Tolerance tol(std::string_view text) { return parse_tolerance(text).value(); }

NDArrayValue f64_array(std::vector<double> xs, std::vector<std::int64_t> shape) {
  NDArrayValue a;
  a.dtype = Dtype::Float64;
  a.shape = std::move(shape);
  a.data.resize(xs.size() * 8);
  std::memcpy(a.data.data(), xs.data(), a.data.size());
  return a;
}

TEST(Compare, exact_rejects_one_ulp_and_names_the_distance) {
  const double x = 2.0, y = std::nextafter(2.0, 3.0);
  auto m = compare_outcomes(returned(x), returned(y), tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "value");
  EXPECT_NE(m->detail.find("1 ulp"), std::string::npos) << m->describe();
  EXPECT_FALSE(compare_outcomes(returned(x), returned(x), tol("exact"), Case{}));
}

TEST(Compare, nan_equals_nan_but_not_a_number) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(compare_outcomes(returned(nan), returned(-nan), tol("exact"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(nan), returned(1.0), tol("ulp:1000"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(1.0), returned(nan), tol("reduction"), Case{}));
}

TEST(Compare, signed_zeros_differ_under_every_class_but_reduction) {
  for (auto t : {"exact", "ulp:4", "close:1e-9,1e-9"}) {
    auto m = compare_outcomes(returned(0.0), returned(-0.0), tol(t), Case{});
    ASSERT_TRUE(m) << t;
    EXPECT_NE(m->detail.find("zero"), std::string::npos);
  }
  // A reduction's zero takes its sign from where its accumulators start (BLAS builds differ).
  EXPECT_FALSE(compare_outcomes(returned(0.0), returned(-0.0), tol("reduction:100"), Case{}));
  EXPECT_FALSE(compare_outcomes(returned(-0.0), returned(0.0), tol("reduction"), Case{}));
}

TEST(Compare, ulp_class_allows_exactly_n_ulps) {
  double y = 1.0;
  for (int i = 0; i < 3; ++i) y = std::nextafter(y, 2.0);
  EXPECT_FALSE(compare_outcomes(returned(1.0), returned(y), tol("ulp:3"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(1.0), returned(y), tol("ulp:2"), Case{}));
  EXPECT_EQ(ulp_distance(std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min()), 2u);
}

TEST(Compare, infinities_must_match_exactly) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(compare_outcomes(returned(inf), returned(std::numeric_limits<double>::max()), tol("ulp:1"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(inf), returned(-inf), tol("reduction"), Case{}));
}

TEST(Compare, reduction_bound_scales_with_input_magnitudes) {
  Case c;
  c.args.push_back(Value(f64_array({1e16, 1.0, -1e16}, {3})));
  // sum is 1.0 exactly but a naive left-to-right sum gives 0.0: within eps * n * sum|x| * 2.
  EXPECT_FALSE(compare_outcomes(returned(1.0), returned(0.0), tol("reduction"), c));
  Case small;
  small.args.push_back(Value(f64_array({0.5, 0.25, 0.25}, {3})));
  EXPECT_TRUE(compare_outcomes(returned(1.0), returned(0.0), tol("reduction"), small));
}

TEST(Compare, reduction_bound_survives_magnitudes_that_sum_past_double_range) {
  // Row sums near DBL_MAX: the magnitudes sum past 1.8e308, yet the bound must stay a bound (it was
  // infinite, which demanded bit-identical results where the rounding error is largest).
  Case c;
  c.args.push_back(Value(f64_array({1.5e308, -1.4e308, 1.3e308, 0.5}, {4})));
  const double want = 1.4119797591252981e+308, got = std::nextafter(want, 0.0);
  EXPECT_FALSE(compare_outcomes(returned(want), returned(got), tol("reduction"), c));
  EXPECT_TRUE(compare_outcomes(returned(want), returned(-want), tol("reduction"), c));  // the sign is no rounding
}

TEST(Compare, a_nan_or_inf_input_leaves_the_bound_of_finite_elements_finite) {
  // Row sums of [[1e16, 1, -1e16], [nan, inf, 0]]: the first row's sum may come out 1.0 or 0.0 by order;
  // the NaN in the other row once made the bound NaN and demanded bit-identical first rows.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  Case c;
  c.args.push_back(Value(f64_array({1e16, 1.0, -1e16, nan, inf, 0.0}, {2, 3})));
  EXPECT_FALSE(compare_outcomes(returned(1.0), returned(0.0), tol("reduction"), c));
  EXPECT_TRUE(compare_outcomes(returned(1.0), returned(1e3), tol("reduction"), c)) << "past the finite inputs' bound";
  EXPECT_TRUE(compare_outcomes(returned(nan), returned(0.0), tol("reduction"), c)) << "NaN stays exact";
  EXPECT_TRUE(compare_outcomes(returned(inf), returned(1e308), tol("reduction"), c)) << "inf stays exact";
}

TEST(Compare, products_bound_covers_sums_of_products_that_outgrow_the_inputs) {
  // a . b for a = [1e100, 1e75, -1e100], b = [1e100, 1e75, 1e100]: 1e150 exactly in one order, 0 in one
  // that adds 1e150 to 1e200 first. The reduction bound (relative to sum |x| ~ 4e100, about 1e86) cannot
  // hold that error; the products bound (sum |x| + x^2 ~ 4e200, about 1e186) can, and no more.
  Case c;
  c.args.push_back(Value(f64_array({1e100, 1e75, -1e100}, {3})));
  c.args.push_back(Value(f64_array({1e100, 1e75, 1e100}, {3})));
  EXPECT_TRUE(compare_outcomes(returned(1e150), returned(0.0), tol("reduction"), c));
  EXPECT_FALSE(compare_outcomes(returned(1e150), returned(0.0), tol("products"), c));
  EXPECT_TRUE(compare_outcomes(returned(1e150), returned(1e187), tol("products"), c));
  EXPECT_EQ(verify::to_string(tol("products:3")), "products:3");
  EXPECT_FALSE(parse_tolerance("products:0"));
}

TEST(Compare, an_ulp_allowance_beside_a_reduction_bound_admits_near_values_of_any_magnitude) {
  // exp(122.5) a rounding away from numpy's: 2e37 off, far past a bound relative to the input 122.5,
  // yet 1 ulp; a function composed of exp and sums must pass it, and still fail at 3 ulp of 2 allowed.
  Case c;
  c.args.push_back(Value(f64_array({0.0, 122.5}, {2})));
  const double want = 1.5888175674695377e+53, one = std::nextafter(want, 0.0);
  const double three = std::nextafter(std::nextafter(one, 0.0), 0.0);
  EXPECT_TRUE(compare_outcomes(returned(want), returned(one), tol("reduction"), c));
  EXPECT_FALSE(compare_outcomes(returned(want), returned(one), tol("reduction+ulp:2"), c));
  const auto m = compare_outcomes(returned(want), returned(three), tol("reduction+ulp:2"), c);
  ASSERT_TRUE(m);
  EXPECT_NE(m->detail.find("3 ulp (allowed 2)"), std::string::npos) << m->detail;
  // The bound still admits what it did: a cancelled sum's 0.0 for 1.0 is many ulp but within it.
  Case sums;
  sums.args.push_back(Value(f64_array({1e16, 1.0, -1e16}, {3})));
  EXPECT_FALSE(compare_outcomes(returned(1.0), returned(0.0), tol("reduction:2+ulp:1"), sums));
  EXPECT_TRUE(compare_outcomes(returned(1.0), returned(1.0 + 1e-9), tol("reduction+ulp:1"), Case{}));
}

TEST(Compare, close_class_allows_atol_plus_rtol_times_expected) {
  // 0.0 against 2e-11 (a cancelled distance): inside atol 1e-9, outside atol 1e-12.
  EXPECT_FALSE(compare_outcomes(returned(0.0), returned(2e-11), tol("close:1e-9,1e-9"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(0.0), returned(2e-11), tol("close:1e-9,1e-12"), Case{}));
  // rtol scales with the expected value.
  EXPECT_FALSE(compare_outcomes(returned(1e6), returned(1e6 + 0.5), tol("close:1e-6,0"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(1e6), returned(1e6 + 2.0), tol("close:1e-6,0"), Case{}));
  // NaN, infinities and the sign of zero are still exact.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(compare_outcomes(returned(inf), returned(1e308), tol("close:1,1"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(std::nan("")), returned(0.0), tol("close:1,1"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(0.0), returned(-0.0), tol("close:1,1"), Case{}));
}

TEST(Compare, exception_class_is_compared_before_values) {
  auto m = compare_outcomes(raised("ValueError", "math domain error"), raised("ZeroDivisionError"), tol("exact"),
                            Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "exception");
  EXPECT_TRUE(compare_outcomes(raised("ValueError"), returned(0.0), tol("exact"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(0.0), raised("ValueError"), tol("exact"), Case{}));
  // Same class, different message: accepted (DESIGN §4.6 compares the class).
  EXPECT_FALSE(compare_outcomes(raised("ValueError", "a"), raised("ValueError", "b"), tol("exact"), Case{}));
}

TEST(Compare, types_shape_dtype_and_index_are_named_in_that_order) {
  auto m = compare_outcomes(returned(Value(std::int64_t{1})), returned(1.0), tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "type");
  m = compare_outcomes(returned(f64_array({1, 2}, {2})), returned(f64_array({1, 2}, {1, 2})), tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "shape");
  m = compare_outcomes(returned(f64_array({1, 2, 3, 4}, {2, 2})), returned(f64_array({1, 2, 3, 5}, {2, 2})),
                       tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->where, "result[1, 1]");
}

TEST(Compare, effects_on_arguments_must_match_python) {
  Outcome e = returned(Value(NoneValue{}));
  e.args_after = {Value(ListValue{{Value(std::int64_t{1})}})};
  Outcome g = returned(Value(NoneValue{}));
  g.args_after = {Value(ListValue{})};
  auto m = compare_outcomes(e, g, tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "effect");
}

TEST(Compare, dict_order_is_observable) {
  DictValue a{{{Value(StrValue{"x"}), Value(std::int64_t{1})}, {Value(StrValue{"y"}), Value(std::int64_t{2})}}};
  DictValue b{{{Value(StrValue{"y"}), Value(std::int64_t{2})}, {Value(StrValue{"x"}), Value(std::int64_t{1})}}};
  EXPECT_TRUE(compare_outcomes(returned(Value(a)), returned(Value(b)), tol("exact"), Case{}));
}

TEST(Tolerance, parses_and_prints_each_class_and_rejects_nonsense) {
  EXPECT_EQ(to_string(tol("ulp:4")), "ulp:4");
  EXPECT_EQ(tol("reduction").kind, Tolerance::Kind::Reduction);
  EXPECT_EQ(to_string(tol("reduction:8")), "reduction:8");
  EXPECT_EQ(to_string(tol("close:1e-09,0.001")), "close:1e-09,0.001");
  EXPECT_EQ(tol("close:0,1e-6").atol, 1e-6);
  EXPECT_EQ(to_string(tol("reduction+ulp:3")), "reduction:2+ulp:3");
  EXPECT_EQ(to_string(tol("products:4+ulp:1")), "products:4+ulp:1");
  EXPECT_EQ(tol("reduction:2+ulp:3").ulps, 3);
  for (auto bad : {"", "ulp", "ulp:-1", "ulp:x", "reduction:0", "fuzzy", "ulp:1e3", "close:1e-9", "close:0,0",
                   "close:-1,1", "close:1,inf", "close:1,2,3", "close:,1", "exact+ulp:1", "ulp:1+ulp:2",
                   "close:1,1+ulp:1", "reduction+ulp:", "reduction+ulp:x", "reduction+ulp:1+ulp:2", "+ulp:1"})
    EXPECT_FALSE(parse_tolerance(bad).ok()) << bad;
}

template <class T>
NDArrayValue typed_array(Dtype dt, std::vector<T> xs) {
  NDArrayValue a;
  a.dtype = dt;
  a.shape = {static_cast<std::int64_t>(xs.size())};
  a.data.resize(xs.size() * sizeof(T));
  std::memcpy(a.data.data(), xs.data(), a.data.size());
  return a;
}

TEST(Compare, integer_dtypes_compare_exactly_under_every_class_and_show_their_values) {
  const auto e = typed_array<std::uint8_t>(Dtype::UInt8, {0, 255, 44});
  const auto g = typed_array<std::uint8_t>(Dtype::UInt8, {0, 255, 45});
  for (auto t : {"exact", "reduction:100", "close:1,1"}) {
    auto m = compare_outcomes(returned(e), returned(g), tol(t), Case{});
    ASSERT_TRUE(m) << t << ": an integer element is never 'close enough'";
    EXPECT_EQ(m->where, "result[2]");
    EXPECT_EQ(m->expected, "44");
    EXPECT_EQ(m->got, "45");
  }
  EXPECT_FALSE(compare_outcomes(returned(e), returned(e), tol("exact"), Case{}));
  // Same bytes, another dtype: the dtype stage names both.
  auto m = compare_outcomes(returned(e), returned(typed_array<std::int8_t>(Dtype::Int8, {0, -1, 44})), tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->stage, "dtype");
  EXPECT_NE(m->detail.find("int8, expected uint8"), std::string::npos) << m->detail;
  // uint64 beyond int64 shows unsigned.
  m = compare_outcomes(returned(typed_array<std::uint64_t>(Dtype::UInt64, {~0ull})),
                       returned(typed_array<std::uint64_t>(Dtype::UInt64, {~0ull - 1})), tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_NE(m->expected.find("18446744073709551615"), std::string::npos) << m->expected;
}

TEST(Compare, complex64_parts_follow_float32_rules) {
  const float x = 1.0f, y = std::nextafter(1.0f, 2.0f);
  const auto e = typed_array<std::complex<float>>(Dtype::Complex64, {{x, -0.0f}});
  auto m = compare_outcomes(returned(e), returned(typed_array<std::complex<float>>(Dtype::Complex64, {{y, -0.0f}})),
                            tol("exact"), Case{});
  ASSERT_TRUE(m);
  EXPECT_NE(m->detail.find("1 ulp"), std::string::npos) << m->describe();  // float32 ulps, not float64's
  EXPECT_FALSE(compare_outcomes(returned(e), returned(typed_array<std::complex<float>>(Dtype::Complex64, {{y, -0.0f}})),
                                tol("ulp:1"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(e), returned(typed_array<std::complex<float>>(Dtype::Complex64, {{x, 0.0f}})),
                               tol("exact"), Case{}));  // signed zero of the imaginary part
  const Value se = NpScalarValue{Dtype::Complex64, {1.0, std::numeric_limits<double>::quiet_NaN()}, 0};
  EXPECT_FALSE(compare_outcomes(returned(se), returned(se), tol("exact"), Case{}));
  const Value sg = NpScalarValue{Dtype::Complex64, {static_cast<double>(y), std::numeric_limits<double>::quiet_NaN()}, 0};
  EXPECT_FALSE(compare_outcomes(returned(se), returned(sg), tol("ulp:1"), Case{}));
  EXPECT_TRUE(compare_outcomes(returned(se), returned(sg), tol("exact"), Case{}));
}

}  // namespace
}  // namespace opsynth::verify

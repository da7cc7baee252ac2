// rt::lit tag types, Python tuple comparison (rt/tuple.hpp) and numpy scalar wrappers (rt/scalar.hpp).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>

#include "edge_gen.hpp"
#include "python_env.hpp"
#include "rt/lit.hpp"
#include "rt/scalar.hpp"
#include "rt/tuple.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::py_eval;

// Literal[1], Literal[True], Literal[1.0] are different constants, so their tags are different types.
static_assert(!std::is_same_v<rt::lit<1>, rt::lit<true>>);
static_assert(!std::is_same_v<rt::lit<1>, rt::lit<1.0>>);
static_assert(!std::is_same_v<rt::lit<true>, rt::lit<1.0>>);
static_assert(!std::is_same_v<rt::lit<false>, rt::lit<0>>);
static_assert(!std::is_same_v<rt::lit<"fro">, rt::lit<"nuc">>);
static_assert(!std::is_same_v<rt::lit<rt::inf>, rt::lit<-rt::inf>>);
static_assert(std::is_same_v<rt::lit<"fro">, rt::lit<"fro">>);
static_assert(std::is_same_v<rt::lit<2>, rt::lit<std::int64_t{2}>>);

static_assert(rt::lit<"fro">::kind == rt::literal_kind::string && rt::lit<"fro">::as_str() == "fro");
static_assert(rt::lit<false>::is_bool && !rt::lit<false>::as_bool());
static_assert(rt::lit<-3>::is_int && rt::lit<-3>::as_int() == -3);
static_assert(rt::lit<2.5>::is_float && rt::lit<2.5>::as_float() == 2.5);
static_assert(rt::lit<-rt::inf>::as_float() == -std::numeric_limits<double>::infinity());
static_assert(std::is_same_v<decltype(rt::lit<1>::value), const std::int64_t>);
static_assert(std::is_same_v<decltype(rt::lit<"x">::value), const std::string_view>);
static_assert(rt::lit<"">::as_str().empty());
static_assert(rt::lit<"012345678901234567890123456789012345678901234567890123456789012">::as_str().size() == 63);

// How a norm-like operator uses its Literal parameters: one overload per tag, if constexpr inside.
std::string describe(rt::lit<"fro">) { return "frobenius"; }
std::string describe(rt::lit<1>) { return "int one"; }
std::string describe(rt::lit<true>) { return "bool true"; }
std::string describe(rt::lit<1.0>) { return "float one"; }
template <rt::literal V>
std::string describe_order(rt::lit<V>) {
  if constexpr (rt::lit<V>::is_float) {
    return std::isinf(rt::lit<V>::as_float()) ? (rt::lit<V>::as_float() > 0 ? "max" : "min") : "p-norm";
  } else if constexpr (rt::lit<V>::is_str) {
    return std::string(rt::lit<V>::as_str());
  } else {
    return "other";
  }
}

}  // namespace

TEST(Lit, overloads_on_literal_tags_pick_the_matching_constant) {
  EXPECT_EQ(describe(rt::lit<"fro">{}), "frobenius");
  EXPECT_EQ(describe(rt::lit<1>{}), "int one");
  EXPECT_EQ(describe(rt::lit<true>{}), "bool true");
  EXPECT_EQ(describe(rt::lit<1.0>{}), "float one");
  EXPECT_EQ(describe_order(rt::lit<rt::inf>{}), "max");
  EXPECT_EQ(describe_order(rt::lit<-rt::inf>{}), "min");
  EXPECT_EQ(describe_order(rt::lit<"nuc">{}), "nuc");
  EXPECT_EQ(describe_order(rt::lit<0>{}), "other");
}

TEST(Lit, values_equal_the_python_literals_they_stand_for) {
  EXPECT_EQ(rt::lit<2.5>::value, py_eval("2.5").cast<double>());
  EXPECT_EQ(rt::lit<-7>::value, py_eval("-7").cast<std::int64_t>());
  EXPECT_EQ(rt::lit<rt::inf>::value, py_eval("math.inf").cast<double>());
  EXPECT_EQ(rt::lit<"fro">::value, py_eval("'fro'").cast<std::string>());
  EXPECT_TRUE(std::isnan(rt::lit<rt::nan>::value));
}

namespace {

// Small element pools make equal prefixes (and NaN in them) common.
rc::Gen<double> tuple_double() {
  return rc::gen::element(std::nan(""), 0.0, -0.0, 1.0, 2.0, -1.0, std::numeric_limits<double>::infinity(),
                          9007199254740992.0);
}
rc::Gen<std::int64_t> tuple_int() {
  return rc::gen::element<std::int64_t>(0, 1, 2, -1, 9007199254740993, std::numeric_limits<std::int64_t>::max());
}

py::object to_python(double x) { return py::float_(x); }
py::object to_python(std::int64_t x) { return py::int_(x); }
template <class... T>
py::object to_python(const std::tuple<T...>& t) {
  return std::apply([](const auto&... e) { return py::make_tuple(to_python(e)...); }, t);
}

template <class V, class W>
void assert_all_comparisons_match_python(const V& v, const W& w) {
  py::dict d;
  d["v"] = to_python(v);
  d["w"] = to_python(w);
  RC_ASSERT(rt::tuple_eq(v, w) == py_eval("v == w", d).cast<bool>());
  RC_ASSERT(rt::tuple_ne(v, w) == py_eval("v != w", d).cast<bool>());
  RC_ASSERT(rt::tuple_lt(v, w) == py_eval("v < w", d).cast<bool>());
  RC_ASSERT(rt::tuple_le(v, w) == py_eval("v <= w", d).cast<bool>());
  RC_ASSERT(rt::tuple_gt(v, w) == py_eval("v > w", d).cast<bool>());
  RC_ASSERT(rt::tuple_ge(v, w) == py_eval("v >= w", d).cast<bool>());
}

}  // namespace

RC_GTEST_PROP(Tuple, comparisons_with_nan_follow_python_not_std_tuple, ()) {
  const auto v = std::tuple{*tuple_double(), *tuple_int(), *tuple_double()};
  const auto w = std::tuple{*tuple_double(), *tuple_int(), *tuple_double()};
  assert_all_comparisons_match_python(v, w);
}

RC_GTEST_PROP(Tuple, mixed_int_float_nested_and_unequal_length_tuples_match_python, ()) {
  const auto v = std::tuple{*tuple_int(), std::tuple{*tuple_double(), *tuple_int()}};
  const auto w = std::tuple{*tuple_double(), std::tuple{*tuple_int(), *tuple_double()}, *tuple_int()};
  assert_all_comparisons_match_python(v, w);
  assert_all_comparisons_match_python(w, v);
}

TEST(Tuple, first_unequal_nan_decides_where_a_less_than_only_comparison_looks_further) {
  // The pre-C++20 rule (std::lexicographical_compare, C++17 tuple <) treats an unordered NaN pair as
  // equal and moves on; Python stops at it: (nan, 1) < (nan, 2) is False.
  const double v_items[] = {std::nan(""), 1.0};
  const double w_items[] = {std::nan(""), 2.0};
  EXPECT_TRUE(std::lexicographical_compare(std::begin(v_items), std::end(v_items), std::begin(w_items),
                                           std::end(w_items)));
  const auto v = std::tuple{std::nan(""), 1};
  const auto w = std::tuple{std::nan(""), 2};
  EXPECT_EQ(rt::tuple_lt(v, w), py_eval("(float('nan'), 1) < (float('nan'), 2)").cast<bool>());
  EXPECT_FALSE(rt::tuple_lt(v, w));
  EXPECT_TRUE(rt::tuple_ne(v, w));
}

TEST(Tuple, int_against_float_elements_compare_exactly_where_std_tuple_rounds) {
  const auto v = std::tuple{std::int64_t{9007199254740993}};  // 2**53 + 1
  const auto w = std::tuple{9007199254740992.0};
  EXPECT_TRUE(v == w);  // std::tuple converts the int to double first
  EXPECT_EQ(rt::tuple_eq(v, w), py_eval("(2**53 + 1,) == (9007199254740992.0,)").cast<bool>());
  EXPECT_EQ(rt::tuple_gt(v, w), py_eval("(2**53 + 1,) > (9007199254740992.0,)").cast<bool>());
  EXPECT_TRUE(rt::tuple_gt(v, w));
}

TEST(Scalar, numpy_scalars_hold_and_compare_values_like_numpy) {
  const rt::float64 nan64(std::nan(""));
  EXPECT_EQ(nan64 == nan64, py_eval("numpy.float64('nan') == numpy.float64('nan')").cast<bool>());
  EXPECT_EQ(rt::float64(-0.0) == rt::float64(0.0), py_eval("numpy.float64(-0.0) == numpy.float64(0.0)").cast<bool>());
  EXPECT_EQ(rt::float32(0.1f).value, py_eval("float(numpy.float32(0.1))").cast<double>());
  EXPECT_EQ(rt::int32(-5).get(), -5);
  EXPECT_EQ(static_cast<std::int64_t>(rt::int64(7)), 7);
  EXPECT_EQ(rt::complex128({1.0, -2.0}).value, std::complex<double>(1.0, -2.0));
  EXPECT_TRUE(rt::bool_(true) == rt::bool_(true));
  static_assert(!std::is_same_v<rt::float64, double> && !std::is_convertible_v<double, rt::float64>);
  static_assert(!std::is_same_v<rt::int64, rt::int32>);
}

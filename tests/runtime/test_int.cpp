// rt int operations (runtime/rt/int.hpp) against the same expressions in embedded CPython.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <variant>

#include "edge_gen.hpp"
#include "python_env.hpp"
#include "rt/int.hpp"
#include "scalar_outcome.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::any_double;
using opsynth::testing::any_int64;
using opsynth::testing::py_eval;
using opsynth::testing::PyOutcome;
using opsynth::testing::py_try;
using opsynth::testing::mismatch;
using opsynth::testing::run_cpp;
using opsynth::testing::same_float;

py::dict args(std::int64_t a, std::int64_t b) {
  py::dict d;
  d["a"] = a;
  d["b"] = b;
  return d;
}

#define EXPECT_AS_PYTHON(expr, a, b, call)                                          \
  do {                                                                              \
    const std::int64_t a_ = (a), b_ = (b);                                          \
    const auto outcome_ = run_cpp([&] { return call(a_, b_); });                    \
    RC_ASSERT(mismatch(py_try(expr, args(a_, b_)), outcome_) == std::string()); \
  } while (0)

}  // namespace

RC_GTEST_PROP(Int, add_sub_mul_match_python_or_raise_overflow, ()) {
  const auto a = *any_int64();
  const auto b = *any_int64();
  EXPECT_AS_PYTHON("a + b", a, b, rt::int_add);
  EXPECT_AS_PYTHON("a - b", a, b, rt::int_sub);
  EXPECT_AS_PYTHON("a * b", a, b, rt::int_mul);
  EXPECT_AS_PYTHON("-a", a, b, [](std::int64_t x, std::int64_t) { return rt::int_neg(x); });
  EXPECT_AS_PYTHON("abs(a)", a, b, [](std::int64_t x, std::int64_t) { return rt::int_abs(x); });
}

RC_GTEST_PROP(Int, floordiv_mod_divmod_follow_python_sign_rules, ()) {
  const auto a = *any_int64();
  const auto b = *rc::gen::weightedOneOf<std::int64_t>(
      {{4, any_int64()}, {1, rc::gen::element<std::int64_t>(0, -1, 1, 2, -2)}});
  EXPECT_AS_PYTHON("a // b", a, b, rt::int_floordiv);
  EXPECT_AS_PYTHON("a % b", a, b, rt::int_mod);
  EXPECT_AS_PYTHON("divmod(a, b)", a, b, rt::int_divmod);
}

TEST(Int, division_by_zero_raises_pythons_messages) {
  EXPECT_EQ(mismatch(py_try("a // b", args(7, 0)), run_cpp([] { return rt::int_floordiv(7, 0); })), "");
  EXPECT_EQ(mismatch(py_try("a % b", args(7, 0)), run_cpp([] { return rt::int_mod(7, 0); })), "");
  EXPECT_EQ(mismatch(py_try("divmod(a, b)", args(7, 0)), run_cpp([] { return rt::int_divmod(7, 0); })), "");
  EXPECT_EQ(mismatch(py_try("a / b", args(7, 0)), run_cpp([] { return rt::int_truediv(7, 0); })), "");
  EXPECT_EQ(mismatch(py_try("a ** b", args(0, -1)), run_cpp([] { return rt::int_pow_negative(0, -1); })), "");
}

RC_GTEST_PROP(Int, pow_matches_python_or_raises_overflow, ()) {
  const auto a = *rc::gen::weightedOneOf<std::int64_t>(
      {{2, any_int64()}, {3, rc::gen::inRange<std::int64_t>(-20, 21)}, {1, rc::gen::element<std::int64_t>(
                                                                           3037000499, -3037000500, 2097151)}});
  const auto b = *rc::gen::weightedOneOf<std::int64_t>(
      {{4, rc::gen::inRange<std::int64_t>(0, 70)}, {1, rc::gen::inRange<std::int64_t>(0, 1000)}});
  EXPECT_AS_PYTHON("a ** b", a, b, rt::int_pow);
}

RC_GTEST_PROP(Int, pow_with_negative_exponent_returns_pythons_float, ()) {
  const auto a = *any_int64();
  const auto b = *rc::gen::weightedOneOf<std::int64_t>(
      {{3, rc::gen::inRange<std::int64_t>(-70, 0)}, {1, rc::gen::suchThat(any_int64(), [](std::int64_t v) {
                                                       return v < 0;
                                                     })}});
  EXPECT_AS_PYTHON("a ** b", a, b, rt::int_pow_negative);
}

RC_GTEST_PROP(Int, truediv_is_correctly_rounded_for_all_int64, ()) {
  const auto a = *any_int64();
  const auto b = *any_int64();
  EXPECT_AS_PYTHON("a / b", a, b, rt::int_truediv);
}

TEST(Int, truediv_beyond_two_to_53_differs_from_naive_double_division) {
  // Python rounds the exact quotient once; dividing rounded operands lands one ulp off here.
  const std::int64_t a = 9007199254740993;  // 2**53 + 1
  const std::int64_t b = 3;
  const double python = py_eval("a / b", args(a, b)).cast<double>();
  EXPECT_EQ(rt::int_truediv(a, b), python);
  EXPECT_NE(static_cast<double>(a) / static_cast<double>(b), python);
  EXPECT_TRUE(same_float(rt::int_truediv(0, -5), -0.0));
}

RC_GTEST_PROP(Int, shifts_match_python_and_reject_negative_counts, ()) {
  const auto a = *any_int64();
  const auto n = *rc::gen::weightedOneOf<std::int64_t>(
      {{4, rc::gen::inRange<std::int64_t>(-3, 70)}, {1, any_int64()}});
  // For counts of 64 and more the exact result is outside int64 unless a == 0 (CPython cannot even
  // allocate it for huge counts), so Python is asked about a << 64, which has the same verdict.
  EXPECT_AS_PYTHON("a << min(b, 64)", a, n, rt::int_lshift);
  EXPECT_AS_PYTHON("a >> b", a, n, rt::int_rshift);
}

RC_GTEST_PROP(Int, bitwise_operations_match_python, ()) {
  const auto a = *any_int64();
  const auto b = *any_int64();
  EXPECT_AS_PYTHON("a & b", a, b, rt::int_and);
  EXPECT_AS_PYTHON("a | b", a, b, rt::int_or);
  EXPECT_AS_PYTHON("a ^ b", a, b, rt::int_xor);
  EXPECT_AS_PYTHON("~a", a, b, [](std::int64_t x, std::int64_t) { return rt::int_invert(x); });
}

RC_GTEST_PROP(Int, int_to_float_rounds_like_python, ()) {
  const auto a = *any_int64();
  EXPECT_AS_PYTHON("float(a)", a, 0, [](std::int64_t x, std::int64_t) { return rt::int_to_float(x); });
}

namespace {

// An int and a float close to each other, so the comparison depends on the last bits.
rc::Gen<std::tuple<std::int64_t, double>> int_near_float() {
  return rc::gen::map(rc::gen::tuple(any_int64(), any_double(), rc::gen::inRange<int>(-3, 4),
                                     rc::gen::inRange<int>(0, 3)),
                      [](const std::tuple<std::int64_t, double, int, int>& t) {
                        auto [i, x, nudge, mode] = t;
                        if (mode == 0) return std::tuple{i, x};
                        double near = static_cast<double>(i);
                        for (int k = 0; k < std::abs(nudge); ++k) near = std::nextafter(near, nudge * std::numeric_limits<double>::infinity());
                        return std::tuple{i, mode == 1 ? near : std::trunc(x)};
                      });
}

}  // namespace

RC_GTEST_PROP(Int, int_float_comparisons_are_exact, ()) {
  const auto [a, x] = *int_near_float();
  py::dict d;
  d["a"] = a;
  d["x"] = x;
  RC_ASSERT(rt::int_float_eq(a, x) == py_eval("a == x", d).cast<bool>());
  RC_ASSERT(rt::int_float_ne(a, x) == py_eval("a != x", d).cast<bool>());
  RC_ASSERT(rt::int_float_lt(a, x) == py_eval("a < x", d).cast<bool>());
  RC_ASSERT(rt::int_float_le(a, x) == py_eval("a <= x", d).cast<bool>());
  RC_ASSERT(rt::int_float_gt(a, x) == py_eval("a > x", d).cast<bool>());
  RC_ASSERT(rt::int_float_ge(a, x) == py_eval("a >= x", d).cast<bool>());
  RC_ASSERT(rt::float_int_lt(x, a) == py_eval("x < a", d).cast<bool>());
  RC_ASSERT(rt::float_int_ge(x, a) == py_eval("x >= a", d).cast<bool>());
}

TEST(Int, comparison_with_float_does_not_round_the_int) {
  const std::int64_t a = 9007199254740993;  // 2**53 + 1 rounds to 2**53 as a double
  const double x = 9007199254740992.0;
  EXPECT_FALSE(rt::int_float_eq(a, x));
  EXPECT_TRUE(rt::int_float_gt(a, x));
  EXPECT_TRUE(rt::int_float_lt(std::numeric_limits<std::int64_t>::max(), 9223372036854775808.0));
  EXPECT_TRUE(rt::int_float_eq(std::numeric_limits<std::int64_t>::min(), -9223372036854775808.0));
  EXPECT_TRUE(rt::int_float_ne(0, std::nan("")));
  EXPECT_FALSE(rt::int_float_le(0, std::nan("")));
}

// rt float operations (runtime/rt/float.hpp, float_repr.hpp) against the same expressions in CPython.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "edge_gen.hpp"
#include "python_env.hpp"
#include "rt/float.hpp"
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

template <class A, class B>
py::dict args(const A& a, const B& b) {
  py::dict d;
  d["a"] = a;
  d["b"] = b;
  return d;
}

#define EXPECT_AS_PYTHON(expr, locals, call)                              \
  do {                                                                    \
    const auto outcome_ = run_cpp([&] { return call; });                  \
    const std::string why_ = mismatch(py_try(expr, locals), outcome_);    \
    if (!why_.empty()) RC_FAIL(std::string(expr) + ": " + why_);          \
  } while (0)

// Doubles that are short decimals (2.675, -0.125, 1e22), where decimal rounding has ties to get right.
rc::Gen<double> decimal_double() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::int64_t>(-100000, 100001), rc::gen::inRange(-25, 25)),
                      [](const std::tuple<std::int64_t, int>& t) {
                        return std::stod(std::to_string(std::get<0>(t)) + "e" + std::to_string(std::get<1>(t)));
                      });
}

rc::Gen<double> any_or_decimal_double() {
  return rc::gen::weightedOneOf<double>({{3, any_double()}, {2, decimal_double()}});
}

}  // namespace

RC_GTEST_PROP(Float, division_family_follows_python, ()) {
  const double a = *any_double();
  const double b = *rc::gen::weightedOneOf<double>({{5, any_double()}, {1, rc::gen::element(0.0, -0.0)}});
  EXPECT_AS_PYTHON("a / b", args(a, b), rt::float_truediv(a, b));
  EXPECT_AS_PYTHON("a // b", args(a, b), rt::float_floordiv(a, b));
  EXPECT_AS_PYTHON("a % b", args(a, b), rt::float_mod(a, b));
  EXPECT_AS_PYTHON("divmod(a, b)", args(a, b), rt::float_divmod(a, b));
}

RC_GTEST_PROP(Float, pow_follows_python_special_values_and_errors, ()) {
  const double a = *rc::gen::weightedOneOf<double>(
      {{3, any_double()}, {1, rc::gen::element(0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 10.0, 0.5, -0.5)}});
  const double b = *rc::gen::weightedOneOf<double>(
      {{2, any_double()},
       {2, rc::gen::map(rc::gen::inRange(-1100, 1100), [](int i) { return static_cast<double>(i); })},
       {1, rc::gen::element(0.5, -0.5, 1e6, -1e6, 1.5, 3.0, -3.0)}});
  EXPECT_AS_PYTHON("a ** b", args(a, b), rt::float_pow(a, b));
}

RC_GTEST_PROP(Float, round_and_int_convert_like_python, ()) {
  const double x = *any_or_decimal_double();
  py::dict d;
  d["x"] = x;
  EXPECT_AS_PYTHON("round(x)", d, rt::float_round(x));
  EXPECT_AS_PYTHON("int(x)", d, rt::float_to_int(x));
  EXPECT_AS_PYTHON("x.is_integer()", d, rt::float_is_integer(x));
}

RC_GTEST_PROP(Float, round_ndigits_rounds_the_exact_binary_value, ()) {
  const double x = *any_or_decimal_double();
  const std::int64_t n = *rc::gen::weightedOneOf<std::int64_t>({
      {4, rc::gen::inRange<std::int64_t>(-20, 21)},
      {2, rc::gen::inRange<std::int64_t>(-330, 331)},
      {1, rc::gen::element<std::int64_t>(-309, -308, -307, 322, 323, 324)},
      {1, any_int64()},
  });
  EXPECT_AS_PYTHON("round(a, b)", args(x, n), rt::float_round_ndigits(x, n));
}

// int(x) at the int64 edges: -2**63 converts (the one value whose bits the hardware's "invalid" answer
// shares), the doubles just outside and 2**63 overflow, NaN and the infinities raise Python's errors.
TEST(Float, int_of_float_at_the_int64_edges) {
  constexpr double two63 = 9223372036854775808.0;
  EXPECT_EQ(rt::float_to_int(-two63), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(rt::float_to_int(std::nextafter(two63, 0.0)), std::int64_t{9223372036854774784});
  EXPECT_EQ(rt::float_to_int(-0.9), 0);
  EXPECT_EQ(rt::float_to_int(-2.5), -2);
  EXPECT_THROW(rt::float_to_int(two63), rt::OverflowError);
  EXPECT_THROW(rt::float_to_int(std::nextafter(-two63, -INFINITY)), rt::OverflowError);
  EXPECT_THROW(rt::float_to_int(INFINITY), rt::OverflowError);
  EXPECT_THROW(rt::float_to_int(-INFINITY), rt::OverflowError);
  EXPECT_THROW(rt::float_to_int(std::nan("")), rt::ValueError);
  EXPECT_THROW(rt::float_to_int(-std::nan("")), rt::ValueError);
}

TEST(Float, round_ndigits_known_cases) {
  EXPECT_EQ(rt::float_round_ndigits(2.675, 2), 2.67);  // 2.675 is stored just below 2.675
  EXPECT_EQ(rt::float_round_ndigits(0.125, 2), 0.12);  // exact tie: half to even
  EXPECT_EQ(rt::float_round_ndigits(25.0, -1), 20.0);
  EXPECT_EQ(rt::float_round_ndigits(-25.4, -1), -30.0);
  EXPECT_TRUE(std::signbit(rt::float_round_ndigits(-1.0, -400)));
  EXPECT_THROW(rt::float_round_ndigits(1.7976931348623157e308, -308), rt::OverflowError);
}

namespace {

// Text shaped like float() input: number pieces, signs, underscores, inf/nan spellings, ASCII and
// Unicode spaces, non-ASCII digits, and junk, glued in random order.
rc::Gen<std::string> float_like_text() {
  const std::vector<std::string> pieces = {
      "1",  "0",  "9",  "12", "007", "5",  ".", ".", "e", "E", "+", "-", "_", "_", "e-", "e+",
      "inf", "Infinity", "INF", "nan", "NaN", "iNf", " ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c",
      "\u00a0", "\u3000", "\u2028", "\u0085", "\u0663", "\uff17", "\U0001D7D9", "x", "0x1", "'", "\"",
      "\\", "\x7f", "\u00e9", "1e999", "1e-999", "123456789012345678901234567890", "4.9e-324", "?"};
  return rc::gen::map(rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, pieces.size())),
                      [pieces](const std::vector<std::size_t>& picks) {
                        std::string s;
                        for (std::size_t k : picks) s += pieces[k];
                        return s;
                      });
}

}  // namespace

RC_GTEST_PROP(Float, from_str_accepts_and_rejects_like_python, ()) {
  const std::string s = *rc::gen::weightedOneOf<std::string>(
      {{5, float_like_text()},
       {1, opsynth::testing::any_text()},
       {2, rc::gen::map(any_double(), [](double x) { return rt::float_repr(x); })}});
  py::dict d;
  d["s"] = py::str(s);
  EXPECT_AS_PYTHON("float(s)", d, rt::float_from_str(s));
}

TEST(Float, from_str_reports_the_text_as_python_repr) {
  for (const std::string s : {"abc", "a'b", "a\"b", "a'\"b", "1\x01", "\xc3\xa9x", "\\", ""}) {
    const PyOutcome expected = py_try("float(s)", [&] {
      py::dict d;
      d["s"] = py::str(s);
      return d;
    }());
    ASSERT_EQ(expected.exception, "ValueError") << s;
    try {
      rt::float_from_str(s);
      ADD_FAILURE() << "no exception for " << s;
    } catch (const rt::ValueError& e) {
      EXPECT_EQ(e.what(), expected.message);
    }
  }
}

RC_GTEST_PROP(Float, repr_is_byte_identical_to_python_on_random_bits, ()) {
  // 200 doubles per case, so the default 100 cases check 20000 values.
  const auto xs = *rc::gen::container<std::vector<double>>(200, any_double());
  py::list reprs = py_eval("[repr(x) for x in xs]", [&] {
    py::dict d;
    py::list values;
    for (double x : xs) values.append(x);
    d["xs"] = values;
    return d;
  }());
  for (std::size_t k = 0; k < xs.size(); ++k) {
    RC_ASSERT(rt::float_repr(xs[k]) == reprs[k].cast<std::string>());
  }
}

TEST(Float, repr_matches_python_on_two_million_bit_patterns) {
  // Half uniform bit patterns, half with a uniform exponent and short mantissas (few-digit outputs).
  std::mt19937_64 rng(20240611);
  constexpr std::size_t kCount = 2'000'000;
  std::vector<double> xs(kCount);
  for (std::size_t k = 0; k < kCount; ++k) {
    std::uint64_t bits = rng();
    if (k % 2 == 1) bits &= ~((std::uint64_t{1} << (rng() % 52)) - 1);
    xs[k] = std::bit_cast<double>(bits);
  }
  py::dict d;
  d["raw"] = py::bytes(reinterpret_cast<const char*>(xs.data()), xs.size() * sizeof(double));
  const std::string joined = py_eval("'\\n'.join(map(repr, numpy.frombuffer(raw, dtype=numpy.float64).tolist()))", d)
                                 .cast<std::string>();
  std::size_t start = 0;
  std::size_t failures = 0;
  for (std::size_t k = 0; k < kCount; ++k) {
    const std::size_t end = k + 1 < kCount ? joined.find('\n', start) : joined.size();
    const std::string_view expected(joined.data() + start, end - start);
    if (rt::float_repr(xs[k]) != expected && ++failures <= 5) {
      ADD_FAILURE() << "bits " << std::bit_cast<std::uint64_t>(xs[k]) << ": Python " << expected << ", C++ "
                    << rt::float_repr(xs[k]);
    }
    start = end + 1;
  }
  EXPECT_EQ(failures, 0u);
}

TEST(Float, repr_layout_rules) {
  EXPECT_EQ(rt::float_repr(1e16), "1e+16");
  EXPECT_EQ(rt::float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(rt::float_repr(1e-5), "1e-05");
  EXPECT_EQ(rt::float_repr(0.0001), "0.0001");
  EXPECT_EQ(rt::float_repr(1.0), "1.0");
  EXPECT_EQ(rt::float_repr(-0.0), "-0.0");
  EXPECT_EQ(rt::float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(rt::float_repr(-std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(rt::float_repr(5e-324), "5e-324");
}

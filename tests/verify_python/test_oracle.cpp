// Tests for verify/python/oracle: CPython's outcomes, exception names, mutation, aliasing and array layouts.
#include <gtest/gtest.h>
#include <pybind11/eval.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "pybridge/python_value.hpp"
#include "python_env.hpp"
#include "verify/generators.hpp"
#include "verify/python/oracle.hpp"

namespace opsynth::verify {
namespace {

namespace py = pybind11;

Oracle oracle_for(const std::string& qualname, const std::string& signature) {
  auto sig = parse_signature(signature);
  EXPECT_TRUE(sig.ok()) << signature;
  auto oracle = Oracle::create(qualname, sig.value());
  EXPECT_TRUE(oracle.ok()) << qualname << ": " << (oracle.ok() ? "" : oracle.error().describe());
  return std::move(oracle).value();
}

Case plain(std::vector<Value> args) {
  const auto n = args.size();
  return Case{std::move(args), std::vector<std::optional<ArrayLayout>>(n),
              std::vector<std::optional<std::size_t>>(n)};
}

Value ints(std::vector<std::int64_t> xs) {
  ListValue list;
  for (auto x : xs) list.items.push_back(Value(x));
  return Value(std::move(list));
}

Value matrix(std::int64_t rows, std::int64_t cols, std::vector<double> xs) {
  NDArrayValue a;
  a.dtype = Dtype::Float64;
  a.shape = {rows, cols};
  a.data.resize(xs.size() * sizeof(double));
  std::memcpy(a.data.data(), xs.data(), a.data.size());
  return Value(std::move(a));
}

TEST(Oracle, MathSqrtReturnsFloatsAndRaisesValueErrorOutsideItsDomain) {
  const auto sqrt = oracle_for("math.sqrt", "float -> float");
  const auto ok = sqrt.run_one(plain({Value(4.0)}));
  ASSERT_TRUE(ok.returned());
  EXPECT_EQ(*ok.result, Value(2.0));
  EXPECT_TRUE(ok.args_after.size() == 1 && !ok.args_after[0]) << "floats are immutable: no args_after";
  const auto bad = sqrt.run_one(plain({Value(-1.0)}));
  ASSERT_TRUE(bad.raised);
  EXPECT_EQ(bad.raised->exception, "ValueError");
  EXPECT_EQ(bad.raised->message, "math domain error");
}

TEST(Oracle, FloordivByZeroRaisesZeroDivisionError) {
  const auto out = oracle_for("operator.floordiv", "int, int -> int").run_one(plain({Value(1L), Value(0L)}));
  ASSERT_TRUE(out.raised);
  EXPECT_EQ(out.raised->exception, "ZeroDivisionError");
  EXPECT_FALSE(out.result);
}

TEST(Oracle, IntResultBeyondInt64IsAnOverflowErrorOutcome) {
  const auto mul = oracle_for("operator.mul", "int, int -> int");
  const auto out = mul.run_one(plain({Value(std::int64_t{1} << 62), Value(4L)}));
  ASSERT_TRUE(out.raised);
  EXPECT_EQ(out.raised->exception, "OverflowError");
  EXPECT_NE(out.raised->message.find("exceeds int64"), std::string::npos) << out.raised->message;
  const auto fits = mul.run_one(plain({Value(std::int64_t{1} << 61), Value(-4L)}));
  ASSERT_TRUE(fits.returned());
  EXPECT_EQ(*fits.result, Value(std::numeric_limits<std::int64_t>::min()));
}

TEST(Oracle, ListAppendReportsTheMutatedListInArgsAfter) {
  const auto out =
      oracle_for("list.append", "list[int], int -> None").run_one(plain({ints({1, 2}), Value(3L)}));
  ASSERT_TRUE(out.returned());
  EXPECT_TRUE(out.result->is<NoneValue>());
  ASSERT_EQ(out.args_after.size(), 2u);
  EXPECT_EQ(out.args_after[0], ints({1, 2, 3}));
  EXPECT_FALSE(out.args_after[1]);
}

TEST(Oracle, AliasedArgumentsAreTheSamePythonObject) {
  const auto iadd = oracle_for("operator.iadd", "list[int], list[int] -> list[int]");
  Case c = plain({ints({1, 2}), ints({1, 2})});
  const auto separate = iadd.run_one(c);
  EXPECT_EQ(separate.args_after[0], ints({1, 2, 1, 2}));
  EXPECT_EQ(separate.args_after[1], ints({1, 2}));
  c.aliases[1] = 0;
  const auto aliased = iadd.run_one(c);
  EXPECT_EQ(aliased.args_after[0], ints({1, 2, 1, 2}));
  EXPECT_EQ(aliased.args_after[1], ints({1, 2, 1, 2})) << "a += a extends the one list both names hold";
}

TEST(Oracle, NumpyExceptionsAreNamedWithTheirModule) {
  const auto inv = oracle_for("numpy.linalg.inv", "ndarray[float64,2] -> ndarray[float64,2]");
  const auto singular = inv.run_one(plain({matrix(2, 2, {1, 2, 2, 4})}));
  ASSERT_TRUE(singular.raised);
  EXPECT_EQ(singular.raised->exception, "numpy.linalg.LinAlgError");
  EXPECT_EQ(singular.raised->message, "Singular matrix");
  const auto sum = oracle_for("numpy.sum", "ndarray[float64,2], Literal[2] -> float64");
  const auto axis = sum.run_one(plain({matrix(1, 1, {1}), Value(2L)}));
  ASSERT_TRUE(axis.raised);
  EXPECT_EQ(axis.raised->exception, "numpy.AxisError");
}

TEST(Oracle, NumpyFloatingPointProblemsWarnNeverRaiseEvenAfterSeterrRaise) {
  py::exec("import numpy; numpy.seterr(all='raise')");
  const auto log = oracle_for("numpy.log", "ndarray[float64,2] -> ndarray[float64,2]");
  const auto out = log.run_one(plain({matrix(1, 2, {-1.0, 0.0})}));
  ASSERT_TRUE(out.returned()) << out.raised->exception << ": " << out.raised->message;
  const auto& a = out.result->as<NDArrayValue>();
  double x[2];
  std::memcpy(x, a.data.data(), sizeof x);
  EXPECT_TRUE(std::isnan(x[0]));
  EXPECT_EQ(x[1], -std::numeric_limits<double>::infinity());
}

TEST(Oracle, KeywordOnlyParametersArePassedByName) {
  const auto sorted = oracle_for("builtins.sorted", "list[int], None, Literal[True] -> list[int]");
  const auto out = sorted.run_one(plain({ints({3, 1, 2}), Value(NoneValue{}), Value(true)}));
  ASSERT_TRUE(out.returned()) << out.raised->exception << ": " << out.raised->message;
  EXPECT_EQ(*out.result, ints({3, 2, 1}));
}

TEST(Oracle, LayoutBuildsTheStridedViewWithTheSameValues) {
  const Value m = matrix(2, 3, {1, 2, 3, 4, 5, 6});
  py::object array = to_python(m);
  const auto check = [&](ArrayLayout layout, bool c_contiguous, bool negative_stride) {
    py::object view = array_with_layout(array, layout);
    py::dict locals;
    locals["v"] = view;
    locals["a"] = array;
    EXPECT_TRUE(testing::py_eval("v.shape == a.shape and (v == a).all()", locals).cast<bool>());
    EXPECT_EQ(testing::py_eval("v.flags.c_contiguous", locals).cast<bool>(), c_contiguous);
    EXPECT_EQ(testing::py_eval("any(s < 0 for s in v.strides)", locals).cast<bool>(), negative_stride);
    EXPECT_FALSE(testing::py_eval("v.flags.owndata", locals).cast<bool>()) << "a view of a larger base";
  };
  check(ArrayLayout{{1, 1}, true}, false, false);
  check(ArrayLayout{{-1, 1}, false}, false, true);
  check(ArrayLayout{{2, -2}, false}, false, true);
  check(ArrayLayout{{-2, 2}, true}, false, true);
}

// numpy.ravel gives the view's elements in C order, whatever the layout. (numpy.sum would not do here:
// its pairwise summation follows memory order, so a strided view may round differently from a copy.)
TEST(Oracle, NumpyRavelOfLaidOutArraysEqualsRavelOfContiguousCopies) {
  const auto sig = parse_signature("ndarray[float64,2] -> ndarray[float64,1]").value();
  const auto ravel = oracle_for("numpy.ravel", "ndarray[float64,2] -> ndarray[float64,1]");
  int laid_out = 0;
  for (const auto& c : draw_plain_cases(case_gen(sig, {}), 5, 0, 400)) {
    if (!c.layouts[0]) continue;
    ++laid_out;
    const Outcome strided = ravel.run_one(c);
    const Outcome contiguous = ravel.run_one(plain({c.args[0]}));
    ASSERT_EQ(strided.result, contiguous.result) << repr(c.args[0]);
    ASSERT_EQ(strided.args_after, contiguous.args_after) << repr(c.args[0]);
    // Where they differ is memory: ravel of a C-contiguous array is a view of it (labels naming argument
    // 0), of a strided one a copy (new memory, which carries no labels).
    const auto& shape = c.args[0].as<NDArrayValue>().shape;
    if (shape[0] * shape[1] > 1) {
      ASSERT_EQ(contiguous.sharing.size(), 1u) << repr(c.args[0]);
      EXPECT_EQ(contiguous.sharing[0], (SharedRun{0, 0, 1, shape[0] * shape[1]}));
      EXPECT_TRUE(strided.sharing.empty() || strided.sharing[0].source == 0);
    }
  }
  EXPECT_GT(laid_out, 50);
}

TEST(Oracle, BatchRunKeepsTheOrderOfTheCases) {
  const auto sqrt = oracle_for("math.sqrt", "float -> float");
  const auto outcomes = sqrt.run({plain({Value(0.0)}), plain({Value(9.0)}), plain({Value(16.0)})});
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(*outcomes[0].result, Value(0.0));
  EXPECT_EQ(*outcomes[1].result, Value(3.0));
  EXPECT_EQ(*outcomes[2].result, Value(4.0));
}

// A module of Python functions made for the test, importable by qualname.
void define_module(const char* name, const char* source) {
  py::gil_scoped_acquire gil;
  py::module_ module = py::module_::import("types").attr("ModuleType")(name);
  py::exec(source, module.attr("__dict__"));
  py::module_::import("sys").attr("modules")[name] = module;
}

TEST(Oracle, a_call_past_its_budget_is_stopped_and_later_calls_are_unaffected) {
  define_module("opsynth_test_slow",
                "def spin(n):\n"
                "    while True:\n"
                "        try:\n"
                "            n += 1\n"
                "        except Exception:\n"  // user code catching Exception must not swallow the stop
                "            pass\n"
                "def twice(n):\n"
                "    return 2 * n\n");
  const auto spin = oracle_for("opsynth_test_slow.spin", "int -> int");
  const auto started = std::chrono::steady_clock::now();
  const auto out = spin.run({plain({Value(std::int64_t{1})}), plain({Value(std::int64_t{2})})}, 0.3);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(out.size(), 2u);
  for (const auto& o : out) {
    ASSERT_TRUE(o.raised);
    EXPECT_EQ(o.raised->exception, kOracleTimeout);
  }
  EXPECT_LT(took, 5.0);
  const auto twice = oracle_for("opsynth_test_slow.twice", "int -> int");
  const auto fine = twice.run({plain({Value(std::int64_t{21})})}, 5.0);
  ASSERT_TRUE(fine.at(0).returned()) << (fine.at(0).raised ? fine.at(0).raised->exception : "");
  EXPECT_EQ(*fine.at(0).result, Value(std::int64_t{42}));
  EXPECT_TRUE(twice.run_one(plain({Value(std::int64_t{1})})).returned()) << "no stop left pending";
}

}  // namespace
}  // namespace opsynth::verify

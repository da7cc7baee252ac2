// Tests for verify/python/probe: result types found by running CPython, value-dependent types refused.
#include <gtest/gtest.h>

#include "verify/python/probe.hpp"

namespace opsynth::verify {
namespace {

ProbeResult probe(const std::string& qualname, const std::string& params) {
  auto sig = parse_signature(params + " -> None");
  EXPECT_TRUE(sig.ok()) << params;
  auto oracle = Oracle::create(qualname, sig.value());
  EXPECT_TRUE(oracle.ok()) << qualname;
  return probe_result_type(oracle.value());
}

std::string type_or_error(const ProbeResult& r) {
  return r.type.ok() ? to_string(r.type.value()) : "refused: " + r.type.error().message;
}

TEST(Probe, MathSqrtOfFloatIsFloatThoughNegativesRaise) {
  const auto r = probe("math.sqrt", "float");
  EXPECT_EQ(type_or_error(r), "float");
  EXPECT_EQ(r.evidence.cases, 200u);
  EXPECT_GT(r.evidence.raised, 0u) << "negative arguments raise ValueError";
  EXPECT_GT(r.evidence.returned, 100u);
  ASSERT_FALSE(r.evidence.exceptions.empty());
  EXPECT_EQ(r.evidence.exceptions[0].first, "ValueError");
}

TEST(Probe, TruedivOfTwoIntsIsFloat) {
  EXPECT_EQ(type_or_error(probe("operator.truediv", "int, int")), "float");
}

TEST(Probe, PowOfFloatsIsRefusedBecauseNegativeBasesGiveComplex) {
  const auto r = probe("operator.pow", "float, float");
  ASSERT_FALSE(r.type.ok()) << to_string(r.type.value());
  const std::string& why = r.type.error().message;
  EXPECT_NE(why.find("result type depends on the values"), std::string::npos) << why;
  EXPECT_NE(why.find("float for (a="), std::string::npos) << why;
  EXPECT_NE(why.find("complex for (a="), std::string::npos) << why;
}

// numpy 1.24 returns a bool (and a DeprecationWarning) for == and != of arrays that do not broadcast;
// the verifier holds them to numpy 1.25's ValueError, so `s[1:] != s[:-1]` has one result type.
TEST(Probe, ArrayEqualityIsAnArrayAndRaisesValueErrorWhereShapesDoNotBroadcast) {
  for (const char* op : {"operator.ne", "operator.eq"}) {
    const auto r = probe(op, "ndarray[float64,1], ndarray[float64,1]");
    EXPECT_EQ(type_or_error(r), "ndarray[bool,1]") << op;
    bool value_error = false;
    for (const auto& [name, count] : r.evidence.exceptions) value_error |= name == "ValueError" && count > 0;
    EXPECT_TRUE(value_error) << op;
  }
  auto sig = parse_signature("ndarray[float64,1], ndarray[float64,1] -> ndarray[bool,1]");
  auto oracle = Oracle::create("operator.ne", sig.value());
  ASSERT_TRUE(oracle.ok());
  Case c;
  NDArrayValue empty, three;
  empty.dtype = three.dtype = Dtype::Float64;
  empty.shape = {0};
  three.shape = {3};
  three.data.resize(3 * sizeof(double));
  c.args = {Value(empty), Value(three)};
  const Outcome o = oracle.value().run_one(c);
  ASSERT_TRUE(o.raised);
  EXPECT_EQ(o.raised->exception, "ValueError") << o.raised->message;
}

TEST(Probe, NormOfMatrixWithDefaultsIsNumpyFloat64) {
  const auto r = probe("numpy.linalg.norm", "ndarray[float64,2], None, None, Literal[False]");
  EXPECT_EQ(type_or_error(r), "float64");
}

TEST(Probe, ACallThatAlwaysRaisesIsRefusedNamingTheException) {
  const auto r = probe("operator.floordiv", "int, Literal[0]");
  ASSERT_FALSE(r.type.ok());
  const std::string& why = r.type.error().message;
  EXPECT_NE(why.find("probe cases raised"), std::string::npos) << why;
  EXPECT_NE(why.find("ZeroDivisionError"), std::string::npos) << why;
  EXPECT_EQ(r.evidence.returned, 0u);
}

TEST(Probe, EmptyListsUnifyWithTheElementTypeOfOtherResults) {
  const auto r = probe("str.split", "str");  // "".split() == [] leaves the element type to other cases
  EXPECT_EQ(type_or_error(r), "list[str]");
  const auto arrays = probe("numpy.transpose", "ndarray[int32,3]");
  EXPECT_EQ(type_or_error(arrays), "ndarray[int32,3]");
}

TEST(Probe, TypeOfValueUnifiesListElementsAndRejectsMixedOnes) {
  const Value empty_then_full(ListValue{{Value(ListValue{}), Value(ListValue{{Value(1.5)}})}});
  ASSERT_TRUE(type_of_value(empty_then_full));
  EXPECT_EQ(to_string(*type_of_value(empty_then_full)), "list[list[float]]");
  EXPECT_FALSE(type_of_value(Value(ListValue{{Value(std::int64_t{1}), Value(StrValue{"a"})}})));
  EXPECT_FALSE(type_of_value(Value(ListValue{}))) << "element type unknown";
}

}  // namespace
}  // namespace opsynth::verify

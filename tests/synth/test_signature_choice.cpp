// Deriving candidate argument types for `fill` without --sig from parameters and docstrings.
#include <gtest/gtest.h>

#include "synth/signature_choice.hpp"

namespace opsynth::synth {
namespace {

std::vector<std::string> spelled(const std::vector<ProposedParams>& proposals) {
  std::vector<std::string> out;
  for (const auto& p : proposals) {
    std::string s;
    for (const auto& t : p.params) s += (s.empty() ? "" : ", ") + to_string(t);
    out.push_back(s);
  }
  return out;
}

const char* kNormDoc = R"(Matrix or vector norm.

Parameters
----------
x : array_like
    Input array.  If `axis` is None, `x` must be 1-D or 2-D.
ord : {non-zero int, inf, -inf, 'fro', 'nuc'}, optional
    Order of the norm.
axis : {None, int, 2-tuple of ints}, optional
keepdims : bool, optional

Returns
-------
n : float or ndarray
)";

TEST(SignatureChoice, ArrayLikeParameterGetsArraysAndDefaultsStayDefault) {
  CallableFacts facts{"numpy.linalg.norm", false,
                      {{"x", false, false}, {"ord", true, false}, {"axis", true, false}, {"keepdims", true, false}},
                      kNormDoc};
  const auto out = spelled(derive_parameter_types(facts));
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[0], "ndarray[float64,1]");
  EXPECT_EQ(out[1], "ndarray[float64,2]");
  for (const auto& s : out) EXPECT_EQ(s.find("],"), std::string::npos) << s;
}

TEST(SignatureChoice, ArraysMoveTogetherAndScalarsCross) {
  const char* doc = "Parameters\n----------\na, b : array_like\n    Inputs.\nn : int\n    Count.\n";
  CallableFacts facts{"numpy.thing", false, {{"a", false, false}, {"b", false, false}, {"n", false, false}}, doc};
  const auto out = spelled(derive_parameter_types(facts));
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0], "ndarray[float64,1], ndarray[float64,1], int");
  for (const auto& s : out) {
    const auto first = s.substr(0, s.find(']') + 1);
    EXPECT_NE(s.find(first, first.size()), std::string::npos) << "arrays differ in " << s;
  }
}

TEST(SignatureChoice, UndocumentedMathFunctionTriesFloatThenInt) {
  CallableFacts facts{"math.log1p", false, {{"x", false, false}}, "Return the natural logarithm of 1+x (base e)."};
  EXPECT_EQ(spelled(derive_parameter_types(facts)), (std::vector<std::string>{"float", "int"}));
}

TEST(SignatureChoice, MethodReceiverIsItsType) {
  CallableFacts facts{"str.center", true, {{"self", false, false}, {"width", false, false}, {"fillchar", true, false}},
                      "Return a centered string of length width."};
  const auto out = spelled(derive_parameter_types(facts));
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].substr(0, 5), "str, ");
}

TEST(SignatureChoice, VariadicParametersEndTheList) {
  CallableFacts facts{"builtins.max", false, {{"args", false, true}}, ""};
  const auto out = derive_parameter_types(facts);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].params.empty());
}

TEST(SignatureChoice, LimitIsRespected) {
  CallableFacts facts{"math.f", false, {{"a", false, false}, {"b", false, false}, {"c", false, false}}, ""};
  EXPECT_EQ(derive_parameter_types(facts, 3).size(), 3u);
  EXPECT_EQ(derive_parameter_types(facts, 100).size(), 8u);  // 2 x 2 x 2
}

TEST(SignatureChoice, DescriptionsMapToTypes) {
  EXPECT_EQ(to_string(types_for_description("array_like").at(0)), "ndarray[float64,1]");
  EXPECT_EQ(to_string(types_for_description("int, optional").at(0)), "int");
  EXPECT_EQ(to_string(types_for_description("str").at(0)), "str");
  EXPECT_TRUE(types_for_description("").empty());
  EXPECT_TRUE(types_for_description("{'fro', 'nuc'}").empty());
}

}  // namespace
}  // namespace opsynth::synth

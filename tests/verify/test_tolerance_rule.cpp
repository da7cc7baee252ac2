// The written tolerance rule: each family gets its class, with a reason that names it.
#include <gtest/gtest.h>

#include "verify/tolerance_rule.hpp"

namespace opsynth::verify {
namespace {

std::string chosen(const std::string& qualname, const std::string& signature) {
  return to_string(choose_tolerance(qualname, parse_signature(signature).value()).tolerance);
}

TEST(ToleranceRule, results_without_floats_are_exact) {
  EXPECT_EQ(chosen("numpy.sum", "ndarray[int64,1] -> int64"), "exact");
  EXPECT_EQ(chosen("numpy.argmax", "ndarray[float64,1] -> int64"), "exact");
  EXPECT_EQ(chosen("str.upper", "str -> str"), "exact");
  EXPECT_EQ(chosen("operator.lt", "float, float -> bool"), "exact");
}

TEST(ToleranceRule, numpy_sums_and_products_allow_reordering) {
  EXPECT_EQ(chosen("numpy.sum", "ndarray[float64,1] -> float64"), "reduction:2");
  EXPECT_EQ(chosen("numpy.ndarray.mean", "ndarray[float64,2] -> float64"), "reduction:2");
  EXPECT_EQ(chosen("numpy.linalg.norm", "ndarray[float64,1] -> float64"), "reduction:2");
  EXPECT_EQ(chosen("operator.matmul", "ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,1]"), "reduction:2");
}

TEST(ToleranceRule, lapack_and_simd_transcendentals_are_not_pinned_to_this_machine) {
  EXPECT_EQ(chosen("numpy.linalg.inv", "ndarray[float64,2] -> ndarray[float64,2]"), "reduction:4");
  EXPECT_EQ(chosen("numpy.exp", "ndarray[float64,1] -> ndarray[float64,1]"), "ulp:4");
  EXPECT_EQ(chosen("operator.pow", "ndarray[float64,1], float -> ndarray[float64,1]"), "ulp:4");
}

TEST(ToleranceRule, ieee_basic_operations_and_python_math_stay_exact) {
  EXPECT_EQ(chosen("numpy.sqrt", "ndarray[float64,1] -> ndarray[float64,1]"), "exact");
  EXPECT_EQ(chosen("numpy.maximum", "ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]"), "exact");
  EXPECT_EQ(chosen("math.exp", "float -> float"), "exact");
  EXPECT_EQ(chosen("operator.truediv", "float, float -> float"), "exact");
}

TEST(ToleranceRule, unknown_numpy_code_is_not_silently_exact_and_says_so) {
  const auto c = choose_tolerance("numpy.gradient", parse_signature("ndarray[float64,1] -> ndarray[float64,1]").value());
  EXPECT_EQ(to_string(c.tolerance), "reduction:2");
  EXPECT_NE(c.reason.find("numpy.gradient"), std::string::npos) << c.reason;
}

TEST(ToleranceRule, an_op_takes_the_class_of_its_first_float_signature) {
  std::vector<Signature> sigs = {parse_signature("ndarray[int64,1] -> int64").value(),
                                 parse_signature("ndarray[float64,1] -> float64").value()};
  EXPECT_EQ(to_string(choose_op_tolerance("numpy.sum", sigs).tolerance), "reduction:2");
}

}  // namespace
}  // namespace opsynth::verify

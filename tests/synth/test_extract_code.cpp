// Tests for extract_candidate: which fenced block of a model's answer is the candidate, and why none is.
#include <gtest/gtest.h>

#include <string>

#include "synth/extract_code.hpp"

namespace opsynth::synth {
namespace {

constexpr const char* kNorm =
    "#include <cmath>\n"
    "namespace oplib::numpy::linalg {\n"
    "inline rt::float64 norm(const rt::ndarray<double, 1>& x, rt::none, rt::none, rt::lit<false>) {\n"
    "  double s = 0.0;\n"
    "  x.for_each([&](double v) { s += v * v; });\n"
    "  return rt::float64{std::sqrt(s)};\n"
    "}\n"
    "}  // namespace oplib::numpy::linalg\n";

std::string fenced(const std::string& code, const std::string& open = "```cpp",
                   const std::string& close = "```") {
  return open + "\n" + code + close + "\n";
}

TEST(ExtractCode, takes_the_block_after_leading_prose) {
  const std::string answer = "Sure! Here is an implementation that follows numpy.\n\n" + fenced(kNorm) +
                             "\nIt sums the squares in C order.\n";
  auto code = extract_candidate(answer, "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);
}

TEST(ExtractCode, prefers_the_defining_block_over_a_usage_example) {
  const std::string usage = "auto n = oplib::numpy::linalg::norm(x, rt::None, rt::None, rt::lit<false>{});\n";
  const std::string answer = "Usage:\n" + fenced(usage) + "Implementation:\n" + fenced(kNorm);
  auto code = extract_candidate(answer, "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);

  // The usage block alone: a call is neither a definition nor a declaration.
  code = extract_candidate("Usage:\n" + fenced(usage), "numpy.linalg.norm");
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.error().message.find("declared"), std::string::npos) << code.error().message;

  const std::string reversed = "Implementation:\n" + fenced(kNorm) + "Usage:\n" + fenced(usage);
  code = extract_candidate(reversed, "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);
}

TEST(ExtractCode, the_last_of_several_defining_blocks_wins) {
  const std::string first = "namespace oplib::math {\ninline double sqrt(double x) { return x; }\n}\n";
  const std::string fixed = "namespace oplib::math {\ninline double sqrt(double x) { return x * 0.5; }\n}\n";
  auto code = extract_candidate("First try:\n" + fenced(first) + "Fixed:\n" + fenced(fixed), "math.sqrt");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, fixed);
}

TEST(ExtractCode, accepts_cpp_cplusplus_untagged_and_tilde_fences) {
  for (const auto& [open, close] :
       std::vector<std::pair<std::string, std::string>>{{"```cpp", "```"},
                                                        {"```c++", "```"},
                                                        {"```C++", "```"},
                                                        {"```", "```"},
                                                        {"~~~cpp", "~~~"},
                                                        {"~~~", "~~~"},
                                                        {"```hpp", "```"},
                                                        {"````cpp", "````"},
                                                        {"```cpp title=norm.hpp", "```"}}) {
    auto code = extract_candidate("Answer:\n" + fenced(kNorm, open, close), "numpy.linalg.norm");
    ASSERT_TRUE(code.ok()) << open << ": " << code.error().message;
    EXPECT_EQ(*code, kNorm) << open;
  }
}

TEST(ExtractCode, skips_blocks_in_other_languages) {
  const std::string python = "import numpy as np\ndef norm(x):\n    return np.sqrt((x * x).sum())\n";
  auto code = extract_candidate(fenced(python, "```python") + fenced(kNorm), "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);

  code = extract_candidate("Reference:\n" + fenced(python, "```python"), "numpy.linalg.norm");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("no code block defines oplib::numpy::linalg::norm"), std::string::npos)
      << code.error().message;
}

TEST(ExtractCode, handles_crlf_line_endings) {
  std::string answer = "Here:\n" + fenced(kNorm);
  std::string crlf;
  for (char c : answer) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto code = extract_candidate(crlf, "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);
}

TEST(ExtractCode, finds_the_definition_in_nested_namespace_blocks) {
  const std::string nested =
      "#include <cmath>\n"
      "namespace oplib {\nnamespace numpy {\nnamespace linalg {\n"
      "namespace detail { inline double sq(double v) { return v * v; } }\n"
      "inline rt::float64 norm(const rt::ndarray<double, 1>& x, rt::none, rt::none, rt::lit<false>) {\n"
      "  double s = 0.0;\n  x.for_each([&](double v) { s += detail::sq(v); });\n  return "
      "rt::float64{std::sqrt(s)};\n"
      "}\n}  // namespace linalg\n}  // namespace numpy\n}  // namespace oplib\n";
  auto code = extract_candidate(fenced(nested), "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, nested);
}

TEST(ExtractCode, a_declaration_without_body_is_not_a_definition) {
  const std::string declared =
      "namespace oplib::numpy::linalg {\n"
      "rt::float64 norm(const rt::ndarray<double, 1>& x, rt::none, rt::none, rt::lit<false>);\n"
      "}\n";
  auto code = extract_candidate(fenced(declared), "numpy.linalg.norm");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("no code block defines oplib::numpy::linalg::norm"), std::string::npos)
      << code.error().message;
  EXPECT_NE(code.error().message.find("declared"), std::string::npos) << code.error().message;

  // Declared first, defined later in the same block: fine.
  code = extract_candidate(fenced(declared + kNorm), "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
}

TEST(ExtractCode, reports_an_unclosed_fence_as_a_truncated_answer) {
  const std::string truncated =
      "Here it is:\n```cpp\n#include <cmath>\nnamespace oplib::numpy::linalg {\n"
      "inline rt::float64 norm(const rt::ndarray<double, 1>& x, rt::none, rt::none, rt::lit<false>) {\n"
      "  double s = 0.0;\n  for (std::int64_t i = 0; i < x.shape(0); ++i) {\n";
  auto code = extract_candidate(truncated, "numpy.linalg.norm");
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.error().message, "the code block is not closed (answer truncated?)");
}

TEST(ExtractCode, accepts_an_unclosed_fence_whose_code_is_complete) {
  auto code = extract_candidate("```cpp\n" + std::string(kNorm), "numpy.linalg.norm");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, kNorm);
}

TEST(ExtractCode, uses_the_trailing_underscore_name_of_a_keyword_qualname) {
  const std::string and_ =
      "namespace oplib::operator_ {\ninline int64_t and_(int64_t a, int64_t b) { return rt::int_and(a, b); "
      "}\n}\n";
  auto code = extract_candidate(fenced(and_), "operator.and_");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, and_);

  const std::string wrong_ns =
      "namespace oplib::operator {\ninline int64_t and_(int64_t a, int64_t b) { return a & b; }\n}\n";
  code = extract_candidate(fenced(wrong_ns), "operator.and_");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("no code block defines oplib::operator_::and_"), std::string::npos)
      << code.error().message;
}

TEST(ExtractCode, says_when_there_is_no_fenced_block) {
  auto code = extract_candidate("I cannot implement this function without more information.", "math.sqrt");
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.error().message, "no fenced code block");
}

TEST(ExtractCode, names_the_wrong_namespace_of_a_definition) {
  const std::string wrong =
      "namespace oplib::numpy {\ninline rt::float64 norm(const rt::ndarray<double, 1>& x) { "
      "return rt::float64{0.0}; }\n}\n";
  auto code = extract_candidate(fenced(wrong), "numpy.linalg.norm");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("namespace oplib::numpy;"), std::string::npos) << code.error().message;

  const std::string global = "inline double sqrt(double x) { return x; }\n";
  code = extract_candidate(fenced(global), "math.sqrt");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("the global namespace"), std::string::npos) << code.error().message;
}

TEST(ExtractCode, tolerates_templates_qualifiers_and_trailing_return_types) {
  const std::string templated =
      "#include <type_traits>\n"
      "namespace oplib::operator_ {\n"
      "template <class A, class B>\n"
      "  requires(std::is_same_v<A, int64_t> && sizeof(B) >= 8)\n"
      "inline auto add(A a, B b) noexcept(false) -> decltype(a + b) {\n"
      "  return rt::int_add(a, b);\n"
      "}\n"
      "}\n";
  auto code = extract_candidate(fenced(templated), "operator.add");
  ASSERT_TRUE(code.ok()) << code.error().message;

  const std::string requires_after =
      "namespace oplib::operator_ {\n"
      "template <class A>\ninline A neg(A a) requires(sizeof(A) >= 8) { return rt::int_neg(a); }\n}\n";
  code = extract_candidate(fenced(requires_after), "operator.neg");
  ASSERT_TRUE(code.ok()) << code.error().message;
}

TEST(ExtractCode, ignores_the_name_in_comments_strings_and_calls) {
  const std::string misleading =
      "namespace oplib::math {\n"
      "// double sqrt(double x) { is what we want\n"
      "inline double helper(double x) { return std::sqrt(x); }\n"
      "inline const char* text() { return \"double sqrt(double x) { }\"; }\n"
      "static_assert(sizeof(decltype(sqrt(1.0))) == 8);\n"
      "inline double other(double x) { return (x); }\n"
      "}\n";
  auto code = extract_candidate(fenced(misleading), "math.sqrt");
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message.find("no code block defines oplib::math::sqrt"), std::string::npos)
      << code.error().message;
}

TEST(ExtractCode, accepts_a_qualified_definition_at_global_scope) {
  const std::string qualified =
      "namespace oplib::math { double sqrt(double x); }\n"
      "inline double oplib::math::sqrt(double x) { return x; }\n";
  auto code = extract_candidate(fenced(qualified), "math.sqrt");
  ASSERT_TRUE(code.ok()) << code.error().message;
}

TEST(ExtractCode, strips_the_indentation_of_a_fence_inside_a_list_item) {
  const std::string answer =
      "1. The code:\n"
      "   ```cpp\n"
      "   namespace oplib::math {\n"
      "   inline double sqrt(double x) { return x; }\n"
      "   }\n"
      "   ```\n";
  auto code = extract_candidate(answer, "math.sqrt");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, "namespace oplib::math {\ninline double sqrt(double x) { return x; }\n}\n");
}

TEST(ExtractCode, prefers_the_answer_after_a_reasoning_section) {
  const std::string draft = "namespace oplib::math {\ninline double sqrt(double x) { return 0; }\n}\n";
  const std::string final_code = "namespace oplib::math {\ninline double sqrt(double x) { return x; }\n}\n";
  const std::string answer =
      "<think>\nA draft:\n" + fenced(draft) + "Hmm, and then ```cpp\n</think>\n" + fenced(final_code);
  auto code = extract_candidate(answer, "math.sqrt");
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, final_code);
}

TEST(ExtractCode, rejects_a_qualname_that_is_not_dotted) {
  auto code = extract_candidate(fenced(kNorm), "norm");
  ASSERT_FALSE(code.ok());
}

}  // namespace
}  // namespace opsynth::synth

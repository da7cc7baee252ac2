// Prompts sized to the overload: the rt reference in the sections its types and family need, the
// docstring whole or cut at a section boundary (said so), and the declaration stated as the authority.
#include <gtest/gtest.h>

#include "synth/docstring_excerpt.hpp"
#include "synth/op_family.hpp"
#include "synth/prompts.hpp"
#include "synth/runtime_reference.hpp"

namespace opsynth::synth {
namespace {

PromptTemplates real_templates() {
  auto t = PromptTemplates::load(default_prompts_dir());
  EXPECT_TRUE(t.ok()) << t.error().message;
  return *t;
}

Signature sig(const std::string& text) {
  auto s = parse_signature(text);
  EXPECT_TRUE(s.ok()) << text;
  return *s;
}

OverloadBrief brief_for(const std::string& qualname, const std::string& signature) {
  OverloadBrief b;
  b.qualname = qualname;
  b.signature = signature;
  b.cpp_declaration = "namespace oplib { int f(); }";
  return b;
}

std::string user_prompt(const PromptTemplates& t, const OverloadBrief& b) {
  return implement_messages(t, b)[1].content;
}

TEST(PromptSizing, an_ndarray_reduction_gets_the_ndarray_reference_and_never_str_list_or_dict) {
  const PromptTemplates t = real_templates();
  const std::string p =
      user_prompt(t, brief_for("numpy.sum", "ndarray[float64,2], Literal[0] -> ndarray[float64,1]"));
  EXPECT_NE(p.find("## `rt::ndarray<T,N>`"), std::string::npos);
  EXPECT_NE(p.find("## None and Literal tags"), std::string::npos);
  EXPECT_NE(p.find("## Exceptions"), std::string::npos);  // always sent
  EXPECT_EQ(p.find("## `rt::str`"), std::string::npos);
  EXPECT_EQ(p.find("## `rt::list<T>`"), std::string::npos);
  EXPECT_EQ(p.find("## `rt::dict<K,V>`"), std::string::npos);
  EXPECT_EQ(p.find("rt::unicode::"), std::string::npos);
  EXPECT_EQ(p.find("<!-- needs"), std::string::npos);                 // markers never reach the model
  EXPECT_NE(p.find("do not need are left out"), std::string::npos);  // and it is told the reference was cut
}

TEST(PromptSizing, a_str_method_gets_the_str_reference_and_no_ndarray_reference) {
  const PromptTemplates t = real_templates();
  const std::string p = user_prompt(t, brief_for("str.center", "str, int, str -> str"));
  EXPECT_NE(p.find("## `rt::str`"), std::string::npos);
  EXPECT_NE(p.find("## Python `int` on `int64_t`"), std::string::npos);
  EXPECT_EQ(p.find("## `rt::ndarray<T,N>`"), std::string::npos);
  EXPECT_EQ(p.find("| `ndarray[DT,N]` |"), std::string::npos);  // the table row of a type not used
}

TEST(PromptSizing, a_comparison_gets_python_comparison_rules_and_linalg_the_eigen_adapter) {
  const PromptTemplates t = real_templates();
  EXPECT_NE(user_prompt(t, brief_for("operator.lt", "tuple[int,str], tuple[int,str] -> bool"))
                .find("rt::py_compare"),
            std::string::npos);
  EXPECT_NE(
      user_prompt(t, brief_for("numpy.linalg.det", "ndarray[float64,2] -> float64")).find("rt::as_eigen"),
      std::string::npos);
  EXPECT_EQ(user_prompt(t, brief_for("math.ulp", "float -> float")).find("rt::as_eigen"), std::string::npos);
}

TEST(PromptSizing, the_declaration_is_stated_as_the_authority_over_the_docstring) {
  const PromptTemplates t = real_templates();
  const std::string p = user_prompt(t, brief_for("math.ulp", "float -> float"));
  EXPECT_NE(p.find("where the documentation below says otherwise, this wins"), std::string::npos) << p;
}

TEST(PromptSizing, reference_needs_follow_nested_types_and_the_family) {
  const auto needs =
      reference_needs(sig("dict[str,list[int]], str -> tuple[int,float64]"), OpFamily::ContainerMethod);
  for (const char* n : {"dict", "str", "list", "int", "tuple", "numpy_scalar"})
    EXPECT_TRUE(needs.contains(n)) << n;
  EXPECT_FALSE(needs.contains("ndarray"));
  EXPECT_TRUE(reference_needs(sig("float, float -> bool"), OpFamily::Comparison).contains("compare"));
}

TEST(PromptSizing, select_reference_keeps_unmarked_text_and_drops_unneeded_sections_and_rows) {
  const std::string md =
      "# rt\n\nintro\n\n| a | b |\n| `str` | x | <!-- needs: str -->\n| `int` | y |\n\n"
      "## Strings\n<!-- needs: str -->\nstr text\n\n## Arrays\n<!-- needs: ndarray -->\narray text\n";
  const std::string out = select_reference(md, {"ndarray"});
  EXPECT_NE(out.find("intro"), std::string::npos);
  EXPECT_NE(out.find("| `int` | y |"), std::string::npos);
  EXPECT_EQ(out.find("| `str` |"), std::string::npos);
  EXPECT_EQ(out.find("str text"), std::string::npos);
  EXPECT_NE(out.find("## Arrays\narray text"), std::string::npos);
  EXPECT_NE(out.find("do not need are left out: 1.)"), std::string::npos) << out;
  EXPECT_EQ(select_reference(md, {"str", "ndarray"}).find("left out"), std::string::npos);
}

TEST(PromptSizing, family_rule_names_the_families_of_the_bench_set) {
  EXPECT_EQ(family_of("numpy.cbrt", sig("ndarray[float64,1] -> ndarray[float64,1]")), OpFamily::Ufunc);
  EXPECT_EQ(family_of("numpy.median", sig("ndarray[float64,2], Literal[0] -> ndarray[float64,1]")),
            OpFamily::Reduction);
  EXPECT_EQ(family_of("numpy.sum", sig("ndarray[float64,1] -> float64")), OpFamily::Reduction);
  EXPECT_EQ(family_of("numpy.linalg.cond", sig("ndarray[float64,2] -> float64")), OpFamily::Linalg);
  EXPECT_EQ(family_of("str.split", sig("str, None, int -> list[str]")), OpFamily::StrMethod);
  EXPECT_EQ(family_of("dict.get", sig("dict[str,int], str -> int")), OpFamily::ContainerMethod);
  EXPECT_EQ(family_of("math.ulp", sig("float -> float")), OpFamily::MathScalar);
  EXPECT_EQ(family_of("operator.gt", sig("float64, int -> bool")), OpFamily::Comparison);
  EXPECT_EQ(family_of("numpy.greater", sig("ndarray[float32,1], ndarray[float32,1] -> ndarray[bool,1]")),
            OpFamily::Comparison);
}

// ---- docstrings ---------------------------------------------------------------------------------------

const std::string kNumpyDoc =
    "Compute the thing.\n\nParameters\n----------\nx : array_like\n    Input array.\n\n"
    "Returns\n-------\nout : ndarray\n    The thing.\n\nSee Also\n--------\nother : a pointer.\n\n"
    "Notes\n-----\nThe thing is computed in double precision.\n\nReferences\n----------\n.. [1] A book.\n\n"
    "Examples\n--------\n>>> f(np.array([1.5, 2.25, 3.741657386773941]))\narray([  3.74165739,  "
    "12.12345678])\n";

TEST(PromptSizing, a_docstring_that_fits_is_sent_whole) {
  EXPECT_EQ(docstring_excerpt(kNumpyDoc, 10000), kNumpyDoc);
}

TEST(PromptSizing, a_long_docstring_drops_pointers_then_cuts_before_a_section_and_says_so) {
  const std::string out = docstring_excerpt(kNumpyDoc, 250);
  EXPECT_NE(out.find("Notes\n-----"), std::string::npos) << out;
  EXPECT_EQ(out.find("See Also"), out.find("the See Also") + 4);  // only named in the note
  EXPECT_EQ(out.find("A book"), std::string::npos);
  EXPECT_EQ(out.find(">>>"), std::string::npos);
  EXPECT_EQ(out.find("3.741"), std::string::npos);  // never a cut inside the Examples
  EXPECT_NE(out.find("[docstring shortened:"), std::string::npos) << out;
  EXPECT_NE(out.find("cut before the Examples section"), std::string::npos) << out;
}

TEST(PromptSizing, a_single_long_section_is_cut_at_a_line_never_mid_token) {
  std::string doc = "Summary.\n\n";
  for (int i = 0; i < 200; ++i) doc += "word" + std::to_string(i) + " 3.741657386773941\n";
  const std::string out = docstring_excerpt(doc, 500);
  const std::string body = out.substr(0, out.find("\n\n[docstring shortened"));
  EXPECT_LE(body.size(), 500u);
  EXPECT_TRUE(body.ends_with("3.741657386773941")) << body.substr(body.size() - 40);
}

}  // namespace
}  // namespace opsynth::synth

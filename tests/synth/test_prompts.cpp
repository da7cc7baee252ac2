// Tests for prompt rendering: strict placeholders, the real prompts/ folder, the template hash, bounded
// repair feedback, and parsing proposed signatures.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "paths.hpp"
#include "temp_dir.hpp"
#include "synth/prompts.hpp"

namespace opsynth::synth {
namespace {

namespace fs = std::filesystem;

struct TempDir : opsynth::testing::TempDir {
  TempDir() : opsynth::testing::TempDir("opsynth-prompts") {}
};

fs::path real_prompts() { return fs::path(opsynth::testing::source_dir()) / "prompts"; }

// A copy of the real prompts/ in a temp folder, for tests that edit or remove a file.
fs::path copy_prompts(const TempDir& dir) {
  const fs::path copy = dir.path / "prompts";
  fs::create_directories(copy);
  for (const auto& entry : fs::directory_iterator(real_prompts()))
    fs::copy_file(entry.path(), copy / entry.path().filename());
  return copy;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

PromptTemplates real_templates() {
  auto t = PromptTemplates::load(real_prompts());
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : PromptTemplates{};
}

OverloadBrief sample_brief() {
  OverloadBrief b;
  b.qualname = "numpy.linalg.norm";
  b.kind = "function";
  b.python_signature = "(x, ord=None, axis=None, keepdims=False)";
  b.docstring =
      "Matrix or vector norm.\n\nThis function is able to return one of eight different matrix norms.";
  b.signature = "ndarray[float64,1], None, None, Literal[False] -> float64";
  b.param_names = "x, ord, axis, keepdims";
  b.cpp_declaration =
      "namespace oplib::numpy::linalg { rt::float64 norm(const rt::ndarray<double,1>& x, rt::none ord, "
      "rt::none axis, "
      "rt::lit<false> keepdims); }";
  b.tolerance = "reduction: |got - expected| <= 2 * eps * n * sum(|x|)";
  b.domain = "none";
  b.note = "";
  b.examples = {
      ExampleOp{"math.fsum", "list[float] -> float",
                "#include <cmath>\nnamespace oplib::math {\ninline double fsum(const rt::list<double>& seq) "
                "{ return 0.0; }\n}  // namespace oplib::math\n"}};
  return b;
}

verify::VerifyReport compile_report(const std::string& compiler_output) {
  verify::VerifyReport r;
  r.qualname = "numpy.linalg.norm";
  r.verdict = verify::Verdict::Fail;
  r.stage = verify::Stage::Compile;
  r.reason = "does not compile";
  r.compiler_output = compiler_output;
  return r;
}

verify::VerifyReport counterexample_report() {
  verify::VerifyReport r;
  r.qualname = "math.hypot";
  r.verdict = verify::Verdict::Fail;
  r.stage = verify::Stage::EdgeCases;
  r.reason = "result: expected 1.5, got 2.0";
  verify::Counterexample c;
  c.inputs.args = {Value(0.5), Value(std::int64_t{3})};
  c.param_names = {"x", "y"};
  c.expected.result = Value(1.5);
  c.got.result = Value(2.0);
  c.mismatch = verify::Mismatch{"value", "result", "1.5", "2.0", "2251799813685248 ulp apart (allowed 0)"};
  c.seed = 42;
  r.counterexample = c;
  return r;
}

bool has_hole(const std::vector<ChatMessage>& messages) {
  for (const auto& m : messages)
    if (m.content.find("{{") != std::string::npos) return true;
  return false;
}

// ---- render ---------------------------------------------------------------------------------------------

TEST(Prompts, render_fills_every_placeholder) {
  auto out = render("Implement {{qualname}} as {{ decl }}; {{qualname}} again.",
                    {{"qualname", "math.sqrt"}, {"decl", "double sqrt(double x)"}}, "t.txt");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "Implement math.sqrt as double sqrt(double x); math.sqrt again.");
}

TEST(Prompts, render_errors_on_a_placeholder_without_value_naming_it_and_the_template) {
  auto out = render("a {{known}} b {{missing}}", {{"known", "1"}}, "implement.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("missing"), std::string::npos) << out.error().message;
  EXPECT_NE(out.error().message.find("implement.txt"), std::string::npos) << out.error().message;
}

TEST(Prompts, render_keeps_braces_that_are_not_placeholders_and_never_rescans_values) {
  auto out =
      render("std::array<int,2>{{1, 2}} {{doc}} {{{name}}}", {{"doc", "see {{x}}"}, {"name", "n"}}, "t.txt");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "std::array<int,2>{{1, 2}} see {{x}} {n}");
}

// ---- load and hash
// -----------------------------------------------------------------------------------------

TEST(Prompts, load_reads_every_real_template) {
  auto t = PromptTemplates::load(real_prompts());
  ASSERT_TRUE(t.ok()) << t.error().message;
  for (const std::string* text : {&t->system, &t->implement, &t->repair_compile, &t->repair_counterexample,
                                  &t->repair_extract, &t->propose_signatures, &t->runtime_reference})
    EXPECT_FALSE(text->empty());
  EXPECT_EQ(t->hash.size(), 64u);
  EXPECT_EQ(t->hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Prompts, every_real_template_renders_without_holes) {
  const PromptTemplates t = real_templates();
  const OverloadBrief brief = sample_brief();

  const auto implement = implement_messages(t, brief);
  ASSERT_EQ(implement.size(), 2u);
  EXPECT_EQ(implement[0].role, "system");
  EXPECT_EQ(implement[1].role, "user");
  EXPECT_FALSE(has_hole(implement));
  EXPECT_NE(implement[1].content.find(brief.cpp_declaration), std::string::npos);
  EXPECT_NE(implement[1].content.find("rt::ndarray"), std::string::npos);         // the runtime reference
  EXPECT_NE(implement[1].content.find("inline double fsum"), std::string::npos);  // the example
  EXPECT_NE(implement[1].content.find(brief.docstring), std::string::npos);

  EXPECT_FALSE(has_hole(repair_messages(t, brief, "previous", compile_report("x.hpp:1:1: error: boom"))));
  EXPECT_FALSE(has_hole(repair_messages(t, brief, "previous", counterexample_report())));
  EXPECT_FALSE(has_hole(extract_repair_messages(t, brief, "previous", "no fenced code block")));
  EXPECT_FALSE(has_hole(propose_signature_messages(t, SignatureContext{"numpy.linalg.norm",
                                                                       "(x, ord=None)",
                                                                       "Matrix or vector norm.",
                                                                       {"ndarray[float64,1] -> float64"}})));
  EXPECT_FALSE(has_hole(propose_signature_messages(t, SignatureContext{"math.sqrt", "", "", {}})));
}

TEST(Prompts, load_names_the_missing_file) {
  TempDir dir;
  const fs::path copy = copy_prompts(dir);
  fs::remove(copy / "repair_extract.txt");
  auto t = PromptTemplates::load(copy);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("repair_extract.txt"), std::string::npos) << t.error().message;
}

TEST(Prompts, load_rejects_a_placeholder_no_renderer_provides) {
  TempDir dir;
  const fs::path copy = copy_prompts(dir);
  write_file(copy / "repair_compile.txt", read_file(copy / "repair_compile.txt") + "\n{{bogus_name}}\n");
  auto t = PromptTemplates::load(copy);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("bogus_name"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("repair_compile.txt"), std::string::npos) << t.error().message;
}

TEST(Prompts, load_rejects_an_implement_template_without_the_declaration) {
  TempDir dir;
  const fs::path copy = copy_prompts(dir);
  write_file(copy / "implement.txt", "Implement {{qualname}}.\n{{runtime_reference}}\n");
  auto t = PromptTemplates::load(copy);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("cpp_declaration"), std::string::npos) << t.error().message;
}

TEST(Prompts, hash_changes_when_a_template_changes) {
  TempDir dir;
  const fs::path copy = copy_prompts(dir);
  auto original = PromptTemplates::load(real_prompts());
  auto same = PromptTemplates::load(copy);
  ASSERT_TRUE(original.ok() && same.ok());
  EXPECT_EQ(original->hash, same->hash);

  write_file(copy / "runtime_reference.md", read_file(copy / "runtime_reference.md") + "\nOne more line.\n");
  auto edited = PromptTemplates::load(copy);
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_NE(edited->hash, original->hash);
}

TEST(Prompts, default_prompts_dir_honours_the_environment) {
  ::setenv("OPSYNTH_PROMPTS", "/some/where/prompts", 1);
  EXPECT_EQ(default_prompts_dir(), fs::path("/some/where/prompts"));
  ::unsetenv("OPSYNTH_PROMPTS");
  EXPECT_EQ(default_prompts_dir().filename(), "prompts");
  EXPECT_TRUE(fs::exists(default_prompts_dir() / "implement.txt"));
}

// ---- repair conversations
// ------------------------------------------------------------------------------------

TEST(Prompts, repair_messages_use_repair_compile_for_static_and_compile_rejections) {
  const PromptTemplates t = real_templates();
  verify::VerifyReport report = compile_report("");
  report.stage = verify::Stage::Static;
  report.reason = "static check: line 3: 'fork' is not allowed";
  report.static_violations = {"line 3: 'fork' api.process: processes are not allowed in an operator"};
  const auto messages = repair_messages(t, sample_brief(), "my previous answer", report);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0].role, "system");
  EXPECT_EQ(messages[1].role, "user");
  EXPECT_EQ(messages[2].role, "assistant");
  EXPECT_EQ(messages[2].content, "my previous answer");
  EXPECT_EQ(messages[3].role, "user");
  EXPECT_NE(messages[3].content.find("rejected before it could run"), std::string::npos)
      << messages[3].content;
  EXPECT_NE(messages[3].content.find("api.process"), std::string::npos);
}

TEST(Prompts, repair_messages_use_repair_counterexample_after_a_wrong_result) {
  const PromptTemplates t = real_templates();
  const auto messages = repair_messages(t, sample_brief(), "answer", counterexample_report());
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_NE(messages[3].content.find("differential test"), std::string::npos) << messages[3].content;
  EXPECT_NE(messages[3].content.find("x = 0.5"), std::string::npos) << messages[3].content;
}

TEST(Prompts, extract_repair_messages_carry_the_reason) {
  const PromptTemplates t = real_templates();
  const auto messages = extract_repair_messages(t, sample_brief(), "prose only",
                                                "the code block is not closed (answer truncated?)");
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[2].content, "prose only");
  EXPECT_NE(messages[3].content.find("the code block is not closed"), std::string::npos);
}

// ---- describe_rejection
// ---------------------------------------------------------------------------------------

TEST(Prompts, describe_rejection_cuts_long_compiler_output_to_its_first_errors) {
  std::string output;
  for (int i = 0; i < 400; ++i) {
    output += "candidate.hpp:" + std::to_string(i + 10) + ":5: error: 'frobnicate" + std::to_string(i) +
              "' was not declared in this scope\n";
    output += "   " + std::to_string(i + 10) + " |   frobnicate" + std::to_string(i) + "(x);\n";
    output += "      |   ^~~~~~~~~~\n";
    output +=
        "candidate.hpp:" + std::to_string(i + 10) + ":5: note: suggested alternative: 'rt::ValueError'\n";
  }
  const std::string text = describe_rejection(compile_report(output));
  EXPECT_LE(text.size(), 6000u);
  EXPECT_NE(text.find("'frobnicate0' was not declared"), std::string::npos) << text;
  EXPECT_NE(text.find("   10 |   frobnicate0(x);"), std::string::npos) << text;  // its source excerpt
  EXPECT_EQ(text.find("note:"), std::string::npos) << text;
  EXPECT_EQ(text.find("frobnicate300"), std::string::npos) << text;
  EXPECT_NE(text.find("compiler output trimmed"), std::string::npos) << text;
  EXPECT_NE(text.find("of 1600 lines"), std::string::npos) << text;
}

TEST(Prompts, describe_rejection_keeps_short_compiler_output_whole) {
  const std::string output =
      "candidate.hpp:3:1: error: expected ';' before '}' token\n"
      "candidate.hpp:2:3: note: to match this '{'\n";
  const std::string text = describe_rejection(compile_report(output));
  EXPECT_NE(text.find(output), std::string::npos) << text;
  EXPECT_EQ(text.find("trimmed"), std::string::npos) << text;
}

TEST(Prompts, describe_rejection_shows_the_counterexample_by_parameter_name) {
  const std::string text = describe_rejection(counterexample_report());
  EXPECT_NE(text.find("x = 0.5"), std::string::npos) << text;
  EXPECT_NE(text.find("y = 3"), std::string::npos) << text;
  EXPECT_NE(text.find("CPython returned 1.5"), std::string::npos) << text;
  EXPECT_NE(text.find("Your code returned 2.0"), std::string::npos) << text;
  EXPECT_NE(text.find("ulp apart"), std::string::npos) << text;
  EXPECT_NE(text.find("seed 42"), std::string::npos) << text;
}

TEST(Prompts, describe_rejection_shows_exceptions_layouts_aliases_and_worker_failures) {
  verify::VerifyReport report = counterexample_report();
  verify::Counterexample& c = *report.counterexample;
  c.inputs.args = {Value(ListValue{{Value(std::int64_t{1})}}), Value(ListValue{{Value(std::int64_t{1})}})};
  c.inputs.aliases = {std::nullopt, std::size_t{0}};
  c.param_names = {"a", "b"};
  c.expected = verify::Outcome{};
  c.expected.raised = verify::Raised{"ValueError", "math domain error"};
  c.got = verify::Outcome{};
  c.got.raised = verify::Raised{"OverflowError", "math range error"};
  c.mismatch = verify::Mismatch{"exception", "result", "ValueError('math domain error')",
                                "OverflowError('math range error')", "exception classes differ"};
  std::string text = describe_rejection(report);
  EXPECT_NE(text.find("CPython raised ValueError('math domain error')"), std::string::npos) << text;
  EXPECT_NE(text.find("Your code raised OverflowError('math range error')"), std::string::npos) << text;
  EXPECT_NE(text.find("the same object as a"), std::string::npos) << text;
  EXPECT_NE(text.find("messages are shown but not compared"), std::string::npos) << text;

  c.got = verify::Outcome{};
  c.mismatch.reset();
  c.worker_failure = "killed by seccomp (SIGSYS): openat";
  text = describe_rejection(report);
  EXPECT_NE(text.find("worker process failed: killed by seccomp (SIGSYS): openat"), std::string::npos)
      << text;
}

TEST(Prompts, describe_rejection_stays_bounded_for_huge_inputs) {
  verify::VerifyReport report = counterexample_report();
  verify::Counterexample& c = *report.counterexample;
  c.inputs.args.clear();
  c.param_names.clear();
  for (int i = 0; i < 8; ++i) {
    c.inputs.args.push_back(Value(StrValue{std::string(100'000, 'a') + "\xc3\xa9"}));
    c.param_names.push_back("s" + std::to_string(i));
  }
  c.expected.result = Value(StrValue{std::string(50'000, 'b')});
  c.got.result = Value(StrValue{std::string(50'000, 'c')});
  report.reason = std::string(10'000, 'r');
  std::string text = describe_rejection(report);
  EXPECT_LE(text.size(), 6000u);
  EXPECT_NE(text.find("s0 = 'aaa"), std::string::npos) << text.substr(0, 500);
  EXPECT_NE(text.find("more bytes cut"), std::string::npos);

  // Everything at once (no real report has all of it): still bounded.
  report.static_violations.assign(200, "line 1: 'x' rule: " + std::string(300, 'v'));
  report.compiler_output = std::string(20'000, 'e') + " error: long\n";
  text = describe_rejection(report);
  EXPECT_LE(text.size(), 6000u);
  EXPECT_NE(text.find("... and "), std::string::npos);
}

TEST(Prompts, describe_rejection_cuts_a_single_huge_error_line_instead_of_dropping_it) {
  const std::string text =
      describe_rejection(compile_report("x.hpp:1:1: error: " + std::string(20'000, 'e') + "\n"));
  EXPECT_LE(text.size(), 6000u);
  EXPECT_NE(text.find("x.hpp:1:1: error: eee"), std::string::npos) << text;
}

// ---- parse_proposed_signatures
// ----------------------------------------------------------------------------------

TEST(PromptSignatures, parses_one_signature_per_line_of_a_fenced_block) {
  const auto sigs = parse_proposed_signatures(
      "Here are common signatures:\n\n```\nndarray[float64,1] -> float64\nndarray[float64,2], Literal['fro'] "
      "-> "
      "float64\nndarray[float64,2], None, Literal[1] -> ndarray[float64,1]\n```\n");
  EXPECT_EQ(sigs, (std::vector<std::string>{"ndarray[float64,1] -> float64",
                                            "ndarray[float64,2], Literal['fro'] -> float64",
                                            "ndarray[float64,2], None, Literal[1] -> ndarray[float64,1]"}));
}

TEST(PromptSignatures, strips_bullets_numbering_and_backticks) {
  const auto sigs = parse_proposed_signatures(
      "1. `float -> float`\n2) str, int -> list[str]\n- `int, int -> int` for integers\n* list[int] -> int\n"
      "(5) bool -> bool\n\xe2\x80\xa2 complex -> complex\r\n");
  EXPECT_EQ(sigs, (std::vector<std::string>{"float -> float", "str, int -> list[str]", "int, int -> int",
                                            "list[int] -> int", "bool -> bool", "complex -> complex"}));
}

TEST(PromptSignatures, skips_invalid_lines_and_prose) {
  const auto sigs = parse_proposed_signatures(
      "This maps x -> y for every element.\nndarray[float65,1] -> float64\nfloat ->\nnumpy.sqrt(float) -> "
      "float\n"
      "float -> float\nno arrow here\n");
  EXPECT_EQ(sigs, (std::vector<std::string>{"float -> float"}));
}

TEST(PromptSignatures, removes_duplicates_in_canonical_form_keeping_order) {
  const auto sigs = parse_proposed_signatures(
      "float->float\nint -> int\nfloat  ->  float\ndict[ str , int ] -> int\ndict[str,int] -> int\n");
  EXPECT_EQ(sigs, (std::vector<std::string>{"float -> float", "int -> int", "dict[str,int] -> int"}));
}

TEST(PromptSignatures, accepts_labels_and_trailing_comments) {
  const auto sigs =
      parse_proposed_signatures("Signature: ndarray[int64,1] -> int64\nfloat, int -> float  # ldexp-like\n");
  EXPECT_EQ(sigs, (std::vector<std::string>{"ndarray[int64,1] -> int64", "float, int -> float"}));
}

}  // namespace
}  // namespace opsynth::synth

// Tests for verify/static_check: hostile and correct candidates as data files, plus targeted behaviours.
#include "verify/static_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace opsynth::verify {
namespace {

namespace fs = std::filesystem;

// The data folder; the harness sets OPSYNTH_SOURCE_DIR, test discovery (which has no env) uses __FILE__.
fs::path candidates_dir() {
  if (const char* root = std::getenv("OPSYNTH_SOURCE_DIR")) {
    return fs::path(root) / "tests/verify/candidates/static";
  }
  return fs::path(__FILE__).parent_path() / "candidates/static";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What a candidate file's header comments promise:
//   // expect: accept
//   // expect: reject <rule> line <N>      (one line per violation that must be reported)
//   // namespace: oplib::numpy             (default oplib::math)
struct Expectation {
  bool accept = false;
  std::vector<std::pair<std::string, int>> rejections;  // rule, line
  std::string ns = "oplib::math";
};

Expectation parse_expectation(const std::string& text) {
  Expectation e;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line.starts_with("//")) {
    std::istringstream words(line.substr(2));
    std::string key, verdict, rule, line_word;
    int line_no = 0;
    words >> key;
    if (key == "expect:") {
      words >> verdict;
      if (verdict == "accept") e.accept = true;
      if (verdict == "reject" && words >> rule >> line_word >> line_no) e.rejections.emplace_back(rule, line_no);
    } else if (key == "namespace:") {
      words >> e.ns;
    }
  }
  return e;
}

std::vector<std::string> candidate_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(candidates_dir())) {
    if (entry.path().extension() == ".hpp") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string describe_all(const StaticReport& r) {
  std::string s;
  for (const StaticViolation& v : r.violations) s += "  " + describe(v) + "\n";
  return s.empty() ? "  (no violations)\n" : s;
}

bool has_violation(const StaticReport& r, const std::string& rule, int line) {
  return std::any_of(r.violations.begin(), r.violations.end(),
                     [&](const StaticViolation& v) { return v.rule == rule && v.line == line; });
}

bool has_rule(const StaticReport& r, const std::string& rule) {
  return std::any_of(r.violations.begin(), r.violations.end(),
                     [&](const StaticViolation& v) { return v.rule == rule; });
}

StaticReport check(const std::string& source, const std::string& ns = "oplib::math") {
  auto r = check_candidate(source, default_static_check_options(ns));
  if (!r.ok()) {
    ADD_FAILURE() << "tool error: " << r.error().describe();
    return {};
  }
  return r.value();
}

class CandidateFile : public ::testing::TestWithParam<std::string> {};

TEST_P(CandidateFile, gets_the_verdict_its_header_promises) {
  const std::string text = read_text(candidates_dir() / (GetParam() + ".hpp"));
  const Expectation e = parse_expectation(text);
  ASSERT_TRUE(e.accept || !e.rejections.empty()) << "file has no '// expect:' header";
  const StaticReport r = check(text, e.ns);
  if (e.accept) {
    EXPECT_TRUE(r.accepted) << "correct candidate rejected:\n" << describe_all(r);
    EXPECT_TRUE(r.violations.empty());
    return;
  }
  EXPECT_FALSE(r.accepted) << "hostile candidate accepted";
  for (const auto& [rule, line] : e.rejections) {
    EXPECT_TRUE(has_violation(r, rule, line)) << "missing " << rule << " at line " << line << "; got:\n"
                                              << describe_all(r);
  }
}

INSTANTIATE_TEST_SUITE_P(StaticCandidates, CandidateFile, ::testing::ValuesIn(candidate_names()),
                         [](const auto& info) { return info.param; });

TEST(StaticCheck, data_folder_holds_enough_hostile_and_correct_cases) {
  int accepts = 0, rejects = 0;
  for (const std::string& name : candidate_names()) {
    const Expectation e = parse_expectation(read_text(candidates_dir() / (name + ".hpp")));
    (e.accept ? accepts : rejects) += 1;
  }
  EXPECT_GE(rejects, 25);
  EXPECT_GE(accepts, 6);
}

constexpr const char* kSqrt = R"(#include <cmath>
namespace oplib::math {
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math
)";

TEST(StaticCheck, accepts_the_same_source_only_in_its_expected_namespace) {
  EXPECT_TRUE(check(kSqrt, "oplib::math").accepted);
  const StaticReport other = check(kSqrt, "oplib::numpy");
  EXPECT_TRUE(has_violation(other, "decl.outside_namespace", 2)) << describe_all(other);
}

TEST(StaticCheck, accepts_nested_namespace_of_the_expected_one_at_file_scope) {
  EXPECT_TRUE(check("namespace oplib::math::detail { inline int one() { return 1; } }\n"
                    "namespace oplib::math { double sqrt(double x) { return x * detail::one(); } }\n")
                  .accepted);
}

TEST(StaticCheck, reports_tool_error_when_the_preprocessor_is_missing) {
  StaticCheckOptions o = default_static_check_options("oplib::math");
  o.compiler = "/nonexistent/opsynth-no-such-g++";
  const auto r = check_candidate(kSqrt, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot run the preprocessor"), std::string::npos) << r.error().describe();
}

TEST(StaticCheck, refuses_an_expected_namespace_that_is_not_a_name) {
  EXPECT_FALSE(check_candidate(kSqrt, default_static_check_options("oplib::")).ok());
  EXPECT_FALSE(check_candidate(kSqrt, default_static_check_options("oplib math")).ok());
}

TEST(StaticCheck, kills_a_preprocessor_blown_up_by_macros_at_the_deadline) {
  std::string source;
  source += "#define A0 x x\n";
  for (int i = 1; i <= 40; ++i) {
    source += "#define A" + std::to_string(i) + " A" + std::to_string(i - 1) + " A" + std::to_string(i - 1) + "\n";
  }
  source += "namespace oplib::math { int v[] = {A40}; }\n";
  StaticCheckOptions o = default_static_check_options("oplib::math");
  o.timeout = std::chrono::milliseconds(700);
  const auto started = std::chrono::steady_clock::now();
  const auto r = check_candidate(source, o);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(has_rule(*r, "preprocess.timeout") || has_rule(*r, "preprocess.too_large")) << describe_all(*r);
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(StaticCheck, reports_a_candidate_that_does_not_preprocess) {
  const StaticReport r = check("#include \"rt/no_such_header.hpp\"\nnamespace oplib::math {}\n");
  EXPECT_TRUE(has_rule(r, "preprocess.failed")) << describe_all(r);
}

TEST(StaticCheck, ignores_forbidden_names_inside_strings_and_comments) {
  const StaticReport r = check(R"(#include <string>
namespace oplib::math {
// fork() and system() are only mentioned here
inline std::string why() { return "no fork, no system(), no getenv"; }
inline std::string raw() { return R"x(fork(); exec)x"; }
}  // namespace oplib::math
)");
  EXPECT_TRUE(r.accepted) << describe_all(r);
}

TEST(StaticCheck, matches_whole_identifiers_only) {
  // forked, system_clockwise, my_read are different identifiers from fork, system, read.
  const StaticReport r = check(R"(namespace oplib::math {
inline int forked(int system_clockwise) { int my_read = system_clockwise; return my_read; }
}  // namespace oplib::math
)");
  EXPECT_TRUE(r.accepted) << describe_all(r);
}

TEST(StaticCheck, reports_violations_sorted_by_line_with_token_and_message) {
  const StaticReport r = check(R"(namespace oplib::math {
inline int a() { return rand(); }
inline int b() { return fork(); }
}  // namespace oplib::math
)");
  ASSERT_EQ(r.violations.size(), 2u) << describe_all(r);
  EXPECT_EQ(r.violations[0].rule, "api.random");
  EXPECT_EQ(r.violations[0].token, "rand");
  EXPECT_EQ(r.violations[0].line, 2);
  EXPECT_EQ(r.violations[1].rule, "api.process");
  EXPECT_EQ(r.violations[1].line, 3);
  EXPECT_FALSE(r.violations[1].message.empty());
  EXPECT_EQ(describe(r.violations[1]).rfind("line 3: api.process 'fork'", 0), 0u) << describe(r.violations[1]);
}

TEST(StaticCheck, reports_how_long_a_typical_check_takes) {
  for (const char* name : {"accept_math_sqrt", "accept_eigen_norm", "accept_ndarray_xtensor"}) {
    const std::string text = read_text(candidates_dir() / (std::string(name) + ".hpp"));
    const StaticReport r = check(text, parse_expectation(text).ns);
    EXPECT_TRUE(r.accepted) << name;
    EXPECT_LT(r.elapsed, std::chrono::seconds(15)) << name;
    std::printf("[ timing   ] %s: %lld ms\n", name, static_cast<long long>(r.elapsed.count()));
  }
}

// Every API in every spelling, one function per line of one candidate (one preprocessor run).
TEST(StaticCheck, rejects_each_forbidden_call_however_it_is_spelled) {
  struct Api {
    std::string name;
    std::string rule;
  };
  const std::vector<Api> apis = {
      {"fork", "api.process"},   {"execvp", "api.process"},     {"system", "api.process"},
      {"dlopen", "api.process"}, {"getenv", "api.environment"}, {"fopen", "api.file_io"},
      {"socket", "api.file_io"}, {"clock", "api.time"},         {"rand", "api.random"},
      {"pthread_create", "api.thread"}, {"mmap", "api.file_io"}, {"longjmp", "api.setjmp"}};
  auto spell = [](const std::string& name, int how) -> std::string {
    switch (how) {
      case 0: return name + "();";
      case 1: return "::" + name + "();";
      case 2: return "GLUE(" + name.substr(0, 2) + ", " + name.substr(2) + ")();";  // exists only after -E
      case 3: return "auto p = &" + name + "; (void)p;";
      case 4: return "decltype(&std::" + name + ") q = nullptr; (void)q;";
      default: return "[] { " + name + "(); }();";
    }
  };
  std::string source = "#define GLUE(a, b) a##b\nnamespace oplib::math {\n";
  std::vector<std::tuple<int, std::string, std::string>> expected;  // line, rule, spelling
  int line = 3;
  for (const Api& api : apis) {
    for (int how = 0; how < 6; ++how, ++line) {
      const std::string call = spell(api.name, how);
      source += "inline void f" + std::to_string(line) + "() { " + call + " }\n";
      expected.emplace_back(line, api.rule, call);
    }
  }
  source += "}  // namespace oplib::math\n#undef GLUE\n";
  const StaticReport r = check(source);
  for (const auto& [at, rule, call] : expected) {
    EXPECT_TRUE(has_violation(r, rule, at)) << "line " << at << " '" << call << "' not reported as " << rule;
  }
}

}  // namespace
}  // namespace opsynth::verify

namespace opsynth::verify {
namespace {

// list.remove is an operator whose name is also a forbidden file API (::remove deletes files).
constexpr const char* kListRemove = R"(
namespace oplib::list {
inline rt::none remove(const rt::list<int64_t>& self, int64_t x) {
  self.remove(x);
  return rt::None;
}
}  // namespace oplib::list
)";

TEST(StaticCheckOwnName, accepts_an_operator_named_like_a_forbidden_api_only_as_itself) {
  StaticCheckOptions options = default_static_check_options("oplib::list");
  EXPECT_FALSE(check_candidate(kListRemove, options)->accepted);  // without knowing the operator's name
  options.expected_function = "remove";
  const auto r = check_candidate(kListRemove, options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->accepted) << (r->violations.empty() ? "" : r->violations[0].message);
}

TEST(StaticCheckOwnName, still_rejects_the_qualified_forbidden_api) {
  StaticCheckOptions options = default_static_check_options("oplib::list");
  options.expected_function = "remove";
  const std::string hostile = R"(
namespace oplib::list {
inline rt::none remove(const rt::list<int64_t>& self, int64_t x) {
  ::remove("/tmp/x");
  self.remove(x);
  return rt::None;
}
}  // namespace oplib::list
)";
  const auto r = check_candidate(hostile, options);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->accepted);
}

}  // namespace
}  // namespace opsynth::verify

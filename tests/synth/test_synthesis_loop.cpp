// The synthesis loop against the loopback fixture server, with a scripted verifier: which answer a
// repair is built from, budgets, duplicates, and what ends a loop.
#include <gtest/gtest.h>

#include <cmath>

#include "llm_fixture_server.hpp"
#include "model_fixture.hpp"
#include "synth/synthesis_loop.hpp"

namespace opsynth::synth {
namespace {

using testing::FixtureReply;
using testing::FixtureRequest;
using testing::LlmFixtureServer;

std::string code(const std::string& body) {
  return "```cpp\nnamespace oplib::math {\ninline double log1p(double x) { " + body + " }\n}\n```\n";
}

verify::VerifyReport verdict(verify::Verdict v, verify::Stage stage, std::string reason) {
  verify::VerifyReport r;
  r.verdict = v;
  r.stage = stage;
  r.reason = std::move(reason);
  return r;
}

verify::VerifyReport counterexample_report(const std::string& reason) {
  verify::VerifyReport r = verdict(verify::Verdict::Fail, verify::Stage::Repair, reason);
  verify::Counterexample c;
  c.inputs.args = {Value(-1.0)};
  c.param_names = {"x"};
  c.expected.raised = verify::Raised{"ValueError", "math domain error"};
  c.got.result = Value(-HUGE_VAL);
  r.counterexample = c;
  return r;
}

struct LoopFixture : ModelFixture {
  OverloadBrief brief;

  void SetUp() override {
    ModelFixture::SetUp();
    brief.qualname = "math.log1p";
    brief.kind = "function";
    brief.python_signature = "(x, /)";
    brief.docstring = "Return the natural logarithm of 1+x (base e).";
    brief.signature = "float -> float";
    brief.param_names = "x";
    brief.cpp_declaration = "namespace oplib::math { double log1p(double x); }";
    brief.tolerance = "exact";
    brief.domain = "none";
    settings.attempts = 3;
  }
};

TEST_F(LoopFixture, accepted_candidate_carries_its_request_and_acceptance_report) {
  server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({code("return x;")}, 100, 50); });
  TokenBudget budget(100000);
  std::vector<VerifyPhase> phases;
  VerifyCandidate verify = [&](const std::string&, VerifyPhase phase) {
    phases.push_back(phase);
    return verdict(verify::Verdict::Pass, verify::Stage::Acceptance, "");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  ASSERT_EQ(r.status, LoopStatus::Accepted) << r.reason;
  EXPECT_EQ(phases, (std::vector<VerifyPhase>{VerifyPhase::Screening, VerifyPhase::Acceptance}));
  EXPECT_NE(r.source.find("return x;"), std::string::npos);
  EXPECT_EQ(r.request_hash.size(), 64u);
  EXPECT_EQ(r.attempt, 1);
  EXPECT_EQ(r.requests, 1);
  EXPECT_EQ(r.usage.total(), 150u);
  EXPECT_EQ(budget.used(), 150u);
  ASSERT_TRUE(r.acceptance);
}

TEST_F(LoopFixture, repair_is_built_from_the_closest_rejection) {
  // Two samples: one does not compile, one gives a wrong value. The repair must show the wrong value.
  settings.samples = 2;
  server.set_handler([](const FixtureRequest& r) {
    if (r.json["messages"].size() > 2) return FixtureReply::completion({code("return 1.0;"), code("return 2.0;")});
    return FixtureReply::completion({code("return x +;"), code("return 0.0;")});
  });
  TokenBudget budget(100000);
  VerifyCandidate verify = [&](const std::string& source, VerifyPhase) {
    if (source.find("x +;") != std::string::npos) return verdict(verify::Verdict::Fail, verify::Stage::Compile, "does not compile");
    if (source.find("return 0.0;") != std::string::npos) return counterexample_report("wrong value");
    if (source.find("return 2.0;") != std::string::npos) return verdict(verify::Verdict::Pass, verify::Stage::Acceptance, "");
    return counterexample_report("still wrong");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  ASSERT_EQ(r.status, LoopStatus::Accepted) << r.reason;
  EXPECT_EQ(r.attempt, 2);
  EXPECT_EQ(r.sample, 1);
  const auto received = server.received();
  ASSERT_EQ(received.size(), 2u);
  const auto& messages = received[1].json["messages"];
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_NE(messages[2]["content"].get<std::string>().find("return 0.0;"), std::string::npos);
  EXPECT_NE(messages[3]["content"].get<std::string>().find("math domain error"), std::string::npos);
  EXPECT_EQ(r.counterexamples.size(), 2u);  // "return 0.0" in attempt 1, "return 1.0" in attempt 2
  // Samples of one request and of the next never share a seed.
  EXPECT_NE(received[0].json["seed"], received[1].json["seed"]);
}

TEST_F(LoopFixture, duplicates_are_verified_once_and_the_attempt_budget_ends_the_loop) {
  settings.samples = 2;
  server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({code("return 0.0;"), code("return 0.0;")}); });
  TokenBudget budget(100000);
  int verifications = 0;
  VerifyCandidate verify = [&](const std::string&, VerifyPhase) {
    ++verifications;
    return counterexample_report("wrong value");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(r.status, LoopStatus::Rejected);
  EXPECT_EQ(server.requests(), 3u);
  EXPECT_EQ(verifications, 1);
  ASSERT_EQ(r.candidates.size(), 6u);
  EXPECT_EQ(r.candidates[1].verdict, "DUPLICATE");
  EXPECT_NE(r.reason.find("3 attempts"), std::string::npos) << r.reason;
}

TEST_F(LoopFixture, token_budget_shared_across_overloads_stops_requests) {
  server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({code("return 0.0;")}, 400, 200); });
  TokenBudget budget(500);
  VerifyCandidate verify = [&](const std::string&, VerifyPhase) { return counterexample_report("wrong"); };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(r.status, LoopStatus::Rejected);
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_NE(r.reason.find("token budget"), std::string::npos) << r.reason;
  // The next overload of the run gets nothing either.
  const LoopResult next = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_EQ(next.status, LoopStatus::Rejected);
}

TEST_F(LoopFixture, inconclusive_acceptance_stops_without_more_requests) {
  server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({code("return x;")}); });
  TokenBudget budget(100000);
  VerifyCandidate verify = [&](const std::string&, VerifyPhase phase) {
    if (phase == VerifyPhase::Screening) return verdict(verify::Verdict::Pass, verify::Stage::Repair, "");
    return verdict(verify::Verdict::Inconclusive, verify::Stage::Acceptance, "CPython raised on 9990 of 10000 cases");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(r.status, LoopStatus::Rejected);
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_NE(r.reason.find("INCONCLUSIVE"), std::string::npos) << r.reason;
}

TEST_F(LoopFixture, tool_errors_alone_end_as_error_not_rejection) {
  settings.attempts = 2;
  int n = 0;
  server.set_handler([&](const FixtureRequest&) {
    return FixtureReply::completion({code("return " + std::to_string(n++) + ".0;")});
  });
  TokenBudget budget(100000);
  VerifyCandidate verify = [&](const std::string&, VerifyPhase) {
    return verdict(verify::Verdict::Error, verify::Stage::Tool, "compiler killed after 120 s");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(r.status, LoopStatus::ToolError);
  EXPECT_NE(r.reason.find("compiler killed"), std::string::npos) << r.reason;
}

TEST_F(LoopFixture, endpoint_failure_ends_the_loop_with_the_error) {
  server.set_handler([](const FixtureRequest&) { return FixtureReply::error(403, "Project does not have access"); });
  TokenBudget budget(100000);
  VerifyCandidate verify = [&](const std::string&, VerifyPhase) { return counterexample_report("unused"); };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  EXPECT_EQ(r.status, LoopStatus::EndpointFailure);
  ASSERT_TRUE(r.llm_error);
  EXPECT_EQ(r.llm_error->kind, LlmFailure::Unauthorized);
  EXPECT_EQ(server.requests(), 1u);
}

}  // namespace
}  // namespace opsynth::synth

namespace opsynth::synth {
namespace {

// Memory across attempts: the third request names the ideas of both earlier answers and what refuted
// each (a compile error, then a counterexample), not only the last one.
TEST_F(LoopFixture, repair_after_two_failures_names_both_attempts_and_what_refuted_them) {
  server.set_handler([](const FixtureRequest& r) {
    const std::size_t turn = r.index;
    if (turn == 0)
      return FixtureReply::completion({"I take the logarithm of one plus x with std::log directly.\n\n" +
                                       code("return std::log(1.0 + x) +;")});
    if (turn == 1)
      return FixtureReply::completion({"A Taylor series around zero keeps precision for small x.\n\n" + code("return x;")});
    return FixtureReply::completion({code("return std::log1p(x);")});
  });
  TokenBudget budget(100000);
  VerifyCandidate verify = [&](const std::string& source, VerifyPhase) {
    if (source.find("+;") != std::string::npos) {
      verify::VerifyReport r = verdict(verify::Verdict::Fail, verify::Stage::Compile, "does not compile");
      r.compiler_output = "candidate.hpp:3:42: error: expected primary-expression before ';' token\n";
      return r;
    }
    if (source.find("std::log1p(x)") != std::string::npos) return verdict(verify::Verdict::Pass, verify::Stage::Acceptance, "");
    return counterexample_report("wrong value");
  };
  const LoopResult r = synthesize_overload(brief, templates, llm(), settings, budget, verify);
  ASSERT_EQ(r.status, LoopStatus::Accepted) << r.reason;
  const auto received = server.received();
  ASSERT_EQ(received.size(), 3u);
  const std::string third = received[2].json["messages"].back()["content"].get<std::string>();
  EXPECT_NE(third.find("attempt 1, candidate 1: I take the logarithm of one plus x with std::log directly."),
            std::string::npos) << third;
  EXPECT_NE(third.find("expected primary-expression"), std::string::npos) << third;
  EXPECT_NE(third.find("attempt 2, candidate 1: A Taylor series around zero keeps precision for small x."),
            std::string::npos) << third;
  EXPECT_NE(third.find("x = -1.0: CPython raised ValueError"), std::string::npos) << third;
}

}  // namespace
}  // namespace opsynth::synth

// One request for a group of overloads, against the loopback fixture server with a scripted verifier:
// which overloads group together, and what becomes of those the template fails on.
#include <gtest/gtest.h>


#include "llm_fixture_server.hpp"
#include "model_fixture.hpp"
#include "synth/generic_group.hpp"

namespace opsynth::synth {
namespace {

using testing::FixtureReply;
using testing::FixtureRequest;
using testing::LlmFixtureServer;

std::string key(const std::string& sig, const std::vector<std::string>& names) {
  auto s = parse_signature(sig);
  EXPECT_TRUE(s.ok()) << sig;
  return group_key(*s, names);
}

TEST(GenericGroup, dtypes_and_equivalent_axis_literals_share_a_key_other_shapes_do_not) {
  const std::vector<std::string> names{"x", "ord", "axis"};
  EXPECT_EQ(key("ndarray[float64,2], None, Literal[1] -> ndarray[float64,1]", names),
            key("ndarray[int32,2], None, Literal[-1] -> ndarray[float64,1]", names));
  EXPECT_EQ(key("ndarray[float64,1] -> float64", {"x"}), key("ndarray[float32,1] -> float32", {"x"}));
  EXPECT_NE(key("ndarray[float64,2], None, Literal[0] -> ndarray[float64,1]", names),
            key("ndarray[float64,2], None, Literal[1] -> ndarray[float64,1]", names));
  EXPECT_NE(key("ndarray[float64,1] -> float64", {"x"}), key("ndarray[float64,2] -> float64", {"x"}));
  // A literal that is not an axis keeps its value: ord=1 and ord=-1 are different norms.
  EXPECT_NE(key("ndarray[float64,1], Literal[1] -> float64", {"x", "ord"}),
            key("ndarray[float64,1], Literal[-1] -> float64", {"x", "ord"}));
}

struct GroupFixture : ModelFixture {
  std::vector<OverloadBrief> briefs;

  void SetUp() override {
    ModelFixture::SetUp();
    const std::vector<std::pair<std::string, std::string>> dtypes{
        {"float64", "double"}, {"float32", "float"}, {"int64", "int64_t"}};
    for (const auto& [dtype, cpp] : dtypes) {
      OverloadBrief b;
      b.qualname = "numpy.sum";
      b.signature = "ndarray[" + dtype + ",1] -> float64";
      b.cpp_declaration = "namespace oplib::numpy { rt::float64 sum(const rt::ndarray<" + cpp + ",1>& a); }";
      briefs.push_back(b);
    }
  }
};

verify::VerifyReport verdict(verify::Verdict v, verify::Stage stage) {
  verify::VerifyReport r;
  r.verdict = v;
  r.stage = stage;
  r.reason = v == verify::Verdict::Pass ? "" : "wrong on int64";
  return r;
}

TEST_F(GroupFixture, one_request_lists_every_declaration_and_serves_the_signatures_it_passes) {
  server.set_handler([](const FixtureRequest&) {
    return FixtureReply::completion(
        {"A template over the element type.\n\n```cpp\nnamespace oplib::numpy {\n"
         "template <class T> inline rt::float64 sum(const rt::ndarray<T,1>& a) { return rt::float64(0.0); "
         "}\n}\n```\n"});
  });
  std::vector<GroupMember> members;
  std::vector<std::pair<std::string, VerifyPhase>> calls;
  for (const auto& b : briefs) {
    const std::string sig = b.signature;
    members.push_back({&b, [&calls, sig](const std::string&, VerifyPhase phase) {
                         calls.push_back({sig, phase});
                         const bool int64 = sig.find("int64") != std::string::npos;
                         return verdict(int64 ? verify::Verdict::Fail : verify::Verdict::Pass,
                                        int64 ? verify::Stage::Repair : verify::Stage::Acceptance);
                       }});
  }
  TokenBudget budget(100000);
  const GroupResult r = synthesize_group(members, templates, llm(), settings, budget);
  ASSERT_EQ(server.requests(), 1u);
  const std::string asked = server.received()[0].json["messages"][1]["content"].get<std::string>();
  for (const auto& b : briefs)
    EXPECT_NE(asked.find(b.cpp_declaration), std::string::npos) << b.cpp_declaration;
  EXPECT_EQ(r.loop.status, LoopStatus::Accepted) << r.loop.reason;
  ASSERT_EQ(r.accepted.size(), 3u);
  EXPECT_TRUE(r.accepted[0] && r.accepted[1]);
  EXPECT_FALSE(r.accepted[2]);  // goes to its own request, with this failure as an earlier attempt
  ASSERT_EQ(r.refuted[2].size(), 1u);
  EXPECT_EQ(r.refuted[2][0].idea, "A template over the element type.");
  EXPECT_TRUE(r.refuted[0].empty());
  // Screening at every signature, acceptance only where screening passed.
  EXPECT_EQ(calls.size(), 3u + 2u);
  EXPECT_EQ(r.loop.requests, 1);
  for (const auto& c : r.loop.candidates) {
    EXPECT_EQ(c.request_hash.size(), 64u);  // every record names the group's one request
    EXPECT_FALSE(c.signature.empty());
  }
  EXPECT_NE(r.loop.source.find("template <class T>"), std::string::npos);
}

}  // namespace
}  // namespace opsynth::synth

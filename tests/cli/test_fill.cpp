// `opsynth fill` end to end: the real executable against a loopback OpenAI-compatible fixture server
// started here, with scripted answers; real compiles, real CPython, a library in a temp folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "llm_fixture_server.hpp"
#include "paths.hpp"
#include "run_opsynth.hpp"
#include "temp_dir.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::FixtureReply;
using testing::FixtureRequest;
using testing::LlmFixtureServer;
using testing::run_opsynth;
using testing::source_dir;

// Distinctive, so a search of every file written can find any copy of it.
constexpr const char* kApiKey = "sk-fixture-SECRET-7f3a9c1e5b";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string fenced(const std::string& code) {
  return "Here is the implementation.\n\n```cpp\n" + code + "```\n\nIt follows CPython exactly.";
}

// The log1p CPython ships, as the library already has it: the right answer.
std::string log1p_correct() { return read_text(source_dir() + "/oplib/math/log1p/float.v1.hpp"); }
// Loses precision near zero and returns -inf at -1 where CPython raises ValueError.
const std::string kLog1pWrong =
    "#include <cmath>\nnamespace oplib::math {\ninline double log1p(double x) { return std::log(1.0 + x); }\n}\n";
const std::string kLog1pNotCompiling =
    "#include <cmath>\nnamespace oplib::math {\ninline double log1p(double x) { return std::log1p(x) }\n}\n";
const std::string kLog1pHostile =
    "#include <cstdlib>\nnamespace oplib::math {\ninline double log1p(double x) {\n"
    "  std::system(\"touch /tmp/opsynth_fill_pwned\");\n  return x;\n}\n}\n";

std::string last_user_message(const FixtureRequest& r) {
  const json& messages = r.json["messages"];
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if ((*it)["role"] == "user") return (*it)["content"].get<std::string>();
  }
  return "";
}
// The conversation continues after the model's own answer: a repair request.
bool is_repair(const FixtureRequest& r) { return r.json["messages"].size() > 2; }

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One temp folder per test: oplib, LLM cache, report.
struct FillFixture {
  LlmFixtureServer server;
  testing::TempDir scratch{"opsynth_cli_fill"};
  fs::path dir = scratch.path;

  fs::path oplib() const { return dir / "oplib"; }
  fs::path cache() const { return dir / "llm-cache"; }
  fs::path report() const { return dir / "fill.json"; }

  std::vector<std::string> env() const {
    return {"OPENAI_BASE_URL=" + server.base_url(), std::string("OPENAI_API_KEY=") + kApiKey,
            "OPSYNTH_MODEL=fixture-model"};
  }
  CliRun fill(std::vector<std::string> args, const std::vector<std::string>& extra_env = {}) const {
    args.insert(args.begin(), "fill");
    for (const auto& a : {std::string("--oplib"), oplib().string(), std::string("--llm-cache"), cache().string(),
                          std::string("--report"), report().string(), std::string("--seed"), std::string("7")})
      args.push_back(a);
    std::vector<std::string> environment = extra_env;
    for (const auto& e : env()) environment.push_back(e);
    return run_opsynth(args, environment);
  }
  json report_json() const { return json::parse(read_text(report())); }
};

std::vector<std::string> log1p_args(std::vector<std::string> more = {}) {
  std::vector<std::string> args{"math.log1p", "--sig", "float -> float"};
  if (std::find(more.begin(), more.end(), "--samples") == more.end()) more.insert(more.begin(), {"--samples", "1"});
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Every regular file under `root` that contains `needle`.
std::vector<std::string> files_containing(const fs::path& root, const std::string& needle) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (e.is_regular_file() && read_text(e.path()).find(needle) != std::string::npos) out.push_back(e.path().string());
  }
  return out;
}

std::size_t files_under(const fs::path& root) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) n += e.is_regular_file();
  return n;
}

TEST(CliFill, log1p_wrong_then_repaired_from_the_counterexample_is_committed_with_provenance) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    return FixtureReply::completion({fenced(is_repair(r) ? log1p_correct() : kLog1pWrong)}, 900, 150);
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("accepted"), std::string::npos) << run.out;
  ASSERT_EQ(f.server.requests(), 2u);

  // The repair request carried the shrunk counterexample: the parameter, what CPython gave, what the
  // candidate gave.
  const std::string repair = last_user_message(f.server.received()[1]);
  EXPECT_NE(repair.find("x"), std::string::npos) << repair;
  EXPECT_NE(lower(repair).find("expected"), std::string::npos) << repair;
  EXPECT_NE(f.server.received()[1].json["messages"][2]["content"].get<std::string>().find("std::log(1.0 + x)"),
            std::string::npos);

  const json report = f.report_json();
  ASSERT_EQ(report["overloads"].size(), 1u);
  const json& o = report["overloads"][0];
  EXPECT_EQ(o["status"], "accepted");
  EXPECT_EQ(o["committed"], "float.v1");
  EXPECT_EQ(o["requests"], 2);
  EXPECT_EQ(o["usage"]["total_tokens"], 2 * 1050);
  ASSERT_EQ(o["candidates"].size(), 2u);
  EXPECT_EQ(o["candidates"][0]["verdict"], "FAIL");
  EXPECT_EQ(o["candidates"][1]["verdict"], "PASS");
  EXPECT_GE(o["acceptance"]["phases"].size(), 1u);
  EXPECT_TRUE(fs::exists(fs::path(f.report()).replace_extension(".md")));

  // Committed: the accepted text, provenance naming the model, host, template and request hashes.
  const fs::path op = f.oplib() / "math" / "log1p";
  EXPECT_EQ(read_text(op / "float.v1.hpp"), log1p_correct());
  const json provenance = json::parse(read_text(op / "float.v1.json"));
  const json& author = provenance["author"];
  EXPECT_EQ(author["kind"], "llm");
  EXPECT_EQ(author["model"], "fixture-model");
  EXPECT_EQ(author["endpoint_host"], "127.0.0.1:" + std::to_string(f.server.port()));
  EXPECT_EQ(author["request_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(author["prompt_template_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(author["attempt"], 2);
  // The counterexample that rejected the first candidate is stored, to be replayed first.
  EXPECT_GE(files_under(op / "cases"), 1u);
  auto check = run_opsynth({"ops", "check", "--oplib", f.oplib().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  // The key went into the Authorization header and nowhere else.
  EXPECT_EQ(f.server.received()[0].authorization, std::string("Bearer ") + kApiKey);
  EXPECT_TRUE(files_containing(f.dir, kApiKey).empty()) << files_containing(f.dir, kApiKey)[0];
  EXPECT_EQ(run.out.find(kApiKey), std::string::npos);
  EXPECT_EQ(run.err.find(kApiKey), std::string::npos);
}

TEST(CliFill, replay_makes_no_request_and_gives_the_same_result) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(log1p_correct())}); });
  const CliRun first = f.fill(log1p_args());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_EQ(f.server.requests(), 1u);
  const std::string committed = read_text(f.oplib() / "math" / "log1p" / "float.v1.hpp");

  fs::remove_all(f.oplib());
  const CliRun replay = f.fill(log1p_args({"--llm", "replay"}));
  ASSERT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_EQ(f.server.requests(), 1u) << "replay sent a request";
  EXPECT_EQ(read_text(f.oplib() / "math" / "log1p" / "float.v1.hpp"), committed);
  EXPECT_EQ(f.report_json()["overloads"][0]["requests"], 0);
  EXPECT_EQ(f.report_json()["overloads"][0]["cached_answers"], 1);

  // record (the default) answers from the cache too; live always asks.
  fs::remove_all(f.oplib());
  ASSERT_EQ(f.fill(log1p_args()).exit_code, 0);
  EXPECT_EQ(f.server.requests(), 1u);
  fs::remove_all(f.oplib());
  ASSERT_EQ(f.fill(log1p_args({"--llm", "live"})).exit_code, 0);
  EXPECT_EQ(f.server.requests(), 2u);

  // replay with nothing cached for the request fails as an endpoint failure, writing nothing.
  fs::remove_all(f.oplib());
  const CliRun miss = f.fill(log1p_args({"--llm", "replay", "--temperature", "0.3"}));
  EXPECT_EQ(miss.exit_code, 3) << miss.out << miss.err;
  EXPECT_FALSE(fs::exists(f.oplib() / "math" / "log1p" / "op.json"));
  EXPECT_EQ(f.server.requests(), 2u);
}

TEST(CliFill, not_compiling_then_repaired_from_the_compiler_errors) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    return FixtureReply::completion({fenced(is_repair(r) ? log1p_correct() : kLog1pNotCompiling)});
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_EQ(f.server.requests(), 2u);
  EXPECT_NE(lower(last_user_message(f.server.received()[1])).find("error"), std::string::npos);
  const json full_report = f.report_json();
  const json& o = full_report["overloads"][0];
  EXPECT_EQ(o["candidates"][0]["stage"], "compile");
  EXPECT_EQ(o["status"], "accepted");
}

TEST(CliFill, hostile_candidate_is_rejected_by_the_static_check_then_repaired) {
  FillFixture f;
  fs::remove("/tmp/opsynth_fill_pwned");
  f.server.set_handler([](const FixtureRequest& r) {
    return FixtureReply::completion({fenced(is_repair(r) ? log1p_correct() : kLog1pHostile)});
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const json full_report = f.report_json();
  const json& o = full_report["overloads"][0];
  EXPECT_EQ(o["candidates"][0]["verdict"], "FAIL");
  EXPECT_EQ(o["candidates"][0]["stage"], "static");
  EXPECT_FALSE(fs::exists("/tmp/opsynth_fill_pwned"));
  EXPECT_EQ(read_text(f.oplib() / "math" / "log1p" / "float.v1.hpp"), log1p_correct());
}

TEST(CliFill, answer_without_a_code_block_is_asked_again) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    return FixtureReply::completion(
        {is_repair(r) ? fenced(log1p_correct()) : "Use std::log1p and raise ValueError below -1."});
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const json full_report = f.report_json();
  const json& o = full_report["overloads"][0];
  EXPECT_EQ(o["candidates"][0]["verdict"], "NO-CODE");
  EXPECT_EQ(o["candidates"][1]["verdict"], "PASS");
}

// --sig 'float' (no result) takes the result type from CPython, as compile's --sig does.
TEST(CliFill, sig_without_a_result_takes_it_from_cpython) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(log1p_correct())}); });
  const CliRun run = f.fill({"math.log1p", "--sig", "float", "--samples", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("--sig 'float': CPython returns float"), std::string::npos) << run.err;
  EXPECT_EQ(f.report_json()["overloads"][0]["signature"], "float -> float");
}

TEST(CliFill, never_right_spends_the_budget_and_commits_nothing) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) {
    return FixtureReply::completion({fenced(kLog1pWrong), fenced(kLog1pWrong)});
  });
  const CliRun run = f.fill(log1p_args({"--samples", "2", "--attempts", "2"}));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);
  EXPECT_FALSE(fs::exists(f.oplib() / "math" / "log1p" / "op.json"));
  const json full_report = f.report_json();
  const json& o = full_report["overloads"][0];
  EXPECT_EQ(o["status"], "rejected");
  ASSERT_EQ(o["candidates"].size(), 4u);
  EXPECT_EQ(o["candidates"][0]["verdict"], "FAIL");
  EXPECT_EQ(o["candidates"][1]["verdict"], "DUPLICATE");  // the same code is verified once
  EXPECT_NE(run.out.find("rejected"), std::string::npos) << run.out;
}

TEST(CliFill, token_budget_stops_asking) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(kLog1pWrong)}, 600, 500); });
  const CliRun run = f.fill(log1p_args({"--attempts", "5", "--max-tokens-total", "1000"}));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 1u);
  EXPECT_NE(f.report_json()["overloads"][0]["reason"].get<std::string>().find("token budget"), std::string::npos);
}

// A scheduler's log: with stderr in a file, one timestamped line per event (the overload chosen, each
// request with its tokens, each verdict with its reason, the commit); --quiet silences them. The report
// gives the cost per accepted overload, in money at the prices given by flag or environment.
TEST(CliFill, stderr_in_a_file_logs_each_step_with_a_timestamp_and_the_report_gives_the_cost) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    return FixtureReply::completion({fenced(is_repair(r) ? log1p_correct() : kLog1pWrong)}, 900, 150);
  });
  const CliRun run = f.fill(log1p_args({"--price-prompt", "2.5"}), {"OPSYNTH_PRICE_COMPLETION=10"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::regex stamped(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ fill .+)");
  std::istringstream lines(run.err);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) EXPECT_TRUE(std::regex_match(line, stamped)) << line;
  EXPECT_GE(count, 7u) << run.err;
  for (const char* step : {"overload float -> float chosen (--sig)", "request attempt 1/4: 1 candidate, ~",
                           "prompt tokens", "answer: 1 choice, 900 prompt + 150 completion tokens",
                           "candidate 1: FAIL at", "request attempt 2/4 (repair)", "candidate 1: PASS",
                           "accepted as float.v1"})
    EXPECT_NE(run.err.find(step), std::string::npos) << step << "\n" << run.err;

  const json cost = f.report_json()["cost"];
  EXPECT_EQ(cost["accepted_overloads"], 1);
  EXPECT_EQ(cost["requests"], 2);
  EXPECT_EQ(cost["usage"]["total_tokens"], 2 * 1050);
  EXPECT_GT(cost["verify_seconds"].get<double>(), 0.0);
  EXPECT_GE(cost["model_seconds"].get<double>(), 0.0);
  EXPECT_NEAR(cost["money"].get<double>(), 1800 * 2.5e-6 + 300 * 10e-6, 1e-12);
  EXPECT_EQ(cost["per_accepted_overload"]["requests"], 2.0);
  EXPECT_NE(run.out.find("per accepted overload (1)"), std::string::npos) << run.out;

  fs::remove_all(f.oplib());
  const CliRun quiet = f.fill(log1p_args({"--quiet"}));
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_EQ(quiet.err, "");

  const CliRun bad_price = f.fill(log1p_args(), {"OPSYNTH_PRICE_PROMPT=cheap"});
  EXPECT_EQ(bad_price.exit_code, 2) << bad_price.out << bad_price.err;
  EXPECT_NE(bad_price.err.find("OPSYNTH_PRICE_PROMPT"), std::string::npos) << bad_price.err;
}

// Endpoint faults: what the user sees, the exit status, and nothing written to the library.
TEST(CliFill, unauthorized_is_not_retried_and_exits_3_naming_the_endpoint) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) {
    return FixtureReply::error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
  });
  const CliRun run = f.fill(log1p_args());
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 1u);
  EXPECT_NE(run.err.find(f.server.base_url()), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("401"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Incorrect API key provided"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(kApiKey), std::string::npos);
  EXPECT_EQ(files_under(f.oplib()), 0u);
}

TEST(CliFill, rate_limit_with_retry_after_then_success) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    if (r.index == 0) return FixtureReply::error(429, "Rate limit reached", "requests", "rate_limit_exceeded").with_header("retry-after", "1");
    return FixtureReply::completion({fenced(log1p_correct())});
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);
  EXPECT_EQ(f.report_json()["overloads"][0]["requests"], 2);
}

TEST(CliFill, server_error_then_success) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    if (r.index == 0) return FixtureReply::error(500, "The server had an error", "server_error");
    return FixtureReply::completion({fenced(log1p_correct())});
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);
}

TEST(CliFill, malformed_json_exits_3) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::raw(200, "{\"choices\": [ {"); });
  const CliRun run = f.fill(log1p_args({"--retries", "1"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find(f.server.base_url()), std::string::npos) << run.err;
  EXPECT_EQ(files_under(f.oplib()), 0u);
}

TEST(CliFill, truncated_body_then_success) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    FixtureReply reply = FixtureReply::completion({fenced(log1p_correct())});
    reply.truncate = r.index == 0;
    return reply;
  });
  const CliRun run = f.fill(log1p_args());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);
}

TEST(CliFill, server_ignoring_n_is_asked_once_per_missing_sample) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest& r) {
    // Sample 0 wrong, the rest right: the fallback request must have happened for a PASS.
    const bool first = r.json.value("n", 1) > 1;
    return FixtureReply::completion({fenced(first ? kLog1pWrong : log1p_correct())});
  });
  const CliRun run = f.fill(log1p_args({"--samples", "2", "--attempts", "1"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_EQ(f.server.requests(), 2u);
  EXPECT_EQ(f.server.received()[0].json["n"], 2);
  EXPECT_EQ(f.server.received()[1].json["n"], 1);
  EXPECT_NE(f.server.received()[0].json["seed"], f.server.received()[1].json["seed"]);
}

TEST(CliFill, slow_endpoint_times_out_and_exits_3) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) {
    FixtureReply reply = FixtureReply::completion({fenced(log1p_correct())});
    reply.delay = std::chrono::milliseconds(5000);
    return reply;
  });
  const CliRun run = f.fill(log1p_args({"--llm-timeout", "0.5", "--retries", "1"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);
  EXPECT_NE(lower(run.err).find("time"), std::string::npos) << run.err;
  EXPECT_EQ(files_under(f.oplib()), 0u);
}

TEST(CliFill, unreachable_endpoint_exits_3_naming_it) {
  FillFixture f;
  const std::string url = "http://127.0.0.1:" + std::to_string(testing::unused_loopback_port()) + "/v1";
  const CliRun run = f.fill(log1p_args({"--base-url", url, "--retries", "0"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find(url), std::string::npos) << run.err;
  EXPECT_EQ(files_under(f.oplib()), 0u);
}

// Bad input: exit 2 naming what is wrong, no request, nothing written.
TEST(CliFill, bad_input_exits_2_before_any_request) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(log1p_correct())}); });
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"nosuchmodule.f", "--sig", "float -> float"}, {}, "nosuchmodule"},
      {{"math.nosuch", "--sig", "float -> float"}, {}, "nosuch"},
      {{"math.pi", "--sig", "float -> float"}, {}, "not callable"},
      {{"math.log1p", "--sig", "float ->"}, {}, "--sig"},
      {{"math.log1p", "--sig", "str -> float"}, {}, "math.log1p"},
      {{"math.log1p", "--sig", "str"}, {}, "no result type: CPython raised on every probe input"},
      {{"math.log1p", "--sig", "float -> float", "--llm", "sometimes"}, {}, "--llm"},
      {{"math.log1p", "--sig", "float -> float"}, {"OPSYNTH_MODEL="}, "OPSYNTH_MODEL"},
      {{"math.log1p", "--sig", "float -> float", "--base-url", "https://api.example.invalid/v1"},
       {"OPENAI_API_KEY="},
       "OPENAI_API_KEY"},
      {{"math.log1p", "--sig", "float -> float", "--base-url", "ftp://example.invalid"}, {}, "ftp://"},
  };
  for (const auto& c : cases) {
    const CliRun run = f.fill(c.args, c.env);
    EXPECT_EQ(run.exit_code, 2) << c.args[0] << " " << c.message << "\n" << run.out << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << run.err;
  }
  EXPECT_EQ(f.server.requests(), 0u);
  EXPECT_EQ(files_under(f.oplib()), 0u);
}

// The answer for every numpy.linalg.norm implementation request of the test below: the vector
// 2-norm for int64 and float32 vectors (numpy: sqrt(dot(x, x)), ints as float64).
const std::string kNormVectors = R"(#include <cmath>
#include <cstdint>
namespace oplib::numpy::linalg {
inline rt::float64 norm(const rt::ndarray<std::int64_t, 1>& x) {
  double s = 0.0;
  for (std::int64_t i = 0; i < x.shape()[0]; ++i) {
    const double v = static_cast<double>(x(i));
    s += v * v;
  }
  return rt::float64(std::sqrt(s));
}
inline rt::float32 norm(const rt::ndarray<float, 1>& x) {
  float s = 0.0f;
  for (std::int64_t i = 0; i < x.shape()[0]; ++i) s += x(i) * x(i);
  return rt::float32(std::sqrt(s));
}
}  // namespace oplib::numpy::linalg
)";

TEST(CliFill, norm_without_sig_chooses_prints_and_fills_a_set_of_overloads) {
  FillFixture f;
  // The shipped norm (generic version at float64 signatures) is already in this library.
  fs::create_directories(f.oplib() / "numpy" / "linalg");
  fs::copy(source_dir() + "/oplib/numpy/linalg/norm", f.oplib() / "numpy" / "linalg" / "norm",
           fs::copy_options::recursive);
  f.server.set_handler([](const FixtureRequest& r) {
    const std::string asked = last_user_message(r);
    if (asked.find("namespace oplib::numpy::linalg") == std::string::npos) {
      // The signature proposal: one the library has, two CPython refuses, one that is no signature.
      return FixtureReply::completion({"```\nndarray[float64,2], Literal['fro'] -> float64\n"
                                       "ndarray[float64,3], Literal['fro'] -> float64\n"
                                       "ndarray[float64,1], Literal['bogus'] -> float64\n"
                                       "the matrix 2-norm\n```\n"});
    }
    return FixtureReply::completion({fenced(kNormVectors)});
  });
  const CliRun run = f.fill({"numpy.linalg.norm", "--samples", "1", "--jobs", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // It says which overloads it chose and why, and which it refused.
  EXPECT_NE(run.out.find("ndarray[float64,1] -> float64"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ndarray[int64,1] -> float64"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ndarray[float32,1] -> float32"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("array_like"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("refused ndarray[float64,3], Literal['fro']"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("refused ndarray[float64,1], Literal['bogus']"), std::string::npos) << run.out;

  const json report = f.report_json();
  std::map<std::string, std::string> status;
  for (const auto& o : report["overloads"]) status[o["signature"]] = o["status"];
  EXPECT_EQ(status["ndarray[float64,1] -> float64"], "present");
  EXPECT_EQ(status["ndarray[float64,2] -> float64"], "present");
  EXPECT_EQ(status["ndarray[float64,2], Literal['fro'] -> float64"], "present");
  EXPECT_EQ(status["ndarray[int64,1] -> float64"], "accepted");
  EXPECT_EQ(status["ndarray[float32,1] -> float32"], "accepted");
  EXPECT_GE(report["refused_signatures"].size(), 2u);
  EXPECT_EQ(report["signature_requests"], 1);
  // One proposal request plus one per filled overload.
  EXPECT_EQ(f.server.requests(), 3u);

  const json op = json::parse(read_text(f.oplib() / "numpy" / "linalg" / "norm" / "op.json"));
  std::vector<std::string> names;
  for (const auto& o : op["overloads"]) names.push_back(o["name"]);
  EXPECT_NE(std::find_if(names.begin(), names.end(), [](const std::string& n) { return n.rfind("ndarray_int64_1", 0) == 0; }),
            names.end())
      << op.dump(2);
  auto check = run_opsynth({"ops", "check", "--oplib", f.oplib().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// One template for the 2-norm of vectors and the max-norm (ord=inf) of the rows of matrices, for
// float64, float32, int64 and int32 (numpy computes ints in float64), axis=1 and axis=-1 alike.
const std::string kNormTemplate = R"(#include <cmath>
#include <cstdint>
#include <type_traits>
namespace oplib::numpy::linalg {
namespace detail_norm {
template <class T>
using acc_t = std::conditional_t<std::is_same_v<T, float>, float, double>;
template <class T>
inline constexpr bool supported = std::is_same_v<T, double> || std::is_same_v<T, float> ||
                                  std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::int32_t>;
}  // namespace detail_norm
template <class T>
  requires detail_norm::supported<T>
inline rt::np_scalar<detail_norm::acc_t<T>> norm(const rt::ndarray<T, 1>& x) {
  using A = detail_norm::acc_t<T>;
  A s = 0;
  for (std::int64_t i = 0; i < x.shape(0); ++i) {
    const A v = static_cast<A>(x(i));
    s += v * v;
  }
  return rt::np_scalar<A>(std::sqrt(s));
}
template <class T, rt::literal Axis>
  requires(detail_norm::supported<T> && (Axis.i == 1 || Axis.i == -1))
inline rt::ndarray<detail_norm::acc_t<T>, 1> norm(const rt::ndarray<T, 2>& x, rt::lit<rt::inf>, rt::lit<Axis>) {
  using A = detail_norm::acc_t<T>;
  if (x.shape(1) == 0) throw rt::ValueError("zero-size array to reduction operation maximum which has no identity");
  auto out = rt::ndarray<A, 1>::empty({x.shape(0)});
  for (std::int64_t i = 0; i < x.shape(0); ++i) {
    A m = std::abs(static_cast<A>(x(i, 0)));
    for (std::int64_t j = 1; j < x.shape(1); ++j) {
      const A a = std::abs(static_cast<A>(x(i, j)));
      if (std::isnan(a) || a > m) m = a;  // numpy's maximum: a NaN wins and stays
    }
    out(i) = m;
  }
  return out;
}
}  // namespace oplib::numpy::linalg
)";

// Issue 18's measure: a dozen overloads of a norm, which today cost a request each, fall into two
// groups one template serves; the model is asked for the templates first and needs 2 requests.
TEST(CliFill, a_dozen_norm_overloads_ask_for_generic_templates_first_and_need_at_most_half_the_requests) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(kNormTemplate)}); });
  std::vector<std::string> args{"numpy.linalg.norm", "--samples", "1"};
  const std::vector<std::pair<std::string, std::string>> dtypes{
      {"float64", "float64"}, {"float32", "float32"}, {"int64", "float64"}, {"int32", "float64"}};
  for (const auto& [in, out] : dtypes) {
    for (const std::string sig : {"ndarray[" + in + ",1] -> " + out,
                                  "ndarray[" + in + ",2], Literal[inf], Literal[1] -> ndarray[" + out + ",1]",
                                  "ndarray[" + in + ",2], Literal[inf], Literal[-1] -> ndarray[" + out + ",1]"}) {
      args.push_back("--sig");
      args.push_back(sig);
    }
  }
  const CliRun run = f.fill(args);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_LE(f.server.requests(), 12u / 2);
  EXPECT_EQ(f.server.requests(), 2u);
  for (const auto& request : f.server.received())
    EXPECT_NE(last_user_message(request).find("several typed overloads at once"), std::string::npos);
  EXPECT_NE(last_user_message(f.server.received()[1]).find("Literal[-1]"), std::string::npos);

  const json report = f.report_json();
  ASSERT_EQ(report["overloads"].size(), 12u);
  for (const auto& o : report["overloads"]) EXPECT_EQ(o["status"], "accepted") << o.dump(2);
  EXPECT_EQ(report["requests"], 2);
  EXPECT_EQ(report["cost"]["accepted_overloads"], 12);

  // Two generic versions, verified at 4 and 8 signatures.
  const json op = json::parse(read_text(f.oplib() / "numpy" / "linalg" / "norm" / "op.json"));
  std::vector<std::size_t> instances;
  for (const auto& o : op["overloads"]) {
    EXPECT_TRUE(o["generic"].get<bool>()) << o["name"];
    instances.push_back(o["versions"][0]["instances"].size());
  }
  EXPECT_EQ(instances, (std::vector<std::size_t>{4, 8}));
  auto check = run_opsynth({"ops", "check", "--oplib", f.oplib().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// --no-generic keeps today's behaviour: two overloads one template could serve get a request each.
TEST(CliFill, no_generic_asks_for_each_overload_on_its_own) {
  FillFixture f;
  f.server.set_handler([](const FixtureRequest&) { return FixtureReply::completion({fenced(kNormTemplate)}); });
  const CliRun run = f.fill({"numpy.linalg.norm", "--samples", "1", "--no-generic", "--sig", "ndarray[float64,1] -> float64",
                             "--sig", "ndarray[int32,1] -> float64"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_EQ(f.server.requests(), 2u);
  for (const auto& request : f.server.received())
    EXPECT_EQ(last_user_message(request).find("several typed overloads at once"), std::string::npos);
  const json op = json::parse(read_text(f.oplib() / "numpy" / "linalg" / "norm" / "op.json"));
  for (const auto& o : op["overloads"]) EXPECT_FALSE(o.value("generic", false)) << o["name"];
}

}  // namespace
}  // namespace opsynth

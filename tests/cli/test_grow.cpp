// `opsynth grow` and `opsynth ops merge` end to end: the real executable, real CPython, the loopback
// fixture model. Each test works on a copy of oplib/ with a few math operators taken out; the model
// answers each with the implementation the library shipped, so what it writes passes the verifier.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.hpp"
#include "llm_fixture_server.hpp"
#include "paths.hpp"
#include "run_opsynth.hpp"
#include "temp_dir.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using testing::CliRun;
using testing::FixtureReply;
using testing::FixtureRequest;
using testing::LlmFixtureServer;
using testing::run_opsynth;
using testing::source_dir;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// The math operator a request asks for (the prompt names it as "Python operator `math.NAME`").
std::string asked_operator(const FixtureRequest& r) {
  const std::string prompt = r.json["messages"].dump();
  const std::string marker = "Python operator `math.";
  const auto at = prompt.find(marker);
  if (at == std::string::npos) return "";
  const auto end = prompt.find('`', at + marker.size());
  return prompt.substr(at + marker.size(), end - at - marker.size());
}

std::string shipped(const std::string& name) {
  return read_text(fs::path(source_dir()) / "oplib/math" / name / "float.v1.hpp");
}

std::string fenced(const std::string& code) { return "Here it is.\n\n```cpp\n" + code + "```\n"; }

// Answers every math operator with the library's own implementation; `refuse` names ones it answers
// 401 for (an endpoint that will not serve them).
testing::FixtureHandler shipped_answers(std::set<std::string> refuse = {}) {
  return [refuse](const FixtureRequest& r) {
    const std::string name = asked_operator(r);
    if (refuse.count(name)) return FixtureReply::error(401, "no", "invalid_request_error", "invalid_api_key");
    if (name.empty()) return FixtureReply::completion({"I do not know."});
    return FixtureReply::completion({fenced(shipped(name))}, 800, 200);
  };
}

constexpr const char* kKernels = R"(import math


def softplus(x: float) -> float:
    """log(1 + e^x)."""
    return math.log1p(math.exp(x))


def both(x: float) -> float:
    """Needs two operators the test library lacks."""
    return math.expm1(x) + math.log1p(x)


def twice(x: float) -> float:
    """Compiles as it is."""
    return x * 2.0


def gauss_tail(x: float) -> float:
    """Another missing operator."""
    return math.erfc(x) / 2.0


def with_lambda(x: float) -> float:
    """Unsupported syntax: no operator fixes it."""
    f = lambda y: y + 1.0
    return f(x)
)";

struct GrowFixture {
  LlmFixtureServer server;
  testing::TempDir scratch{"opsynth_cli_grow"};
  fs::path dir = scratch.path;

  explicit GrowFixture(const std::vector<std::string>& functions,
                       const std::vector<std::string>& removed = {"log1p", "expm1", "erfc"}) {
    fs::copy(fs::path(source_dir()) / "oplib", oplib(), fs::copy_options::recursive);
    for (const auto& name : removed) fs::remove_all(oplib() / "math" / name);
    write_text(dir / "corpus" / "kernels.py", kKernels);
    json entries = json::array();
    for (const auto& f : functions) entries.push_back({{"file", "kernels.py"}, {"function", f}});
    write_corpus({{"schema", 1}, {"functions", entries}});
  }
  void write_corpus(const json& corpus) const { write_text(dir / "corpus" / "corpus.json", corpus.dump(2)); }
  fs::path oplib() const { return dir / "oplib"; }
  fs::path work() const { return dir / "work"; }

  std::vector<std::string> env() const {
    return {"OPENAI_BASE_URL=" + server.base_url(), "OPENAI_API_KEY=sk-fixture",
            "OPSYNTH_MODEL=fixture-model"};
  }
  std::vector<std::string> args(std::vector<std::string> more, const fs::path& oplib_dir,
                                const fs::path& cache) const {
    std::vector<std::string> a{"grow",        (dir / "corpus").string(),
                               "--oplib",     oplib_dir.string(),
                               "--llm-cache", cache.string(),
                               "--samples",   "1",
                               "--reverify",  "0"};
    a.insert(a.end(), more.begin(), more.end());
    return a;
  }
  CliRun grow(std::vector<std::string> more = {}, const std::vector<std::string>& extra_env = {}) const {
    if (std::find(more.begin(), more.end(), "--workdir") == more.end())
      more.insert(more.end(), {"--workdir", work().string()});
    std::vector<std::string> e = extra_env;
    for (const auto& x : env()) e.push_back(x);
    return run_opsynth(args(more, oplib(), dir / "cache"), e);
  }
  json report() const { return json::parse(read_text(work() / "report.json")); }
};

const json* overload_entry(const json& report, const std::string& key) {
  for (const auto& o : report["fill"]["overloads"])
    if (o["key"] == key) return &o;
  return nullptr;
}

// Minutes of verification each: run by ctest's `cli_grow_long` (label long), skipped elsewhere.
bool long_tests_enabled() {
  const char* on = std::getenv("OPSYNTH_LONG_TESTS");
  return on && std::string(on) == "1";
}

TEST(CliGrow, fills_what_blocks_the_corpus_then_more_functions_compile_and_pass_verify_function) {
  GrowFixture f({"softplus", "both", "twice", "with_lambda"});
  f.server.set_handler(shipped_answers());
  const CliRun run = f.grow();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(f.server.requests(), 2u);  // one answer per missing overload

  const json r = f.report();
  EXPECT_EQ(r["functions"]["total"], 4);
  EXPECT_EQ(r["functions"]["before"]["compiles"], 1);
  EXPECT_EQ(r["functions"]["before"]["blocked"], 2);
  EXPECT_EQ(r["functions"]["before"]["unfixable"], 1);
  EXPECT_EQ(r["functions"]["after"]["compiles"], 3);
  EXPECT_EQ(r["errors_by_kind"]["unsupported syntax"], 1);
  // Ranked as one bundle: {expm1, log1p} unblocks both functions, log1p alone only one.
  ASSERT_EQ(r["ranking"]["planned"].size(), 2u);
  EXPECT_EQ(r["ranking"]["planned"][0], "math.expm1(float -> float)");
  EXPECT_EQ(r["ranking"]["planned"][1], "math.log1p(float -> float)");
  const json* log1p = overload_entry(r, "math.log1p(float -> float)");
  ASSERT_NE(log1p, nullptr);
  EXPECT_EQ((*log1p)["status"], "accepted");
  EXPECT_EQ((*log1p)["requests"], 1);
  EXPECT_EQ((*log1p)["tokens"], 1000);
  EXPECT_EQ(r["fill"]["accepted"], 2);
  EXPECT_EQ(r["fill"]["requests_per_accepted"], 1.0);
  EXPECT_EQ(r["fill"]["tokens_per_accepted"], 1000.0);
  // Every function that compiles now was compiled and checked end to end.
  std::map<std::string, std::string> verdicts;
  for (const auto& e : r["recompile"]) verdicts[e["function"]] = e["verify"];
  EXPECT_EQ(verdicts, (std::map<std::string, std::string>{{"kernels.py::both", "PASS"},
                                                          {"kernels.py::twice", "PASS"},
                                                          {"kernels.py::softplus", "PASS"}}));
  EXPECT_TRUE(fs::exists(f.oplib() / "math" / "log1p" / "float.v1.hpp"));
  EXPECT_TRUE(fs::exists(f.work() / "report.md"));
  EXPECT_NE(read_text(f.work() / "report.md").find("3 of 4 corpus functions compile (1 before)"),
            std::string::npos);
  EXPECT_NE(run.out.find("3 of 4 corpus functions compile (1 before); 2 overloads added"), std::string::npos)
      << run.out;
  // Timestamped progress lines even though stderr is a file: per step and per overload.
  EXPECT_NE(run.err.find("Z grow mine: 4 functions"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Z grow fill [math.log1p float -> float] accepted"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Z grow verify --function kernels.py::both: PASS"), std::string::npos) << run.err;

  // The next night: nothing left to fill or check, no request, one more history line.
  const CliRun again = f.grow();
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(f.server.requests(), 2u);
  const json r2 = f.report();
  EXPECT_EQ(r2["functions"]["before"]["compiles"], 3);
  EXPECT_TRUE(r2["ranking"]["planned"].empty());
  EXPECT_TRUE(r2["recompile"].empty());
  const std::string history = read_text(f.work() / "history.tsv");
  EXPECT_EQ(std::count(history.begin(), history.end(), '\n'), 3) << history;  // header + two runs
  EXPECT_NE(history.find("\t4\t1\t3\t2\t0\t2\t2000\t"), std::string::npos) << history;
  auto check = run_opsynth({"ops", "check", "--oplib", f.oplib().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(CliGrow, bad_corpus_entries_exit_2_naming_the_entry_and_write_nothing) {
  GrowFixture f({"twice"});
  f.server.set_handler(shipped_answers());
  struct Bad {
    json corpus;
    std::string names;
  };
  const std::vector<Bad> cases = {
      {json{{"schema", 1},
            {"functions",
             {{{"file", "kernels.py"}, {"function", "twice"}}, {{"file", "nope.py"}, {"function", "f"}}}}},
       "functions[1] (nope.py::f): no such file"},
      {json{{"schema", 1}, {"functions", {{{"file", "kernels.py"}, {"function", "triple"}}}}},
       "functions[0] (kernels.py::triple): kernels.py defines no top-level function 'triple'"},
      {json{{"schema", 1},
            {"functions", {{{"file", "kernels.py"}, {"function", "twice"}, {"example", "math:(1 / 0,)"}}}}},
       "functions[0] (kernels.py::twice): example:"},
      {json{{"schema", 1}, {"functions", {{{"file", "kernels.py"}, {"function", "twice"}, {"sig", "flot"}}}}},
       "functions[0] (kernels.py::twice): sig:"},
      {json{{"schema", 1},
            {"functions", {{{"file", "kernels.py"}, {"function", "twice"}, {"color", "red"}}}}},
       "functions[0]: unknown field 'color'"},
      {json{{"functions", json::array()}}, "expected {\"schema\": 1"},
  };
  for (const auto& c : cases) {
    f.write_corpus(c.corpus);
    const CliRun run = f.grow();
    EXPECT_EQ(run.exit_code, 2) << c.corpus.dump() << run.err;
    EXPECT_NE(run.err.find(c.names), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(f.work())) << c.corpus.dump();
  }
  write_text(f.dir / "corpus" / "corpus.json", "{\"schema\": 1, \"functions\": [");
  const CliRun malformed = f.grow();
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("corpus.json: not JSON"), std::string::npos) << malformed.err;
  const CliRun missing =
      run_opsynth({"grow", (f.dir / "absent.json").string(), "--workdir", f.work().string()}, f.env());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("absent.json"), std::string::npos) << missing.err;
  const CliRun bad_shard = f.grow({"--shard", "2/2"});
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_NE(bad_shard.err.find("--shard"), std::string::npos);
  EXPECT_FALSE(fs::exists(f.work()));
  EXPECT_EQ(f.server.requests(), 0u);
}

TEST(CliGrowLong, unreachable_endpoint_ends_the_fill_keeps_what_was_accepted_and_exits_3) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"softplus", "gauss_tail"}, {"log1p", "erfc"});
  // Equal bundles rank by name: erfc is filled first and accepted; then the endpoint refuses log1p (401).
  f.server.set_handler(shipped_answers({"log1p"}));
  const CliRun run = f.grow();
  ASSERT_EQ(run.exit_code, 3) << run.out << run.err;
  const json r = f.report();
  EXPECT_EQ(r["fill"]["stopped"], "endpoint");
  EXPECT_EQ(r["fill"]["accepted"], 1);
  EXPECT_EQ((*overload_entry(r, "math.erfc(float -> float)"))["status"], "accepted");
  EXPECT_EQ((*overload_entry(r, "math.log1p(float -> float)"))["status"], "endpoint-failure");
  EXPECT_EQ(r["functions"]["after"]["compiles"], 1);
  EXPECT_EQ(r["exit_code"], 3);
  EXPECT_TRUE(fs::exists(f.oplib() / "math" / "erfc" / "float.v1.hpp"));
  EXPECT_NE(read_text(f.work() / "history.tsv").find("\t3\n"), std::string::npos);
  // Nothing listening at all: the same ending, after the retries.
  const std::string dead = "http://127.0.0.1:" + std::to_string(testing::unused_loopback_port()) + "/v1";
  const CliRun refused = f.grow({"--retries", "0", "--base-url", dead});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_EQ(f.report()["fill"]["stopped"], "endpoint");
  EXPECT_EQ(f.report()["functions"]["after"]["compiles"], 1);
}

TEST(CliGrowLong, killed_during_a_commit_leaves_the_library_consistent_and_the_rerun_asks_nothing_again) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"softplus"}, {"log1p"});
  f.server.set_handler(shipped_answers());
  const CliRun killed = f.grow({}, {"OPSYNTH_OPLIB_CRASH_AT=after-provenance"});
  ASSERT_EQ(killed.exit_code, 128 + SIGKILL) << killed.err;
  EXPECT_EQ(f.server.requests(), 1u);
  const CliRun check = run_opsynth({"ops", "check", "--oplib", f.oplib().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  const CliRun rerun = f.grow();
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(f.server.requests(), 1u);  // the answer came from the request cache
  const json r = f.report();
  EXPECT_EQ(r["fill"]["accepted"], 1);
  EXPECT_EQ(r["fill"]["requests"], 0);
  EXPECT_EQ(r["fill"]["cached_answers"], 1);
  EXPECT_EQ(r["functions"]["after"]["compiles"], 1);
}

TEST(CliGrowLong, reverify_rotates_through_the_library_goes_whole_after_a_version_change_and_revokes) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"twice"});
  // A library of two operators, so that a slice and the whole library are quick to reverify.
  fs::remove_all(f.oplib());
  fs::create_directories(f.oplib() / "math");
  for (const char* op : {"expm1", "log1p"})
    fs::copy(fs::path(source_dir()) / "oplib/math" / op, f.oplib() / "math" / op,
             fs::copy_options::recursive);
  auto reverified = [&](const std::string& ops) {
    std::vector<std::string> args =
        f.args({"--max-tokens-total", "0", "--workdir", f.work().string()}, f.oplib(), f.dir / "cache");
    const auto given = std::find(args.begin(), args.end(), "--reverify");  // the fixture's --reverify 0
    *(given + 1) = ops;
    return run_opsynth(args);  // no model: nothing is filled
  };
  CliRun first = reverified("1");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(f.report()["reverify"]["ops"], json::array({"math.expm1"}));
  CliRun second = reverified("1");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(f.report()["reverify"]["ops"], json::array({"math.log1p"}));
  // The last run saw another CPython: everything is reverified.
  json state = json::parse(read_text(f.work() / "state.json"));
  state["python"] = "2.7.18";
  write_text(f.work() / "state.json", state.dump());
  CliRun whole = reverified("1");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(f.report()["reverify"]["whole_library"], true);
  EXPECT_EQ(f.report()["reverify"]["ops"], json::array({"math.expm1", "math.log1p"}));
  // A version that is wrong (consistently hashed, as if it had been accepted): revoked, exit 1.
  const std::string wrong =
      "#include <cmath>\nnamespace oplib::math {\ninline double log1p(double x) { return std::log(1.0 + x); "
      "}\n}\n";
  const fs::path op = f.oplib() / "math" / "log1p";
  write_text(op / "float.v1.hpp", wrong);
  const std::string sha = sha256_hex(wrong);
  json record = json::parse(read_text(op / "op.json"));
  record["overloads"][0]["versions"][0]["sha256"] = sha;
  write_text(op / "op.json", record.dump(2));
  json provenance = json::parse(read_text(op / "float.v1.json"));
  provenance["sha256"] = sha;
  write_text(op / "float.v1.json", provenance.dump(2));
  CliRun revoking = reverified("2");
  EXPECT_EQ(revoking.exit_code, 1) << revoking.err;
  EXPECT_EQ(f.report()["reverify"]["revoked"], json::array({"math.log1p float.v1"}));
  EXPECT_NE(read_text(f.work() / "report.md").find("revoked `math.log1p float.v1`"), std::string::npos);
}

// The library's content as a lock: every overload's newest accepted version and its hash.
std::string lock_of(const fs::path& oplib) {
  const CliRun lock = run_opsynth({"ops", "lock", "--oplib", oplib.string()});
  EXPECT_EQ(lock.exit_code, 0) << lock.err;
  return lock.out;
}

// Runs `count` shards as parallel processes on copies of `fixture`'s starting library, then merges.
std::string sharded_library(const GrowFixture& f, const fs::path& base_library, std::size_t count,
                            const fs::path& into) {
  fs::copy(base_library, into, fs::copy_options::recursive);
  std::vector<std::thread> shards;
  std::vector<CliRun> runs(count);
  std::vector<std::string> deltas;
  for (std::size_t i = 0; i < count; ++i) {
    const fs::path work = into.parent_path() / (into.filename().string() + "-work-" + std::to_string(i));
    deltas.push_back((work / "delta").string());
    shards.emplace_back([&, i, work] {
      std::vector<std::string> e = f.env();
      runs[i] = run_opsynth(f.args({"--shard", std::to_string(i) + "/" + std::to_string(count), "--workdir",
                                    work.string(), "--delta", (work / "delta").string()},
                                   into, f.dir / ("cache-" + into.filename().string())),
                            e);
    });
  }
  for (auto& t : shards) t.join();
  for (const auto& r : runs) EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> merge{"ops", "merge"};
  merge.insert(merge.end(), deltas.begin(), deltas.end());
  merge.insert(merge.end(), {"--oplib", into.string()});
  const CliRun merged = run_opsynth(merge);
  EXPECT_EQ(merged.exit_code, 0) << merged.out << merged.err;
  return lock_of(into);
}

TEST(CliGrowLong, two_and_four_shards_in_parallel_merge_to_the_unsharded_library) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"softplus", "both", "twice", "gauss_tail"}, {"log1p", "expm1", "erfc", "erf"});
  f.server.set_handler(shipped_answers());
  const fs::path start = f.dir / "start";
  fs::copy(f.oplib(), start, fs::copy_options::recursive);
  const CliRun whole = f.grow();
  ASSERT_EQ(whole.exit_code, 0) << whole.out << whole.err;
  const std::string expected = lock_of(f.oplib());
  ASSERT_NE(expected.find("math.erfc"), std::string::npos);
  EXPECT_EQ(sharded_library(f, start, 2, f.dir / "two"), expected);
  EXPECT_EQ(sharded_library(f, start, 4, f.dir / "four"), expected);
  // Merging the same deltas again changes nothing: every version is already present.
  const CliRun again =
      run_opsynth({"ops", "merge", (f.dir / "two-work-0" / "delta").string(),
                   (f.dir / "two-work-1" / "delta").string(), "--oplib", (f.dir / "two").string()});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("0 versions merged"), std::string::npos) << again.out;
}

// deploy/kubernetes/grow-shard.sh as the Indexed Job's pods run it: one process per completion index
// on a shared folder, pod 0 merging and reporting; the library must equal one unsharded run's.
TEST(CliGrowLong, kubernetes_pods_of_the_indexed_job_grow_and_merge_like_one_run) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"softplus", "both", "twice", "gauss_tail"});
  f.server.set_handler(shipped_answers());
  const fs::path seed = f.dir / "seed";
  fs::copy(f.oplib(), seed, fs::copy_options::recursive);
  const CliRun whole = f.grow();
  ASSERT_EQ(whole.exit_code, 0) << whole.out << whole.err;
  const fs::path shared = f.dir / "shared";
  const std::string script = (fs::path(source_dir()) / "deploy/kubernetes/grow-shard.sh").string();
  constexpr int kPods = 3;
  std::vector<CliRun> pods(kPods);
  std::vector<std::thread> threads;
  for (int i = 0; i < kPods; ++i) {
    threads.emplace_back([&, i] {
      std::vector<std::string> env = f.env();
      for (const std::string& e :
           {"JOB_COMPLETION_INDEX=" + std::to_string(i), "SHARDS=" + std::to_string(kPods),
            std::string("NIGHT=night-1"), "SHARED=" + shared.string(),
            "CORPUS=" + (f.dir / "corpus").string(), "OPSYNTH=" + testing::opsynth_binary(),
            "OPLIB_SEED=" + seed.string(), std::string("MERGE_DEADLINE=600"), std::string("REVERIFY=0")})
        env.push_back(e);
      pods[i] = testing::run_program("/bin/sh", {script}, env);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& p : pods) EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
  EXPECT_EQ(lock_of(shared / "oplib"), lock_of(f.oplib()));
  const json report = json::parse(read_text(shared / "grow" / "report.json"));
  EXPECT_EQ(report["functions"]["after"]["compiles"], 4);
  for (const auto& e : report["recompile"]) EXPECT_EQ(e["verify"], "PASS") << e.dump();
  EXPECT_EQ(run_opsynth({"ops", "check", "--oplib", (shared / "oplib").string()}).exit_code, 0);
}

TEST(CliGrowLong, merge_refuses_damaged_or_foreign_deltas_and_survives_a_kill) {
  if (!long_tests_enabled()) GTEST_SKIP() << "long: ctest -L long runs it";
  GrowFixture f({"softplus", "gauss_tail"}, {"log1p", "erfc"});
  f.server.set_handler(shipped_answers());
  const fs::path start = f.dir / "start";
  fs::copy(f.oplib(), start, fs::copy_options::recursive);
  const fs::path delta = f.dir / "delta";
  const CliRun shard = f.grow({"--shard", "0/1", "--delta", delta.string()});
  ASSERT_EQ(shard.exit_code, 0) << shard.out << shard.err;
  // The shard wrote to its delta, not to the library.
  EXPECT_FALSE(fs::exists(f.oplib() / "math" / "log1p"));
  const json d = json::parse(read_text(delta / "delta.json"));
  ASSERT_EQ(d["ops"].size(), 2u);

  // A library that is not the delta's base (it lacks a version the base had): refused, naming it.
  const fs::path foreign = f.dir / "foreign";
  fs::copy(start, foreign, fs::copy_options::recursive);
  fs::remove_all(foreign / "math" / "erf");
  const CliRun other = run_opsynth({"ops", "merge", delta.string(), "--oplib", foreign.string()});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("delta " + delta.string() + " refused"), std::string::npos) << other.err;
  EXPECT_NE(other.err.find("another library version"), std::string::npos) << other.err;

  // A version file that does not hash to what the delta records: refused, nothing merged.
  const fs::path damaged = f.dir / "damaged";
  fs::copy(delta, damaged, fs::copy_options::recursive);
  for (const auto& e : fs::directory_iterator(damaged / "versions"))
    write_text(e.path(), read_text(e.path()) + "// edited\n");
  const CliRun bad = run_opsynth({"ops", "merge", damaged.string(), "--oplib", f.oplib().string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("does not hash to the sha256"), std::string::npos) << bad.err;
  // delta.json edited: its content hash no longer holds.
  const fs::path edited = f.dir / "edited";
  fs::copy(delta, edited, fs::copy_options::recursive);
  json e = json::parse(read_text(edited / "delta.json"));
  e["shard"]["index"] = 7;
  write_text(edited / "delta.json", e.dump());
  const CliRun tampered = run_opsynth({"ops", "merge", edited.string(), "--oplib", f.oplib().string()});
  EXPECT_EQ(tampered.exit_code, 2);
  EXPECT_NE(tampered.err.find("content_sha256"), std::string::npos) << tampered.err;
  EXPECT_FALSE(fs::exists(f.oplib() / "math" / "log1p"));

  // Killed half-way through a merge: consistent, and merging again finishes the job.
  const CliRun killed = run_opsynth({"ops", "merge", delta.string(), "--oplib", f.oplib().string()},
                                    {"OPSYNTH_OPLIB_CRASH_AT=after-hpp"});
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
  EXPECT_EQ(run_opsynth({"ops", "check", "--oplib", f.oplib().string()}).exit_code, 0);
  const CliRun finished = run_opsynth({"ops", "merge", delta.string(), "--oplib", f.oplib().string()});
  EXPECT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  EXPECT_NE(finished.out.find("2 versions merged"), std::string::npos) << finished.out;

  // Another shard, from the same base, filled the same overloads with other (also correct) text: the
  // version merged first stays, the later one is a conflict, listed, and the exit status says so.
  const auto plain = shipped_answers();
  f.server.set_handler([plain](const FixtureRequest& r) {
    FixtureReply reply = plain(r);
    if (auto at = reply.body.rfind("```"); at != std::string::npos)
      reply.body.insert(at, "// a rival shard\\n");
    return reply;
  });
  const fs::path rival = f.dir / "rival";
  std::vector<std::string> rival_args =
      f.args({"--shard", "0/1", "--delta", rival.string(), "--workdir", (f.dir / "rival-work").string()},
             start, f.dir / "rival-cache");
  const CliRun rival_run = run_opsynth(rival_args, f.env());
  ASSERT_EQ(rival_run.exit_code, 0) << rival_run.out << rival_run.err;
  const std::string before_conflict = lock_of(f.oplib());
  const CliRun conflict = run_opsynth({"ops", "merge", rival.string(), "--oplib", f.oplib().string()});
  EXPECT_EQ(conflict.exit_code, 1) << conflict.out << conflict.err;
  EXPECT_NE(conflict.out.find("2 conflicts"), std::string::npos) << conflict.out;
  EXPECT_EQ(lock_of(f.oplib()), before_conflict);
}

}  // namespace
}  // namespace opsynth

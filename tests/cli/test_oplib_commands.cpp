// `opsynth add`, `ops list|show|lock|check`, `reverify` and `verify` against a library in a temp folder:
// the real executable, real compiles, real CPython.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "oplib/library/library.hpp"
#include "paths.hpp"
#include "run_opsynth.hpp"
#include "temp_dir.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::run_opsynth;
using testing::source_dir;

std::string temp_root() {
  return (testing::process_scratch_dir("opsynth_cli_oplib") / "oplib").string();
}

std::string candidate(const std::string& name) { return source_dir() + "/tests/cli/candidates/" + name; }
std::string example_sqrt() { return source_dir() + "/examples/sqrt.hpp"; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file under root with its contents: "nothing written" means this does not change.
std::map<std::string, std::string> snapshot(const std::string& root) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (e.is_regular_file()) files[e.path().string()] = read_text(e.path());
  }
  return files;
}

// Pinned seeds keep the suite deterministic; --cases stays at the commit minimum.
std::vector<std::string> add_sqrt(const std::string& root, const std::string& file) {
  return {"add", "math.sqrt", "--sig", "float -> float", "--candidate", file, "--oplib", root,
          "--seed", "1", "--acceptance-seed", "2", "--quiet"};
}

TEST(CliOplib, add_commits_on_pass_and_ops_list_show_lock_check_see_it) {
  const std::string root = temp_root();
  auto added = run_opsynth(add_sqrt(root, example_sqrt()));
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  EXPECT_NE(added.out.find("PASS math.sqrt(float -> float)"), std::string::npos) << added.out;
  EXPECT_NE(added.out.find("committed math.sqrt float.v1"), std::string::npos) << added.out;
  EXPECT_EQ(read_text(root + "/math/sqrt/float.v1.hpp"), read_text(example_sqrt()));

  auto again = run_opsynth(add_sqrt(root, example_sqrt()));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already in the library as math.sqrt float.v1"), std::string::npos) << again.out;

  auto list = run_opsynth({"ops", "list", "--oplib", root});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("math.sqrt"), std::string::npos);
  EXPECT_NE(list.out.find("1 operators (1 with an accepted version)"), std::string::npos) << list.out;
  auto json_list = run_opsynth({"ops", "list", "--oplib", root, "--json"});
  ASSERT_EQ(json_list.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(json_list.out)[0]["signatures"][0], "float -> float");

  auto show = run_opsynth({"ops", "show", "math.sqrt", "--oplib", root});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("v1 accepted"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("author hand"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("float -> float  last verified"), std::string::npos) << show.out;

  auto lock = run_opsynth({"ops", "lock", "--oplib", root});
  ASSERT_EQ(lock.exit_code, 0);
  const auto pinned = nlohmann::json::parse(lock.out);
  EXPECT_EQ(pinned["ops"]["math.sqrt"]["float"]["version"], 1);

  auto check = run_opsynth({"ops", "check", "--oplib", root});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("OK: 1 operators, 1 versions"), std::string::npos) << check.out;
}

TEST(CliOplib, a_rejected_candidate_exits_1_and_writes_nothing) {
  const std::string root = temp_root();
  auto rejected = run_opsynth(add_sqrt(root, candidate("sqrt_nan_to_zero.hpp")));
  EXPECT_EQ(rejected.exit_code, 1) << rejected.out << rejected.err;
  EXPECT_NE(rejected.out.find("FAIL"), std::string::npos);
  EXPECT_TRUE(snapshot(root).empty());
}

TEST(CliOplib, bad_input_exits_2_naming_it_and_leaves_the_library_untouched) {
  const std::string root = temp_root();
  ASSERT_EQ(run_opsynth(add_sqrt(root, example_sqrt())).exit_code, 0);
  const auto before = snapshot(root);
  struct BadInput {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<BadInput> cases = {
      {{"add", "math.sqrtt", "--sig", "float -> float", "--candidate", example_sqrt(), "--oplib", root},
       "module 'math' has no attribute 'sqrtt'"},
      {{"add", "math.sqrt", "--sig", "float -> int", "--candidate", example_sqrt(), "--oplib", root},
       "--sig declares -> int but CPython returns float"},
      {{"add", "math.sqrt", "--sig", "float -> float", "--candidate", example_sqrt(), "--oplib", root, "--tolerance",
        "ulp:2"},
       "tolerance: op.json declares exact for overload 'float', this request ulp:2"},
      {{"add", "math.sqrt", "--sig", "float -> float", "--candidate", example_sqrt(), "--oplib", root, "--cases", "500"},
       "--cases: a commit needs at least 10000 acceptance cases"},
      {{"add", "math.sqrt", "--sig", "float -> float", "--candidate", "/nonexistent.hpp", "--oplib", root},
       "--candidate: cannot read '/nonexistent.hpp'"},
      {{"add", "math.sqrt", "--sig", "float -> float", "--candidate", example_sqrt(), "--oplib", root, "--domain",
        "{\"int_mni\": 0}"},
       "domain.int_mni: unknown field"},
      {{"ops", "show", "math.cos", "--oplib", root}, "has no such operator"},
      {{"reverify", "math.cos", "--oplib", root}, "has no such operator"},
  };
  for (const auto& c : cases) {
    auto r = run_opsynth(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.message << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  // A corrupt op.json is named, with the field.
  const std::string op_json = root + "/math/sqrt/op.json";
  const std::string valid = read_text(op_json);
  {
    std::ofstream(op_json, std::ios::trunc) << "{\"schema\": 1}";
  }
  auto corrupt = run_opsynth(add_sqrt(root, example_sqrt()));
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find(op_json + ": kind: missing"), std::string::npos) << corrupt.err;
  auto list = run_opsynth({"ops", "list", "--oplib", root});
  EXPECT_EQ(list.exit_code, 2);
  EXPECT_NE(list.err.find(op_json), std::string::npos) << list.err;
  {
    std::ofstream(op_json, std::ios::trunc) << valid;
  }
  EXPECT_EQ(snapshot(root), before);
}

TEST(CliOplib, reverify_revokes_a_wrong_version_and_verify_replays_its_counterexample_first) {
  const std::string root = temp_root();
  ASSERT_EQ(run_opsynth(add_sqrt(root, example_sqrt())).exit_code, 0);
  // A version that was accepted once and is wrong now (as after a numpy upgrade): committed through the
  // API with a recorded PASS, which the verifier never gave it.
  oplib::Library lib(root);
  oplib::CommitRequest wrong;
  wrong.qualname = "math.sqrt";
  wrong.signature = *parse_signature("float -> float");
  wrong.overload = "float";
  wrong.source = read_text(candidate("sqrt_nan_to_zero.hpp"));
  wrong.verification.verdict = "PASS";
  wrong.verification.time = "2026-01-01T00:00:00Z";
  ASSERT_TRUE(lib.commit(wrong));

  auto report = run_opsynth({"reverify", "math.sqrt", "--oplib", root, "--quiet"});
  EXPECT_EQ(report.exit_code, 1) << report.out << report.err;
  EXPECT_NE(report.out.find("PASS         math.sqrt float.v1"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("FAIL         math.sqrt float.v2"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("1 PASS, 1 FAIL"), std::string::npos) << report.out;
  EXPECT_EQ(lib.find("math.sqrt", wrong.signature.params)->found, std::nullopt)
      << "a FAIL at the latest verification takes the version out of service";

  auto revoke = run_opsynth({"reverify", "math.sqrt", "--oplib", root, "--revoke", "--quiet"});
  EXPECT_EQ(revoke.exit_code, 1);
  EXPECT_NE(revoke.out.find("revoked math.sqrt float.v2"), std::string::npos) << revoke.out;
  EXPECT_EQ(lib.find("math.sqrt", wrong.signature.params)->found->version, 1);
  ASSERT_EQ(lib.stored_cases("math.sqrt", wrong.signature)->size(), 1u);

  // Any later candidate meets that counterexample before anything else.
  const std::string json_report = root + "/../verify.json";
  auto replay = run_opsynth({"verify", "--op", "math.sqrt", "--sig", "float -> float", "--candidate",
                             candidate("sqrt_nan_to_zero.hpp"), "--oplib", root, "--report", json_report, "--quiet"});
  EXPECT_EQ(replay.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(read_text(json_report))["stage"], "stored") << read_text(json_report);
  auto clean = run_opsynth({"reverify", "--oplib", root, "--quiet"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_EQ(run_opsynth({"ops", "check", "--oplib", root}).exit_code, 0);
}

TEST(CliOplib, verify_takes_tolerance_and_domain_from_op_json) {
  const std::string root = temp_root();
  // A person declared math.sqrt over non-NaN floats only: there, a candidate that maps NaN to 0.0 is right.
  auto add = run_opsynth({"add", "math.sqrt", "--sig", "float -> float", "--candidate",
                          source_dir() + "/tests/cli/candidates/sqrt_nan_to_zero.hpp", "--oplib", root, "--domain",
                          "{\"allow_nan\": false}", "--tolerance", "ulp:1", "--seed", "1", "--acceptance-seed", "2",
                          "--quiet"});
  ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
  const std::string report = root + "/../verify.json";
  auto verify = run_opsynth({"verify", "--op", "math.sqrt", "--sig", "float -> float", "--candidate",
                             source_dir() + "/tests/cli/candidates/sqrt_nan_to_zero.hpp", "--oplib", root,
                             "--seed", "1", "--acceptance-seed", "2", "--quiet", "--report", report});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  const auto j = nlohmann::json::parse(read_text(report));
  EXPECT_EQ(j["tolerance"], "ulp:1");
  EXPECT_EQ(j["tolerance_reason"], "given by a person (--tolerance)") << "recorded in op.json by add";
  auto unrestricted = run_opsynth({"verify", "--op", "math.sqrt", "--sig", "float -> float", "--candidate",
                                   source_dir() + "/tests/cli/candidates/sqrt_nan_to_zero.hpp", "--oplib",
                                   temp_root(), "--seed", "1", "--acceptance-seed", "2", "--quiet"});
  EXPECT_EQ(unrestricted.exit_code, 1) << "without op.json's domain NaN inputs reject it: " << unrestricted.out;
}

TEST(CliOplib, a_new_op_gets_its_tolerance_by_the_written_rule_printed_and_recorded) {
  const std::string root = temp_root();
  auto add = run_opsynth({"add", "numpy.linalg.norm", "--sig", "ndarray[float64,1] -> float64", "--candidate",
                          source_dir() + "/tests/cli/candidates/norm_blocked16_exact.hpp", "--oplib", root});
  ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
  EXPECT_NE(add.out.find("tolerance reduction:2, chosen by rule"), std::string::npos) << add.out;
  const auto op = nlohmann::json::parse(read_text(root + "/numpy/linalg/norm/op.json"));
  EXPECT_EQ(op["tolerance"], "reduction:2");
  EXPECT_NE(op["tolerance_reason"].get<std::string>().find("BLAS"), std::string::npos) << op.dump(2);
  auto show = run_opsynth({"ops", "show", "numpy.linalg.norm", "--oplib", root});
  EXPECT_NE(show.out.find("chosen by rule"), std::string::npos) << show.out;
}

TEST(CliOplib, a_size_narrowing_without_its_reason_is_bad_input_and_one_with_it_is_shown) {
  const std::string root = temp_root();
  auto bad = run_opsynth({"add", "str.upper", "--sig", "str -> str", "--candidate",
                          source_dir() + "/oplib/str/upper/str.v1.hpp", "--oplib", root, "--domain",
                          "{\"max_text_length\": 8}"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("domain.size_reason"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(root + "/str/upper/op.json"));
  auto good = run_opsynth({"add", "str.upper", "--sig", "str -> str", "--candidate",
                           source_dir() + "/oplib/str/upper/str.v1.hpp", "--oplib", root, "--domain",
                           "{\"max_text_length\": 40, \"size_reason\": \"a test of the narrowing\"}", "--quiet"});
  ASSERT_EQ(good.exit_code, 0) << good.out << good.err;
  auto show = run_opsynth({"ops", "show", "str.upper", "--oplib", root});
  EXPECT_NE(show.out.find("sizes narrowed: max_text_length=40 (why: a test of the narrowing)"), std::string::npos)
      << show.out;
}

TEST(CliOplib, reverify_replay_repeats_each_recorded_run_from_op_json_alone) {
  const std::string root = temp_root();
  auto add = run_opsynth({"add", "builtins.sorted", "--sig", "list[int] -> list[int]", "--candidate",
                          source_dir() + "/tests/cli/candidates/sorted_stable_sort_correct.hpp", "--oplib", root,
                          "--quiet"});
  ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
  const auto op = nlohmann::json::parse(read_text(root + "/builtins/sorted/op.json"));
  const auto& recorded = op["overloads"][0]["versions"][0]["instances"][0]["verification"];
  const auto provenance = nlohmann::json::parse(read_text(root + "/builtins/sorted/list_int.v1.json"));
  for (const auto& phase : provenance["verification"]["phases"]) {
    if (phase["phase"] == "acceptance") EXPECT_EQ(phase["seed"], recorded["acceptance_seed"]) << "op.json's seed ran";
    if (phase["phase"] == "repair") EXPECT_EQ(phase["seed"], recorded["repair_seed"]);
  }
  auto replay = run_opsynth({"reverify", "--replay", "--oplib", root});
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("SAME"), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("recorded PASS " + std::to_string(recorded["cases"].get<std::uint64_t>()) + " cases"),
            std::string::npos)
      << replay.out;
  EXPECT_NE(replay.out.find("1 same, 0 differ"), std::string::npos) << replay.out;
}

}  // namespace
}  // namespace opsynth

namespace opsynth {
namespace {

// The library this repository ships: every version hashes to its record, nothing unlisted, and the
// core set is there. (Reverifying all of it is the `long`-labelled oplib_reverify_all.)
TEST(CliOplib, the_shipped_library_is_intact_and_holds_the_core_set) {
  const std::string root = source_dir() + "/oplib";
  auto check = run_opsynth({"ops", "check", "--oplib", root});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find(", 0 leftovers"), std::string::npos) << check.out;
  auto list = run_opsynth({"ops", "list", "--oplib", root, "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto ops = nlohmann::json::parse(list.out);
  std::size_t usable = 0;
  for (const auto& op : ops) usable += !op["signatures"].empty();
  EXPECT_GE(usable, 150u);
  auto lock = run_opsynth({"ops", "lock", "--oplib", root});
  ASSERT_EQ(lock.exit_code, 0);
  EXPECT_TRUE(oplib::parse_lock_file(lock.out, "ops lock"));
}

}  // namespace
}  // namespace opsynth

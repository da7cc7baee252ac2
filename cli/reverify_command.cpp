// `opsynth reverify [QUALNAME...] [--revoke]`: re-run the verifier with fresh seeds on every accepted
// version at every signature it is verified at (after a numpy or compiler upgrade, or on a schedule),
// record each run in op.json, and with --revoke revoke the versions that now FAIL, keeping the
// counterexample in cases/. --jobs J compiles J workers at a time and gives each run J worker
// processes; the runs share one CPython. `--replay` instead repeats each recorded run from op.json
// alone (its seeds, case counts and stored cases) and checks it gets the same case count and verdict.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "command.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verification.hpp"

namespace opsynth::cli {
namespace {

struct ReverifyOptions {
  std::vector<std::string> qualnames;
  bool revoke = false;
  bool replay = false;
  std::string report;
  RunOptions run;
  LibraryOptions library;
};

struct Target {
  std::string qualname;
  std::string overload;
  int version = 0;
  Signature signature;
  std::string source;
  oplib::Verification recorded;  // op.json's latest run at this signature
  std::variant<PreparedVerification, CommandFailure> prepared = CommandFailure{ExitCode::kInternal, ""};
};

// The recorded run's plan, to repeat it: seeds and counts from op.json.
std::optional<RunOptions> replay_options(const oplib::Verification& v, RunOptions run) {
  if (v.repair_cases == 0 && v.acceptance_cases == 0) return std::nullopt;
  run.seed = v.repair_seed;
  run.acceptance_seed = v.acceptance_seed;
  run.repair_cases = v.repair_cases;
  run.cases = v.acceptance_cases;
  run.sanitizer_cases = v.sanitizer_cases;
  return run;
}

std::string target_name(const Target& t) {
  return t.qualname + " " + oplib::version_stem(t.overload, t.version) + " (" + to_string(t.signature) + ")";
}

// Compiles every target's workers into the cache, `jobs` at a time.
void prebuild(const std::vector<Target>& targets, std::size_t jobs, bool show_progress) {
  std::atomic<std::size_t> next{0}, done{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < targets.size();) {
      if (const auto* p = std::get_if<PreparedVerification>(&targets[i].prepared)) verify::prebuild_workers(p->request);
      const std::size_t n = ++done;
      if (show_progress) {
        std::fprintf(stderr, "\r  compiling %zu/%zu", n, targets.size());
        std::fflush(stderr);
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t j = 0; j < std::max<std::size_t>(jobs, 1); ++j) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  if (show_progress && !targets.empty()) std::fprintf(stderr, "\n");
}

ExitCode run_reverify(const ReverifyOptions& options, CommandContext& context) {
  if (auto f = check_report_path(options.report)) return fail(f->code, f->message);
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);
  std::vector<std::string> names = options.qualnames;
  if (names.empty()) {
    auto all = library->qualnames();
    if (!all) return fail(ExitCode::kBadInput, all.error().message);
    names = *all;
  }
  std::vector<Target> targets;
  for (const auto& q : names) {
    auto op = library->load(q);
    if (!op) return fail(ExitCode::kBadInput, op.error().message);
    if (!*op) return fail(ExitCode::kBadInput, "'" + q + "': the library (" + library->root().string() + ") has no such operator");
    for (const auto& o : (*op)->overloads) {
      for (const auto& v : o.versions) {
        if (v.revoked) continue;
        auto source = oplib::read_file(library->header_path(q, o.name, v.number));
        if (!source) return fail(ExitCode::kBadInput, source.error().message + " (run `opsynth ops check`)");
        for (const auto& i : v.instances) targets.push_back({q, o.name, v.number, i.signature, *source, i.verification});
      }
    }
  }
  const bool terminal = !options.run.quiet && ::isatty(STDERR_FILENO);
  for (auto& t : targets) {
    // Fresh seeds for every run unless --seed/--acceptance-seed reproduce one.
    VerificationInput input{t.qualname, to_string(t.signature), t.source, std::nullopt, std::nullopt};
    input.overload = t.overload;
    if (!options.replay) {
      t.prepared = prepare_verification(input, options.run, *library, context);
      continue;
    }
    const auto run = replay_options(t.recorded, options.run);
    if (!run) {
      t.prepared = CommandFailure{ExitCode::kBadInput, "op.json records no plan for this run (verified before plans were kept)"};
      continue;
    }
    t.prepared = prepare_verification(input, *run, *library, context);
    // The stored cases that existed then: cases/ only grows, oldest first.
    if (auto* p = std::get_if<PreparedVerification>(&t.prepared); p && p->request.plan.stored.size() > t.recorded.stored_cases)
      p->request.plan.stored.resize(t.recorded.stored_cases);
  }
  prebuild(targets, options.run.jobs, terminal);

  std::size_t passed = 0, failed = 0, other = 0, revoked = 0;
  nlohmann::json runs = nlohmann::json::array();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const Target& t = targets[k];
    const auto started = std::chrono::steady_clock::now();
    std::string verdict, reason;
    oplib::Verification record;
    std::optional<verify::Case> counterexample;
    if (const auto* f = std::get_if<CommandFailure>(&t.prepared); f && options.replay) {
      ++other;
      std::cout << fmt::format("[{}/{}] CANNOT REPLAY {}: {}\n", k + 1, targets.size(), target_name(t), f->message);
      continue;
    }
    if (options.replay) {
      const auto& prepared = std::get<PreparedVerification>(t.prepared);
      const verify::VerifyReport report = run_verification(prepared, /*quiet=*/true);
      const oplib::Verification again = as_record(report, prepared.request);
      const bool same = again.cases == t.recorded.cases && again.verdict == t.recorded.verdict;
      std::string note;
      if (!same && t.recorded.verifier != again.verifier)
        note = " (recorded by verifier " + t.recorded.verifier + ", replayed by " + again.verifier + ")";
      if (!same && (t.recorded.python != again.python || t.recorded.numpy != again.numpy))
        note += " (recorded with CPython " + t.recorded.python + " and numpy " + t.recorded.numpy + ")";
      std::cout << fmt::format("[{}/{}] {:<12} {}: recorded {} {} cases, replayed {} {} cases{}\n", k + 1, targets.size(),
                               same ? "SAME" : "DIFFERS", target_name(t), t.recorded.verdict, t.recorded.cases,
                               again.verdict, again.cases, note);
      (same ? passed : failed) += 1;
      runs.push_back(report.to_json());
      continue;
    }
    if (const auto* f = std::get_if<CommandFailure>(&t.prepared)) {
      if (f->code != ExitCode::kBadInput) return fail(f->code, f->message);
      // The signature no longer holds in this CPython/numpy (for example a changed result type).
      verdict = "FAIL";
      reason = f->message;
      record.verdict = verdict;
      record.time = oplib::utc_now();
      record.reason = reason;
    } else {
      const auto& prepared = std::get<PreparedVerification>(t.prepared);
      const verify::VerifyReport report = run_verification(prepared, /*quiet=*/true);
      verdict = std::string(verify::verdict_name(report.verdict));
      reason = report.reason;
      record = as_record(report, prepared.request);
      if (report.counterexample) counterexample = report.counterexample->inputs;
      runs.push_back(report.to_json());
    }
    if (auto r = library->record_verification(t.qualname, t.overload, t.version, t.signature, record); !r)
      return fail(ExitCode::kInternal, r.error().message);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << fmt::format("[{}/{}] {:<12} {}: {} cases, {:.1f} s{}\n", k + 1, targets.size(), verdict, target_name(t),
                             record.cases, seconds, reason.empty() ? "" : " — " + reason);
    std::cout.flush();
    if (verdict == "PASS") {
      ++passed;
    } else if (verdict == "FAIL") {
      ++failed;
      if (options.revoke) {
        auto r = library->revoke(t.qualname, t.overload, t.version, "reverify: " + reason, counterexample, t.signature);
        if (!r) return fail(ExitCode::kInternal, r.error().message);
        ++revoked;
        std::cout << "  revoked " << t.qualname << " " << oplib::version_stem(t.overload, t.version) << '\n';
      }
    } else {
      ++other;
    }
  }
  if (!options.report.empty()) {
    if (auto w = oplib::write_file_atomically(options.report, runs.dump(2) + "\n"); !w)
      return fail(ExitCode::kInternal, w.error().message);
  }
  if (options.replay)
    std::cout << fmt::format("replayed {} version-signatures: {} same, {} differ, {} could not be replayed\n",
                             targets.size(), passed, failed, other);
  else
    std::cout << fmt::format("reverified {} version-signatures: {} PASS, {} FAIL, {} INCONCLUSIVE or ERROR{}\n",
                             targets.size(), passed, failed, other,
                             options.revoke ? fmt::format("; revoked {}", revoked) : "");
  return failed + other == 0 ? ExitCode::kDone : ExitCode::kRejected;
}

}  // namespace

RunCommand add_reverify_command(CLI::App& app) {
  auto options = std::make_shared<ReverifyOptions>();
  CLI::App* sub = app.add_subcommand(
      "reverify", "Re-run the verifier with fresh seeds on accepted versions; report, and with --revoke revoke failures");
  sub->add_option("qualname", options->qualnames, "operators to reverify (default: all)");
  sub->add_flag("--revoke", options->revoke, "revoke versions that FAIL, keeping the counterexample in cases/");
  sub->add_flag("--replay", options->replay,
                "repeat each recorded run from op.json (seeds, counts, stored cases) and check it gets the same "
                "case count and verdict; records nothing")
      ->excludes("--revoke");
  sub->add_option("--report", options->report, "write every run's report as one JSON array here");
  add_run_options(*sub, options->run);
  add_library_options(*sub, options->library, /*with_lock=*/false);
  return [options](CommandContext& context) { return run_reverify(*options, context); };
}

}  // namespace opsynth::cli

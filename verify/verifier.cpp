// The verifier pipeline (see verifier.hpp).
#include "verify/verifier.hpp"

#include <chrono>
#include <future>
#include <deque>
#include <random>
#include <thread>

#include "core/frame.hpp"
#include "core/sha256.hpp"
#include "verify/compile.hpp"
#include "verify/harness_source.hpp"
#include "verify/sandbox.hpp"
#include "verify/static_check.hpp"
#include "verify/wire.hpp"

namespace opsynth::verify {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string join_flags(const std::vector<std::string>& flags) {
  std::string s;
  for (const auto& f : flags) s += (s.empty() ? "" : " ") + f;
  return s;
}

// One sandboxed worker process, restarted after it fails.
class WorkerLane {
 public:
  WorkerLane(std::filesystem::path exe, SandboxLimits limits) : exe_(std::move(exe)), limits_(limits) {}

  BatchRun run(const std::vector<Case>& cases, double min_timeout_seconds) {
    BatchRun run;
    // RLIMIT_CPU covers the worker's whole life: past half of it, a fresh worker takes the next batch, so the
    // limit keeps bounding one batch (a hang, a runaway loop) rather than the length of the whole run.
    if (session_ && session_->cpu_seconds() > limits_.cpu_seconds / 2.0) {
      (void)session_->shutdown();
      session_.reset();
    }
    if (!session_) {
      auto started = WorkerSession::start(exe_, limits_);
      if (!started) {
        tool_error_ = started.error().message;
        run.failure = "could not start: " + started.error().message;
        return run;
      }
      session_.emplace(std::move(started).value());
      if (session_->failure()) {
        run.failure = session_->failure()->describe();
        session_.reset();
        return run;
      }
    }
    Frame request;
    request.kind = FrameKind::Batch;
    request.sequence = ++sequence_;
    encode_cases(cases, request.payload);
    ExchangeOutcome reply = session_->exchange(
        request, std::chrono::milliseconds(static_cast<std::int64_t>(min_timeout_seconds * 1000)));
    if (auto* failure = std::get_if<WorkerFailure>(&reply)) {
      run.failure = failure->describe();
      if (!failure->diagnostics.empty()) run.failure += "\n" + failure->diagnostics;
      session_.reset();
      return run;
    }
    auto outcomes = decode_outcomes(std::get<Frame>(reply).payload, cases.size());
    if (!outcomes) {
      run.failure = "ProtocolViolation: " + outcomes.error().message;
      session_.reset();
      return run;
    }
    run.outcomes = std::move(outcomes).value();
    return run;
  }

  const std::string& tool_error() const { return tool_error_; }

 private:
  std::filesystem::path exe_;
  SandboxLimits limits_;
  std::optional<WorkerSession> session_;
  std::uint64_t sequence_ = 0;
  std::string tool_error_;
};

// Runs a batch on `jobs` workers at once, each taking a contiguous share; any failure fails the batch
// (the phase engine then isolates the case on a single lane).
class WorkerRunner {
 public:
  WorkerRunner(const std::filesystem::path& exe, SandboxLimits limits, std::size_t jobs) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, jobs); ++i) lanes_.emplace_back(exe, limits);
  }

  BatchRun operator()(const std::vector<Case>& cases, double min_timeout_seconds) {
    const std::size_t lanes = std::min(lanes_.size(), std::max<std::size_t>(1, cases.size() / 64));
    if (lanes <= 1) return lanes_[0].run(cases, min_timeout_seconds);
    std::vector<BatchRun> runs(lanes);
    std::vector<std::thread> threads;
    const std::size_t share = (cases.size() + lanes - 1) / lanes;
    for (std::size_t i = 0; i < lanes; ++i) {
      threads.emplace_back([&, i] {
        const std::size_t from = std::min(cases.size(), i * share), to = std::min(cases.size(), from + share);
        runs[i] = lanes_[i].run(std::vector<Case>(cases.begin() + from, cases.begin() + to), min_timeout_seconds);
      });
    }
    for (auto& t : threads) t.join();
    BatchRun all;
    for (auto& r : runs) {
      if (!r.failure.empty()) return r;
      all.outcomes.insert(all.outcomes.end(), std::make_move_iterator(r.outcomes.begin()),
                          std::make_move_iterator(r.outcomes.end()));
    }
    return all;
  }

  // A failure to even start a worker is the tool's, not the candidate's.
  std::string tool_error() const {
    for (const auto& lane : lanes_)
      if (!lane.tool_error().empty()) return lane.tool_error();
    return "";
  }

 private:
  std::deque<WorkerLane> lanes_;
};

WorkerBuild worker_build(const VerifyRequest& request, const std::string& harness, BuildFlavor flavor) {
  WorkerBuild build;
  build.flavor = flavor;
  build.sources = {SourceFile{"candidate.hpp", request.candidate_source}, SourceFile{"harness.cpp", harness}};
  build.link_inputs = request.link_inputs;
  // An adapter only forwards to a library built with its own flags: the worker's codec and harness need
  // no -O2 there, and -O1 halves the build that `verify --function` waits for.
  if (request.adapter && flavor == BuildFlavor::Release) build.extra_flags.push_back("-O1");
  return build;
}

void add_timing(VerifyReport& report, const std::string& stage, double seconds) {
  report.timings.push_back(StageTiming{stage, seconds});
}

void finish(VerifyReport& report, Verdict verdict, Stage stage, std::string reason) {
  report.verdict = verdict;
  report.stage = stage;
  report.reason = std::move(reason);
}

}  // namespace

std::uint64_t fresh_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

VerifyReport verify_candidate(const VerifyRequest& request, const OracleRunner& oracle, const Environment& env,
                              const Progress& progress) {
  const auto started = Clock::now();
  VerifyReport report;
  report.qualname = request.qualname;
  report.signature = request.signature;
  report.candidate_sha256 = sha256_hex(request.candidate_source);
  report.tolerance = request.tolerance;
  report.tolerance_reason = request.tolerance_reason;
  report.verifier_version = kVerifierVersion;
  report.size_narrowing = size_narrowing(request.domain);
  report.python_version = env.python_version;
  report.numpy_version = env.numpy_version;
  report.numpy_dispatch = env.numpy_dispatch;
  const Toolchain toolchain = default_toolchain();
  report.compiler = toolchain.compiler;
  report.flags = join_flags(toolchain.flags);

  auto name = cpp_name(request.qualname);
  if (!name) {
    finish(report, Verdict::Error, Stage::Tool, name.error().describe());
    return report;
  }

  // 1. Static checks on the preprocessed tokens.
  auto t = Clock::now();
  StaticCheckOptions static_options = default_static_check_options(name->ns);
  static_options.expected_function = name->function;
  StaticReport trusted;
  trusted.accepted = true;
  auto checked = request.adapter ? Result<StaticReport>(trusted) : check_candidate(request.candidate_source, static_options);
  add_timing(report, "static", seconds_since(t));
  if (!checked) {
    finish(report, Verdict::Error, Stage::Tool, "static check could not run: " + checked.error().message);
    return report;
  }
  if (!checked->accepted) {
    for (const auto& v : checked->violations)
      report.static_violations.push_back("line " + std::to_string(v.line) + ": '" + v.token + "' " + v.rule + ": " +
                                         v.message);
    std::string reason = "static check:";
    for (std::size_t i = 0; i < checked->violations.size() && i < 3; ++i) {
      const auto& v = checked->violations[i];
      reason += (i ? "; line " : " line ") + std::to_string(v.line) + ": " + v.message + " (" + v.rule + ")";
    }
    if (checked->violations.size() > 3)
      reason += "; and " + std::to_string(checked->violations.size() - 3) + " more";
    finish(report, Verdict::Fail, Stage::Static, reason);
    return report;
  }

  // 2. Compile the release worker.
  auto harness = harness_source(request.qualname, request.signature, "candidate.hpp");
  if (!harness) {
    finish(report, Verdict::Error, Stage::Tool, harness.error().describe());
    return report;
  }
  t = Clock::now();
  if (progress) progress("compiling", 0, 0);
  auto built = build_worker(worker_build(request, *harness, BuildFlavor::Release), toolchain);
  add_timing(report, "compile", seconds_since(t));
  if (!built) {
    finish(report, Verdict::Error, Stage::Tool, "compiler could not run: " + built.error().message);
    return report;
  }
  if (!built->ok) {
    report.compiler_output = built->diagnostics;
    finish(report, Verdict::Fail, Stage::Compile,
           built->timed_out ? "compilation exceeded its time or memory limit" : "does not compile");
    return report;
  }

  // 3. Cases on the release worker: stored, edge, repair, acceptance.
  SandboxLimits limits;
  limits.exchange_timeout = request.case_timeout;
  // The wall clock stops hangs; RLIMIT_CPU is the backstop, generous enough for a long sweep batch (a
  // worker is restarted once it has used half of it, see WorkerLane::run).
  limits.cpu_seconds = 120;
  WorkerRunner release(built->executable, limits, request.jobs);
  CandidateRunner candidate = [&release](const std::vector<Case>& cases, double min_timeout) {
    return release(cases, min_timeout);
  };
  PhaseResult phases = run_phases(request.signature, request.param_names, request.domain, request.tolerance,
                                  request.plan, oracle, candidate, progress);
  report.phases = phases.phases;
  add_timing(report, "generate", phases.generate_seconds);
  add_timing(report, "oracle", phases.oracle_seconds);
  add_timing(report, "worker", phases.worker_seconds);
  add_timing(report, "compare", phases.compare_seconds);
  add_timing(report, "shrink", phases.shrink_seconds);
  if (!release.tool_error().empty()) {
    finish(report, Verdict::Error, Stage::Tool, "sandbox failure: " + release.tool_error());
    return report;
  }
  report.counterexample = phases.counterexample;
  if (phases.verdict != Verdict::Pass) {
    report.bad_input = phases.signature_problem;
    finish(report, phases.verdict, phases.stage, phases.reason);
    add_timing(report, "total", seconds_since(started));
    return report;
  }

  // 4. The sanitizer build on edge cases plus a subset of repair-seeded cases.
  if (request.sanitizer_cases > 0) {
    t = Clock::now();
    if (progress) progress("compiling with ASan+UBSan", 0, 0);
    auto san_built = build_worker(worker_build(request, *harness, BuildFlavor::Sanitizer), toolchain);
    add_timing(report, "sanitizer_compile", seconds_since(t));
    if (!san_built) {
      finish(report, Verdict::Error, Stage::Tool, "sanitizer build could not run: " + san_built.error().message);
      return report;
    }
    if (!san_built->ok) {
      report.compiler_output = san_built->diagnostics;
      finish(report, Verdict::Fail, Stage::Sanitizer, "does not compile with -fsanitize=address,undefined");
      return report;
    }
    SandboxLimits san_limits = limits;
    san_limits.address_space_bytes = 0;  // ASan reserves terabytes of shadow address space
    san_limits.stderr_is_diagnostic = true;
    san_limits.exchange_timeout = request.case_timeout * 4;
    WorkerRunner sanitized(san_built->executable, san_limits, 1);
    CandidateRunner san_candidate = [&sanitized](const std::vector<Case>& cases, double min_timeout) {
      return sanitized(cases, 4 * min_timeout);  // ASan and UBSan slow a run down severalfold
    };
    PhasePlan san_plan;
    san_plan.stored = request.plan.stored;  // counterexamples that killed candidates, now under ASan too
    san_plan.repair_cases = request.sanitizer_cases;
    san_plan.repair_seed = request.plan.repair_seed;
    san_plan.acceptance_cases = 0;
    san_plan.batch_size = std::min<std::size_t>(request.plan.batch_size, 256);
    san_plan.max_sweep_length = 1025;  // past the last band edge; ASan's shadow memory makes the large tier slow
    t = Clock::now();
    PhaseResult san = run_phases(request.signature, request.param_names, request.domain, request.tolerance,
                                 san_plan, oracle, san_candidate, {});
    add_timing(report, "sanitizer", seconds_since(t));
    std::size_t san_run = 0;
    for (const auto& p : san.phases) san_run += p.run;
    report.phases.push_back(PhaseCount{"sanitizer", request.plan.repair_seed, san_run, san_run});
    if (!sanitized.tool_error().empty()) {
      finish(report, Verdict::Error, Stage::Tool, "sanitizer sandbox failure: " + sanitized.tool_error());
      return report;
    }
    if (san.verdict != Verdict::Pass) {
      report.counterexample = san.counterexample;
      finish(report, san.verdict == Verdict::Error ? Verdict::Error : Verdict::Fail,
             san.verdict == Verdict::Error ? Stage::Tool : Stage::Sanitizer, "under ASan+UBSan: " + san.reason);
      add_timing(report, "total", seconds_since(started));
      return report;
    }
  }

  finish(report, Verdict::Pass, Stage::Acceptance, "");
  add_timing(report, "total", seconds_since(started));
  return report;
}

void prebuild_workers(const VerifyRequest& request) {
  auto harness = harness_source(request.qualname, request.signature, "candidate.hpp");
  if (!harness) return;
  const Toolchain toolchain = default_toolchain();
  auto built = build_worker(worker_build(request, *harness, BuildFlavor::Release), toolchain);
  if (built && built->ok && request.sanitizer_cases > 0)
    (void)build_worker(worker_build(request, *harness, BuildFlavor::Sanitizer), toolchain);
}

}  // namespace opsynth::verify

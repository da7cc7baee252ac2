// Phase engine: batches of cases through oracle and candidate, first failure shrunk (see phases.hpp).
#include "verify/phases.hpp"

#include <algorithm>
#include <chrono>

#include "verify/compare.hpp"
#include "verify/generators.hpp"

namespace opsynth::verify {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kShrinkBudgetSeconds = 20.0;
// A worker gets at least this multiple of CPython's time for the same batch before it counts as hung.
constexpr double kSlowerThanCPython = 10.0;
const SizeBudget kDefaultBudget{};
// CPython's time to run one case again for its peak memory (it finished the case once already).
constexpr double kPeakSeconds = 300.0;
// Sweep cases travel together until their inputs reach this many bytes (the worker's frames stay small).
constexpr std::size_t kSweepBatchBytes = std::size_t{8} << 20;
// Expected outcome bytes per candidate run (the worker's reply frame takes 64 MB).
constexpr std::size_t kReplyBudget = std::size_t{16} << 20;
// Distinguishes the sweep's random stream from the random cases' stream of the same seed.
constexpr std::uint64_t kSweepStream = 0x73697a6573776570ULL;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Failure {
  Case inputs;
  Outcome expected;
  Outcome got;
  std::optional<Mismatch> mismatch;
  std::string worker_failure;
  std::string tool_problem;  // the oracle or the signature, not the candidate, is at fault
  bool signature_problem = false;
};

// Oracle outcomes named "<...>" are the oracle's own failures (conversion, interpreter), not CPython's.
bool is_tool_outcome(const Outcome& o) { return o.raised && !o.raised->exception.empty() && o.raised->exception[0] == '<'; }

std::size_t outcome_bytes(const Outcome& o) {
  std::size_t n = o.result ? value_bytes(*o.result) : 0;
  for (const auto& a : o.args_after)
    if (a) n += value_bytes(*a);
  return n;
}

// MemoryError, or numpy's subclass of it (raised when it cannot allocate a result array).
bool is_memory_error(const std::string& exception) {
  return exception == "MemoryError" || exception == "numpy.core._exceptions._ArrayMemoryError";
}

// The candidate ran out of memory (a MemoryError, or killed at its address-space limit) where CPython did not.
bool ran_out_of_memory(const Failure& f) {
  const bool out_of_memory = f.worker_failure.rfind("MemoryLimit", 0) == 0 ||
                             (f.got.raised && is_memory_error(f.got.raised->exception));
  return out_of_memory && !(f.expected.raised && is_memory_error(f.expected.raised->exception));
}

// ... on a case CPython itself needed a large share of that memory for: the case is too big for the
// sandbox, not a judgment.
bool out_of_worker_memory(const Failure& f, const SizeBudget& budget) {
  return ran_out_of_memory(f) && f.expected.peak_bytes > budget.too_big_for_worker();
}

// Why a sweep case is beyond what can be judged, if it is: CPython's result too large for this process or
// over the byte budget, CPython out of memory, or out of its time budget.
std::optional<std::string> beyond(const Outcome& expected, const SizeBudget& budget) {
  if (expected.raised) {
    const std::string& e = expected.raised->exception;
    if (e == kResultTooLarge || e == kOracleTimeout) return expected.raised->message;
    if (is_memory_error(e)) return "CPython raised MemoryError: " + expected.raised->message;
    return std::nullopt;
  }
  if (const std::size_t bytes = outcome_bytes(expected); bytes > budget.max_result_bytes)
    return "CPython's result took " + std::to_string(bytes) + " bytes, over the budget of " +
           std::to_string(budget.max_result_bytes);
  return std::nullopt;
}

// What one batch did: the first failure, if any, and how many cases ran or were skipped.
struct BatchResult {
  std::optional<std::pair<std::size_t, Failure>> failure;
  std::vector<std::size_t> skipped;  // indexes of sweep cases beyond judging (see beyond())
  std::string skip_reason;           // why the first of them was skipped
};

class BatchChecker {
 public:
  BatchChecker(const Signature& sig, const Tolerance& tolerance, const OracleRunner& oracle,
               const CandidateRunner& candidate, PhaseResult& timing)
      : sig_(sig), tolerance_(tolerance), oracle_(oracle), candidate_(candidate), timing_(timing) {}

  // The first failing case of the batch, if any; counts CPython's returned outcomes into `returned`.
  // With `sweep` limits (the size sweep), a case CPython could not finish within them (its result too
  // large for this process or the worker, out of memory, out of time) is skipped: reported, never run.
  BatchResult check(const std::vector<Case>& cases, std::size_t* returned, const SizeBudget* sweep = nullptr) {
    BatchResult out;
    auto t0 = Clock::now();
    std::vector<Outcome> expected = oracle_(cases, sweep ? sweep->oracle_batch_seconds : 0.0);
    const double oracle_took = seconds_since(t0);
    timing_.oracle_seconds += oracle_took;
    std::vector<Case> kept;
    std::vector<std::size_t> kept_index;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      // A result too large for this process judges nothing in any phase; the caller decides whether so
      // many were skipped that the op needs a domain.
      const bool too_large = i < expected.size() && expected[i].raised && expected[i].raised->exception == kResultTooLarge;
      if (i < expected.size() && (too_large || sweep)) {
        if (auto why = too_large ? std::optional<std::string>(expected[i].raised->message) : beyond(expected[i], *sweep)) {
          if (out.skipped.empty()) out.skip_reason = *why;
          out.skipped.push_back(i);
          continue;
        }
      }
      if (i >= expected.size() || is_tool_outcome(expected[i])) {
        Failure f{cases[i], i < expected.size() ? expected[i] : Outcome{}, {}, {}, {}, {}};
        f.tool_problem = i < expected.size() ? expected[i].raised->message : "the oracle returned too few outcomes";
        out.failure = std::make_pair(i, std::move(f));
        return out;
      }
      if (auto problem = result_type_problem(expected[i], sig_.result)) {
        Failure f{cases[i], expected[i], {}, {}, {}, *problem, true};
        out.failure = std::make_pair(i, std::move(f));
        return out;
      }
      if (returned && expected[i].returned()) ++*returned;
      kept.push_back(cases[i]);
      kept_index.push_back(i);
    }
    if (kept.empty()) return out;
    if (kept.size() < cases.size()) {
      std::vector<Outcome> kept_expected;
      for (auto i : kept_index) kept_expected.push_back(std::move(expected[i]));
      expected = std::move(kept_expected);
    }
    const double timeout_floor = kSlowerThanCPython * oracle_took;
    // A failure on a case too big for the worker's memory (CPython needed gigabytes for it too: random
    // text can spell a huge repeat count) is a skip. The sweep ends there (its later cases are longer);
    // a random batch goes on with the cases after it.
    const SizeBudget& limits = sweep ? *sweep : kDefaultBudget;
    while (!kept.empty()) {
      auto failure = first_failure(kept, expected, timeout_floor);
      if (!failure) break;
      if (!sweep) measure_peak(failure->second, expected[failure->first]);
      if (!out_of_worker_memory(failure->second, limits)) {
        out.failure = std::move(failure);
        out.failure->first = kept_index[out.failure->first];
        break;
      }
      if (out.skipped.empty())
        out.skip_reason = "the worker ran out of its " + std::to_string(limits.worker_memory_bytes >> 20) +
                          " MB where CPython needed " + std::to_string(expected[failure->first].peak_bytes >> 20) +
                          " MB";
      const auto skip_to = static_cast<std::ptrdiff_t>(sweep ? kept.size() : failure->first + 1);
      out.skipped.insert(out.skipped.end(), kept_index.begin() + static_cast<std::ptrdiff_t>(failure->first),
                         kept_index.begin() + skip_to);
      // The cases after the skipped one run again, in a batch of their own.
      kept.erase(kept.begin(), kept.begin() + skip_to);
      expected.erase(expected.begin(), expected.begin() + skip_to);
      kept_index.erase(kept_index.begin(), kept_index.begin() + skip_to);
    }
    std::sort(out.skipped.begin(), out.skipped.end());
    return out;
  }

  // Random batches run without tracing CPython's memory (it costs more than a cheap call): when the
  // candidate ran out of memory on a case, CPython runs that case again, alone, with its peak traced.
  void measure_peak(Failure& f, Outcome& expected) {
    if (!ran_out_of_memory(f) || expected.peak_bytes > 0) return;
    const std::vector<Outcome> again = oracle_({f.inputs}, kPeakSeconds);
    if (!again.empty()) f.expected.peak_bytes = expected.peak_bytes = again[0].peak_bytes;
  }

  // The candidate's first failing case, if any, with its index.
  std::optional<std::pair<std::size_t, Failure>> first_failure(const std::vector<Case>& cases,
                                                               const std::vector<Outcome>& wanted,
                                                               double timeout_floor) {
    auto t0 = Clock::now();
    BatchRun run = run_in_parts(cases, wanted, timeout_floor);
    timing_.worker_seconds += seconds_since(t0);
    std::optional<std::pair<std::size_t, Failure>> failure;
    if (!run.failure.empty() || run.outcomes.size() != cases.size()) {
      failure = isolate(cases, wanted, run.failure, timeout_floor);
    } else {
      t0 = Clock::now();
      for (std::size_t i = 0; i < cases.size(); ++i) {
        if (auto m = compare_outcomes(wanted[i], run.outcomes[i], tolerance_, cases[i])) {
          failure = std::make_pair(i, Failure{cases[i], wanted[i], run.outcomes[i], m, {}, {}});
          break;
        }
      }
      timing_.compare_seconds += seconds_since(t0);
    }
    return failure;
  }

  // The candidate's reply carries its results and the mutable arguments after the call, about what
  // CPython's outcomes hold: cases go in parts of at most kReplyBudget expected bytes, so that a batch
  // of large cases never outgrows the worker's reply frame (a limit on one reply, not on a case).
  BatchRun run_in_parts(const std::vector<Case>& cases, const std::vector<Outcome>& expected, double timeout_floor) {
    BatchRun run;
    for (std::size_t from = 0; from < cases.size();) {
      std::size_t to = from, bytes = 0;
      do bytes += outcome_bytes(expected[to++]);
      while (to < cases.size() && bytes + outcome_bytes(expected[to]) <= kReplyBudget);
      BatchRun part = candidate_(std::vector<Case>(cases.begin() + static_cast<std::ptrdiff_t>(from),
                                                   cases.begin() + static_cast<std::ptrdiff_t>(to)),
                                 timeout_floor);
      for (auto& o : part.outcomes) run.outcomes.push_back(std::move(o));
      if (!part.failure.empty() || run.outcomes.size() != to) {
        run.failure = part.failure;
        return run;
      }
      from = to;
    }
    return run;
  }

  std::optional<Failure> check_one(const Case& c) {
    auto r = check({c}, nullptr);
    if (!r.failure) return std::nullopt;
    return std::move(r.failure->second);
  }

 private:
  // The worker died somewhere in the batch: find the case that kills it, one case per fresh run.
  std::optional<std::pair<std::size_t, Failure>> isolate(const std::vector<Case>& cases,
                                                         const std::vector<Outcome>& expected,
                                                         const std::string& batch_failure, double timeout_floor) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      BatchRun one = candidate_({cases[i]}, timeout_floor);
      if (!one.failure.empty() || one.outcomes.size() != 1)
        return std::make_pair(i, Failure{cases[i], expected[i], {}, {}, one.failure.empty() ? "no answer" : one.failure, {}});
      if (auto m = compare_outcomes(expected[i], one.outcomes[0], tolerance_, cases[i]))
        return std::make_pair(i, Failure{cases[i], expected[i], one.outcomes[0], m, {}, {}});
    }
    // Every case passed alone. A batch that only ran out of time was slow, not wrong, and one whose reply
    // only outgrew the frame limit together was large, not wrong: each case was judged.
    if (batch_failure.rfind("Timeout", 0) == 0) return std::nullopt;
    if (batch_failure.find("reply larger than the limit") != std::string::npos) return std::nullopt;
    // Only the batch as a whole kills it (state across cases): still a rejection.
    return std::make_pair(std::size_t{0}, Failure{cases[0], expected[0], {}, {}, batch_failure + " (on a batch of " +
                                                          std::to_string(cases.size()) + " cases)", {}});
  }

  const Signature& sig_;
  const Tolerance& tolerance_;
  const OracleRunner& oracle_;
  const CandidateRunner& candidate_;
  PhaseResult& timing_;
};

std::string inputs_text(const Case& c, const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    s += (i ? ", " : "") + (i < names.size() ? names[i] : "a" + std::to_string(i)) + "=" + short_repr(c.args[i]);
    if (i < c.layouts.size() && c.layouts[i] && !c.layouts[i]->contiguous()) s += " (strided view)";
    if (i < c.aliases.size() && c.aliases[i])
      s += c.alias_view(i) == AliasView::same ? std::string(" (alias)")
                                              : std::string(" (a view: ") + (*c.aliases[i] < names.size() ? names[*c.aliases[i]] : "a" + std::to_string(*c.aliases[i])) +
                                                    alias_view_suffix(c.alias_view(i)) + ")";
  }
  return s;
}

void record_failure(PhaseResult& result, Stage stage, Failure f, const std::vector<std::string>& names,
                    std::uint64_t seed, std::size_t shrink_steps, std::string origin) {
  if (!f.tool_problem.empty()) {
    result.verdict = Verdict::Error;
    result.stage = Stage::Tool;
    result.signature_problem = f.signature_problem;
    result.reason = f.tool_problem + " for " + inputs_text(f.inputs, names);
    return;
  }
  result.verdict = Verdict::Fail;
  result.stage = stage;
  const std::string what = f.worker_failure.empty() ? f.mismatch->describe() : "worker " + f.worker_failure;
  result.reason = what + " for " + inputs_text(f.inputs, names);
  result.counterexample = Counterexample{std::move(f.inputs),   names, std::move(f.expected),
                                         std::move(f.got),      std::move(f.mismatch),
                                         std::move(f.worker_failure), seed, shrink_steps, std::move(origin)};
}

// Everything a phase needs besides its cases.
struct PhaseContext {
  const Signature& sig;
  const Domain& domain;
  const std::vector<std::string>& names;
  std::size_t batch;
  BatchChecker& checker;
  PhaseResult& result;
  const Progress& progress;
};

// Shrinks the failing draw (case `index` of `gen` under `seed`) and records it. Shrinking re-runs the
// worker per step; a hang costs a whole timeout per step, so it is budgeted.
void shrink_and_record(PhaseContext& ctx, Stage stage, const rc::Gen<Case>& gen, std::uint64_t seed,
                       std::size_t index, Failure failure, std::string origin) {
  if (!failure.tool_problem.empty()) {
    record_failure(ctx.result, stage, std::move(failure), ctx.names, seed, 0, std::move(origin));
    return;
  }
  const auto t0 = Clock::now();
  const auto shrinkable = draw_case(gen, seed, index);
  auto still_fails = [&](const Case& c) {
    return seconds_since(t0) < kShrinkBudgetSeconds && ctx.checker.check_one(c).has_value();
  };
  Shrunk shrunk = minimize(shrinkable, still_fails, 400);
  Failure minimal = ctx.checker.check_one(shrunk.minimal).value_or(std::move(failure));
  ctx.result.shrink_seconds += seconds_since(t0);
  record_failure(ctx.result, stage, std::move(minimal), ctx.names, seed, shrunk.accepted_steps, std::move(origin));
}

// Counts the cases of a batch that ran (up to its first failure, the skipped ones left out) into the
// phase's run count and size bands; returns how many.
std::size_t count_ran(PhaseCount& count, const std::vector<Case>& cases, const BatchResult& checked) {
  const std::size_t ran = checked.failure ? checked.failure->first + 1 : cases.size();
  std::size_t counted = 0;
  for (std::size_t i = 0; i < ran; ++i) {
    if (std::find(checked.skipped.begin(), checked.skipped.end(), i) != checked.skipped.end()) continue;
    ++counted;
    count_band(count.bands, cases[i]);
  }
  count.run += counted;
  return counted;
}

// Counts a batch's skipped cases into the phase and notes the first reason.
void note_skips(PhaseCount& count, const BatchResult& checked, const std::string& where) {
  if (checked.skipped.empty()) return;
  count.skipped += checked.skipped.size();
  count.notes.push_back(std::to_string(checked.skipped.size()) + " case(s)" + where + " skipped, never run: " +
                        checked.skip_reason);
}

// Random cases may be skipped (CPython's result too large for this process) up to this share; past it the
// inputs mostly miss what can be judged, and the op needs a domain (an int that is a size, say).
constexpr std::size_t kMaxSkippedShare = 20;  // one in 20

// Runs fixed cases (stored, edge) in batches; no shrinking (they are small by construction).
bool run_fixed(PhaseContext& ctx, const std::string& phase, Stage stage, const std::vector<Case>& cases) {
  PhaseCount count{phase, 0, cases.size(), 0};
  for (std::size_t at = 0; at < cases.size(); at += ctx.batch) {
    std::vector<Case> slice(cases.begin() + at, cases.begin() + std::min(cases.size(), at + ctx.batch));
    auto checked = ctx.checker.check(slice, nullptr);
    note_skips(count, checked, "");
    count_ran(count, slice, checked);
    if (checked.failure) {
      ctx.result.phases.push_back(count);
      record_failure(ctx.result, stage, std::move(checked.failure->second), ctx.names, 0, 0, phase + " case");
      return false;
    }
    if (ctx.progress) ctx.progress(phase, count.run, count.planned);
  }
  ctx.result.phases.push_back(count);
  return true;
}

std::string describe_target(const SizeTarget& t) {
  std::string s = "length " + std::to_string(t.length);
  if (t.long_axis >= 0) s += ", long axis " + std::to_string(t.long_axis);
  if (t.only_first) s += ", first argument only";
  if (t.view) s += ", views";
  if (t.tail_edge) s += ", edge value last";
  if (t.mixed) s += ", NaN, inf and huge values anywhere";
  if (t.text == TextStyle::NonAscii) s += ", non-ASCII text";
  if (t.text == TextStyle::RareAtEnd) s += ", rare character last";
  if (t.text == TextStyle::Numeral) s += ", a padded numeral";
  return s;
}

// The size sweep of a random phase (sizes.hpp): deterministic targets with contents drawn from the phase's
// seed, in ascending length. Cases travel in batches by bytes; from the large tier on, each length is a
// batch of its own, and the sweep stops growing once a length took longer than the budget.
bool run_sweep(PhaseContext& ctx, Stage stage, std::uint64_t seed, std::int64_t max_length, PhaseCount& count,
               const std::vector<SizeTarget>& targets) {
  const SizeBudget budget;
  const std::uint64_t sweep_seed = seed ^ kSweepStream;
  std::size_t next = 0;
  while (next < targets.size()) {
    if (targets[next].length > max_length) {
      count.notes.push_back("sweep stopped before length " + std::to_string(targets[next].length) +
                            " (this phase runs lengths up to " + std::to_string(max_length) + ")");
      break;
    }
    // One batch: same-length targets in the large tier, else as many as fit the byte budget.
    const bool large = targets[next].length >= kLargeTier;
    std::vector<Case> cases;
    std::vector<std::size_t> index;
    std::size_t bytes = 0;
    const auto t0 = Clock::now();
    for (std::size_t k = next; k < targets.size() && cases.size() < ctx.batch; ++k) {
      if (targets[k].length > max_length) break;
      if (large && targets[k].length != targets[next].length) break;
      if (!large && targets[k].length >= kLargeTier) break;
      if (!cases.empty() && !large && bytes > kSweepBatchBytes) break;
      Case c = draw_case(sized_case_gen(ctx.sig, ctx.domain, targets[k]), sweep_seed, k).value();
      for (const auto& a : c.args) bytes += value_bytes(a);
      cases.push_back(std::move(c));
      index.push_back(k);
    }
    ctx.result.generate_seconds += seconds_since(t0);
    auto checked = ctx.checker.check(cases, nullptr, &budget);
    if (!checked.skipped.empty())
      note_skips(count, checked, " of length " + std::to_string(targets[index[checked.skipped.front()]].length));
    count.sweep += count_ran(count, cases, checked);
    if (checked.failure) {
      ctx.result.phases.push_back(count);
      const std::size_t k = index[checked.failure->first];
      shrink_and_record(ctx, stage, sized_case_gen(ctx.sig, ctx.domain, targets[k]), sweep_seed, k,
                        std::move(checked.failure->second),
                        count.phase + " sweep case " + std::to_string(k) + " (" + describe_target(targets[k]) + ")");
      return false;
    }
    if (ctx.progress) ctx.progress(count.phase, count.run, count.planned);
    next = index.back() + 1;
    const double took = seconds_since(t0);
    if (next < targets.size() && !checked.skipped.empty()) {
      count.notes.push_back("sweep stopped after length " + std::to_string(targets[index.back()].length) +
                            ": longer inputs would be skipped too");
      break;
    }
    if (large && took > budget.large_step_seconds && next < targets.size()) {
      count.notes.push_back("sweep stopped after length " + std::to_string(targets[index.back()].length) + ": it took " +
                            std::to_string(took).substr(0, 4) + " s, over the " +
                            std::to_string(budget.large_step_seconds).substr(0, 3) + " s budget per large length");
      break;
    }
  }
  return true;
}

// Runs seeded random cases, then the size sweep; the first failure is rebuilt as a Shrinkable and minimized.
bool run_random(PhaseContext& ctx, const std::string& phase, Stage stage, std::uint64_t seed, std::size_t planned,
                std::int64_t max_sweep_length, std::size_t* returned) {
  const rc::Gen<Case> gen = case_gen(ctx.sig, ctx.domain);
  const std::vector<SizeTarget> targets = size_sweep(ctx.sig, ctx.domain);
  PhaseCount count{phase, seed, planned + targets.size(), 0};
  for (std::size_t at = 0; at < planned; at += ctx.batch) {
    auto t0 = Clock::now();
    std::vector<Case> cases = draw_plain_cases(gen, seed, at, std::min(ctx.batch, planned - at));
    ctx.result.generate_seconds += seconds_since(t0);
    auto checked = ctx.checker.check(cases, returned);
    count_ran(count, cases, checked);
    if (!checked.skipped.empty() && count.skipped == 0) note_skips(count, checked, "");
    else count.skipped += checked.skipped.size();
    if (!checked.failure && count.skipped > 2 + planned / kMaxSkippedShare) {
      ctx.result.phases.push_back(count);
      Failure f{cases[checked.skipped.front()], {}, {}, {}, {}, {}};
      f.tool_problem = std::to_string(count.skipped) + " of the first " + std::to_string(at + cases.size()) +
                       " random cases were skipped: " + checked.skip_reason;
      record_failure(ctx.result, stage, std::move(f), ctx.names, seed, 0, phase + " case " + std::to_string(at));
      return false;
    }
    if (checked.failure) {
      ctx.result.phases.push_back(count);
      const std::size_t index = at + checked.failure->first;
      shrink_and_record(ctx, stage, gen, seed, index, std::move(checked.failure->second),
                        phase + " case " + std::to_string(index));
      return false;
    }
    if (ctx.progress) ctx.progress(phase, count.run, count.planned);
  }
  if (!run_sweep(ctx, stage, seed, max_sweep_length, count, targets)) return false;
  count.planned = count.run + count.skipped;  // what the budget let the sweep reach
  ctx.result.phases.push_back(count);
  return true;
}

}  // namespace

std::optional<std::string> result_type_problem(const Outcome& expected, const Type& result) {
  if (!expected.result || conforms(*expected.result, result)) return std::nullopt;
  return "CPython returned " + short_repr(*expected.result) + ", which is not of the declared result type " +
         to_string(result) + " (is the signature right?)";
}

PhaseResult run_phases(const Signature& sig, const std::vector<std::string>& param_names, const Domain& domain,
                       const Tolerance& tolerance, const PhasePlan& plan, const OracleRunner& oracle,
                       const CandidateRunner& candidate, const Progress& progress) {
  PhaseResult result;
  BatchChecker checker(sig, tolerance, oracle, candidate, result);
  PhaseContext ctx{sig, domain, param_names, std::max<std::size_t>(1, plan.batch_size), checker, result, progress};
  if (!run_fixed(ctx, "stored", Stage::StoredCases, plan.stored)) return result;
  if (!run_fixed(ctx, "edge", Stage::EdgeCases, edge_cases(sig, domain))) return result;
  if (!run_random(ctx, "repair", Stage::Repair, plan.repair_seed, plan.repair_cases, plan.max_sweep_length, nullptr))
    return result;
  // Screening and the sanitizer replay run no acceptance phase (no random cases, no sweep).
  if (plan.acceptance_cases == 0) {
    result.verdict = Verdict::Pass;
    result.stage = Stage::Acceptance;
    return result;
  }
  std::size_t returned = 0;
  if (!run_random(ctx, "acceptance", Stage::Acceptance, plan.acceptance_seed, plan.acceptance_cases,
                  plan.max_sweep_length, &returned))
    return result;
  const double share = plan.acceptance_cases ? double(returned) / double(plan.acceptance_cases) : 1.0;
  if (plan.acceptance_cases > 0 && share < plan.min_returned_share) {
    result.verdict = Verdict::Inconclusive;
    result.stage = Stage::Acceptance;
    result.reason = "CPython raised on " + std::to_string(plan.acceptance_cases - returned) + " of " +
                    std::to_string(plan.acceptance_cases) +
                    " acceptance cases: the inputs rarely reach the function's domain (declare domain hints)";
    return result;
  }
  result.verdict = Verdict::Pass;
  result.stage = Stage::Acceptance;
  return result;
}

}  // namespace opsynth::verify

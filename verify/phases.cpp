// Phase engine: batches of cases through oracle and candidate, first failure shrunk (see phases.hpp).
#include "verify/phases.hpp"

#include <chrono>

#include "verify/compare.hpp"
#include "verify/generators.hpp"

namespace opsynth::verify {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kShrinkBudgetSeconds = 20.0;

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

class BatchChecker {
 public:
  BatchChecker(const Signature& sig, const Tolerance& tolerance, const OracleRunner& oracle,
               const CandidateRunner& candidate, PhaseResult& timing)
      : sig_(sig), tolerance_(tolerance), oracle_(oracle), candidate_(candidate), timing_(timing) {}

  // The first failing case of the batch, if any; counts CPython's returned outcomes into `returned`.
  std::optional<std::pair<std::size_t, Failure>> check(const std::vector<Case>& cases, std::size_t* returned) {
    auto t0 = Clock::now();
    std::vector<Outcome> expected = oracle_(cases);
    timing_.oracle_seconds += seconds_since(t0);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (i >= expected.size() || is_tool_outcome(expected[i])) {
        Failure f{cases[i], i < expected.size() ? expected[i] : Outcome{}, {}, {}, {}, {}};
        f.tool_problem = i < expected.size() ? expected[i].raised->message : "the oracle returned too few outcomes";
        return std::make_pair(i, std::move(f));
      }
      if (auto problem = result_type_problem(expected[i], sig_.result)) {
        Failure f{cases[i], expected[i], {}, {}, {}, *problem, true};
        return std::make_pair(i, std::move(f));
      }
      if (returned && expected[i].returned()) ++*returned;
    }
    t0 = Clock::now();
    BatchRun run = candidate_(cases);
    timing_.worker_seconds += seconds_since(t0);
    if (!run.failure.empty() || run.outcomes.size() != cases.size()) return isolate(cases, expected, run.failure);
    t0 = Clock::now();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (auto m = compare_outcomes(expected[i], run.outcomes[i], tolerance_, cases[i])) {
        timing_.compare_seconds += seconds_since(t0);
        return std::make_pair(i, Failure{cases[i], expected[i], run.outcomes[i], m, {}, {}});
      }
    }
    timing_.compare_seconds += seconds_since(t0);
    return std::nullopt;
  }

  std::optional<Failure> check_one(const Case& c) {
    auto r = check({c}, nullptr);
    if (!r) return std::nullopt;
    return std::move(r->second);
  }

 private:
  // The worker died somewhere in the batch: find the case that kills it, one case per fresh run.
  std::optional<std::pair<std::size_t, Failure>> isolate(const std::vector<Case>& cases,
                                                         const std::vector<Outcome>& expected,
                                                         const std::string& batch_failure) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      BatchRun one = candidate_({cases[i]});
      if (!one.failure.empty() || one.outcomes.size() != 1)
        return std::make_pair(i, Failure{cases[i], expected[i], {}, {}, one.failure.empty() ? "no answer" : one.failure, {}});
      if (auto m = compare_outcomes(expected[i], one.outcomes[0], tolerance_, cases[i]))
        return std::make_pair(i, Failure{cases[i], expected[i], one.outcomes[0], m, {}, {}});
    }
    // Only the batch as a whole kills it (state across cases): still a rejection.
    return std::make_pair(std::size_t{0},
                          Failure{cases[0], expected[0], {}, {}, batch_failure + " (on a batch of " +
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
    s += (i ? ", " : "") + (i < names.size() ? names[i] : "a" + std::to_string(i)) + "=" + repr(c.args[i]);
    if (i < c.layouts.size() && c.layouts[i] && !c.layouts[i]->contiguous()) s += " (strided view)";
    if (i < c.aliases.size() && c.aliases[i]) s += " (alias)";
  }
  return s;
}

void record_failure(PhaseResult& result, Stage stage, Failure f, const std::vector<std::string>& names,
                    std::uint64_t seed, std::size_t shrink_steps) {
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
  result.counterexample = Counterexample{std::move(f.inputs), names, std::move(f.expected), std::move(f.got),
                                         std::move(f.mismatch), std::move(f.worker_failure), seed, shrink_steps};
}

// Runs fixed cases (stored, edge) in batches; no shrinking (they are small by construction).
bool run_fixed(const std::string& phase, Stage stage, const std::vector<Case>& cases, std::size_t batch,
               BatchChecker& checker, PhaseResult& result, const std::vector<std::string>& names,
               const Progress& progress) {
  PhaseCount count{phase, 0, cases.size(), 0};
  for (std::size_t at = 0; at < cases.size(); at += batch) {
    std::vector<Case> slice(cases.begin() + at, cases.begin() + std::min(cases.size(), at + batch));
    auto failure = checker.check(slice, nullptr);
    if (failure) {
      count.run += failure->first + 1;
      result.phases.push_back(count);
      record_failure(result, stage, std::move(failure->second), names, 0, 0);
      return false;
    }
    count.run += slice.size();
    if (progress) progress(phase, count.run, count.planned);
  }
  result.phases.push_back(count);
  return true;
}

// Runs seeded random cases; the first failure is rebuilt as a Shrinkable and minimized.
bool run_random(const std::string& phase, Stage stage, const Signature& sig, const Domain& domain,
                std::uint64_t seed, std::size_t planned, std::size_t batch, BatchChecker& checker,
                PhaseResult& result, const std::vector<std::string>& names, const Progress& progress,
                std::size_t* returned) {
  const rc::Gen<Case> gen = case_gen(sig, domain);
  PhaseCount count{phase, seed, planned, 0};
  for (std::size_t at = 0; at < planned; at += batch) {
    auto t0 = Clock::now();
    std::vector<Case> cases = draw_plain_cases(gen, seed, at, std::min(batch, planned - at));
    result.generate_seconds += seconds_since(t0);
    auto failure = checker.check(cases, returned);
    if (failure) {
      count.run += failure->first + 1;
      result.phases.push_back(count);
      if (!failure->second.tool_problem.empty()) {
        record_failure(result, stage, std::move(failure->second), names, seed, 0);
        return false;
      }
      t0 = Clock::now();
      const auto shrinkable = draw_case(gen, seed, at + failure->first);
      // Shrinking re-runs the worker per step; a hang costs a whole timeout per step, so it is budgeted.
      auto still_fails = [&](const Case& c) {
        return seconds_since(t0) < kShrinkBudgetSeconds && checker.check_one(c).has_value();
      };
      Shrunk shrunk = minimize(shrinkable, still_fails, 400);
      Failure minimal = checker.check_one(shrunk.minimal).value_or(std::move(failure->second));
      result.shrink_seconds += seconds_since(t0);
      record_failure(result, stage, std::move(minimal), names, seed, shrunk.accepted_steps);
      return false;
    }
    count.run += cases.size();
    if (progress) progress(phase, count.run, count.planned);
  }
  result.phases.push_back(count);
  return true;
}

}  // namespace

std::optional<std::string> result_type_problem(const Outcome& expected, const Type& result) {
  if (!expected.result || conforms(*expected.result, result)) return std::nullopt;
  return "CPython returned " + repr(*expected.result) + ", which is not of the declared result type " +
         to_string(result) + " (is the signature right?)";
}

PhaseResult run_phases(const Signature& sig, const std::vector<std::string>& param_names, const Domain& domain,
                       const Tolerance& tolerance, const PhasePlan& plan, const OracleRunner& oracle,
                       const CandidateRunner& candidate, const Progress& progress) {
  PhaseResult result;
  BatchChecker checker(sig, tolerance, oracle, candidate, result);
  const std::size_t batch = std::max<std::size_t>(1, plan.batch_size);
  if (!run_fixed("stored", Stage::StoredCases, plan.stored, batch, checker, result, param_names, progress))
    return result;
  if (!run_fixed("edge", Stage::EdgeCases, edge_cases(sig, domain), batch, checker, result, param_names, progress))
    return result;
  if (!run_random("repair", Stage::Repair, sig, domain, plan.repair_seed, plan.repair_cases, batch, checker, result,
                  param_names, progress, nullptr))
    return result;
  std::size_t returned = 0;
  if (!run_random("acceptance", Stage::Acceptance, sig, domain, plan.acceptance_seed, plan.acceptance_cases, batch,
                  checker, result, param_names, progress, &returned))
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

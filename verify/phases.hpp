// The case-running heart of the verifier: stored, edge, repair and acceptance phases, batch by
// batch, oracle against candidate, shrinking the first failure to a minimal counterexample.
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "verify/case.hpp"
#include "verify/domain.hpp"
#include "verify/outcome.hpp"
#include "verify/report.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::verify {

// CPython's outcomes for a batch (the oracle never sees the candidate's). With budget_seconds > 0 (the size
// sweep) a call still running when the budget is spent is stopped, it and the rest coming back as
// kOracleTimeout, and each outcome carries the call's peak memory (Outcome::peak_bytes).
using OracleRunner = std::function<std::vector<Outcome>(const std::vector<Case>&, double budget_seconds)>;

// The candidate's outcomes for a batch, or why the worker could not give them.
struct BatchRun {
  std::vector<Outcome> outcomes;
  std::string failure;  // non-empty: crashed, timed out, forbidden syscall, protocol violation
};
// `min_timeout_seconds` lengthens the worker's wall-clock budget for this batch (never shortens it): a
// batch CPython itself needed seconds for gets a multiple of that time, so a correct candidate that is
// merely slower than CPython on long inputs is not mistaken for a hang.
using CandidateRunner = std::function<BatchRun(const std::vector<Case>&, double min_timeout_seconds)>;

struct PhasePlan {
  std::vector<Case> stored;  // counterexamples that once killed a candidate (oplib cases/)
  std::size_t repair_cases = 1000;
  std::size_t acceptance_cases = 10000;
  std::uint64_t repair_seed = 0;
  std::uint64_t acceptance_seed = 0;
  std::size_t batch_size = 1024;
  // The size sweep of each random phase runs lengths up to this (the sanitizer replay stops at 1025).
  std::int64_t max_sweep_length = std::numeric_limits<std::int64_t>::max();
  // Below this share of returned (non-raising) CPython outcomes the run proves little: INCONCLUSIVE.
  double min_returned_share = 0.01;
};

// Reports `done` of `planned` cases of a phase; planned == 0 announces a step without a count (compiling).
using Progress = std::function<void(const std::string& phase, std::size_t done, std::size_t planned)>;

struct PhaseResult {
  Verdict verdict = Verdict::Pass;
  Stage stage = Stage::Acceptance;
  std::string reason;
  bool signature_problem = false;  // CPython's results do not fit the declared signature: bad input
  std::optional<Counterexample> counterexample;
  std::vector<PhaseCount> phases;
  double oracle_seconds = 0, worker_seconds = 0, compare_seconds = 0, shrink_seconds = 0, generate_seconds = 0;
};

PhaseResult run_phases(const Signature& sig, const std::vector<std::string>& param_names, const Domain& domain,
                       const Tolerance& tolerance, const PhasePlan& plan, const OracleRunner& oracle,
                       const CandidateRunner& candidate, const Progress& progress = {});

// Does CPython's outcome fit the declared result type? A mismatch means the signature is wrong, not
// the candidate (for example `float -> int` for math.sqrt). Returns the reason, if any.
std::optional<std::string> result_type_problem(const Outcome& expected, const Type& result);

}  // namespace opsynth::verify

// Verdicts and reports (DESIGN §4.9-10): closed verdicts, counterexamples as data, JSON + Markdown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/types.hpp"
#include "verify/case.hpp"
#include "verify/compare.hpp"
#include "verify/outcome.hpp"
#include "verify/sizes.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::verify {

// PASS means "no counterexample in N cases", never "proved".
enum class Verdict { Pass, Fail, Inconclusive, Error };
std::string_view verdict_name(Verdict v);  // "PASS", "FAIL", "INCONCLUSIVE", "ERROR"

// The stage that decided: cheap stages first, so a rejection names where it happened.
enum class Stage { Static, Compile, Sanitizer, StoredCases, EdgeCases, Repair, Acceptance, Tool };
std::string_view stage_name(Stage s);

struct Counterexample {
  Case inputs;
  std::vector<std::string> param_names;
  Outcome expected;  // CPython's
  Outcome got;       // the candidate's (empty when the worker died on it)
  std::optional<Mismatch> mismatch;
  std::string worker_failure;  // "killed by seccomp (SIGSYS): openat", "timed out after 2s", ...
  std::uint64_t seed = 0;
  std::size_t shrink_steps = 0;
  std::string origin;  // which draw it shrank from: "acceptance case 812" or "acceptance sweep case 57 (length 1025, ...)"
};

struct PhaseCount {
  std::string phase;  // "stored", "edge", "repair", "acceptance", "sanitizer"
  std::uint64_t seed = 0;
  std::size_t planned = 0;
  std::size_t run = 0;
  std::size_t sweep = 0;    // of `run`, cases of the size sweep (sizes.hpp)
  BandCounts bands;         // cases run per size band (the longest length in the case)
  std::size_t skipped = 0;  // cases never run: CPython's result too large for this process (any phase),
                            // or over the sweep's byte, memory or time budget
  std::vector<std::string> notes;  // where the sweep stopped short and why, the sizes of skipped cases
};

struct StageTiming {
  std::string stage;  // "static", "compile", "oracle", "worker", "compare", "shrink", "total"
  double seconds = 0;
};

struct VerifyReport {
  std::string qualname;
  Signature signature;
  std::string candidate_sha256;
  Tolerance tolerance;
  std::string tolerance_reason;
  Verdict verdict = Verdict::Error;
  Stage stage = Stage::Tool;
  std::string reason;  // one line
  bool bad_input = false;  // ERROR caused by the request (e.g. a signature CPython contradicts): exit 2
  std::vector<std::string> static_violations;  // "line 3: token 'fork': api.process ..."
  std::string compiler_output;                 // trimmed diagnostics when compilation failed
  std::optional<Counterexample> counterexample;
  std::vector<PhaseCount> phases;
  std::vector<StageTiming> timings;
  std::string size_narrowing;  // the domain's narrowing of sizes with its reason ("" = none)
  std::string verifier_version;
  std::string python_version;
  std::string numpy_version;
  std::string numpy_dispatch;
  std::string compiler;
  std::string flags;

  nlohmann::json to_json() const;
  std::string to_markdown() const;
  std::string summary_line() const;  // "PASS math.sqrt(float -> float): no counterexample in 10,512 cases"
};

}  // namespace opsynth::verify

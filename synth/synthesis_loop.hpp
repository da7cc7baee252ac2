// The synthesis loop for one overload (DESIGN §5): prompt → K candidates → extract → verify on the
// repair phase → repair prompt from the best rejection → … within the attempt and token budgets →
// acceptance with fresh seeds → the first candidate that passes. The verifier is a callback, so this
// file links no Python and the loop is tested with a scripted one; the caller commits the result.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "synth/llm_cache.hpp"
#include "synth/prompts.hpp"
#include "verify/report.hpp"

namespace opsynth::synth {

// Screening runs the cheap stages and the seeded repair cases (whose counterexamples the model may
// see); acceptance runs everything with a fresh seed, ≥ 10,000 cases and the sanitizer build.
enum class VerifyPhase { Screening, Acceptance };
using VerifyCandidate = std::function<verify::VerifyReport(const std::string& source, VerifyPhase phase)>;

// Tokens are shared by every overload of one fill run; each request first checks what is left.
class TokenBudget {
 public:
  explicit TokenBudget(std::uint64_t limit) : limit_(limit) {}
  bool exhausted() const { return used_.load() >= limit_; }
  void spend(std::uint64_t tokens) { used_ += tokens; }
  std::uint64_t used() const { return used_.load(); }
  std::uint64_t limit() const { return limit_; }

 private:
  std::uint64_t limit_;
  std::atomic<std::uint64_t> used_{0};
};

struct LoopSettings {
  std::string model;
  int samples = 2;   // K candidates per request
  int attempts = 4;  // requests per overload: the first, then repairs
  Sampling sampling;
};

// One candidate the model wrote, and what became of it.
struct CandidateRecord {
  int attempt = 0;  // 1-based
  int sample = 0;   // 0-based choice index in its response
  std::string request_hash;
  std::string sha256;  // of the extracted source; empty when extraction failed
  std::string phase;   // "extract", "screening", "acceptance"
  std::string verdict; // "PASS", "FAIL", "INCONCLUSIVE", "ERROR", "NO-CODE", "DUPLICATE"
  std::string stage;   // the verifier stage that decided
  std::string reason;
  double seconds = 0;
  std::string signature;  // a generic group's candidate: the signature this verification was at
};

enum class LoopStatus { Accepted, Rejected, EndpointFailure, ToolError };
std::string_view loop_status_name(LoopStatus s);  // "accepted", "rejected", "endpoint-failure", "error"

struct LoopResult {
  LoopStatus status = LoopStatus::Rejected;
  std::string reason;  // why not accepted (budget spent, endpoint error, ...)
  std::vector<CandidateRecord> candidates;
  int requests = 0;       // HTTP requests (cache hits cost none)
  int cached_answers = 0; // responses answered from the cache
  Usage usage;
  double seconds = 0;
  double model_seconds = 0;   // waiting for the model (cache hits included)
  double verify_seconds = 0;  // verifying candidates
  // The accepted candidate and how it was obtained (for provenance).
  std::string source;
  std::optional<verify::VerifyReport> acceptance;
  std::string request_hash;
  int attempt = 0;
  int sample = 0;
  Sampling sampling;
  // Counterexamples that rejected candidates (screening or acceptance), for the op's cases/.
  std::vector<verify::Counterexample> counterexamples;
  std::optional<LlmError> llm_error;
};

// Progress events for the terminal: "attempt 2/4", "candidate 1: FAIL at repair: ...".
using LoopProgress = std::function<void(const std::string& event)>;

LoopResult synthesize_overload(const OverloadBrief& brief, const PromptTemplates& templates, const CachedLlm& llm,
                               const LoopSettings& settings, TokenBudget& budget, const VerifyCandidate& verify,
                               const LoopProgress& progress = {});

}  // namespace opsynth::synth

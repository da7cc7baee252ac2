// The synthesis loop for one overload (see synthesis_loop.hpp).
#include "synth/synthesis_loop.hpp"

#include <chrono>
#include <map>

#include "core/sha256.hpp"
#include "synth/attempt_history.hpp"
#include "synth/extract_code.hpp"
#include "synth/model_request.hpp"

namespace opsynth::synth {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What the next repair prompt is built from: the answer that came closest, with its rejection.
struct RepairBasis {
  int rank = -1;  // higher is closer: 2 a wrong result, 1 a compile or static failure, 0 no code
  std::string answer;
  std::optional<verify::VerifyReport> report;  // absent for an answer without code
  std::string extract_error;
};

int closeness(const verify::VerifyReport& report) {
  switch (report.stage) {
    case verify::Stage::Static:
    case verify::Stage::Compile: return 1;
    default: return 2;
  }
}

// A verdict that judges the candidate. ERROR is the tool's failure and INCONCLUSIVE the generator's:
// neither says anything a repair prompt could fix.
bool judges_candidate(const verify::VerifyReport& report) {
  return report.verdict == verify::Verdict::Pass || report.verdict == verify::Verdict::Fail;
}

class Loop {
 public:
  Loop(const OverloadBrief& brief, const PromptTemplates& templates, const CachedLlm& llm, const LoopSettings& settings,
       TokenBudget& budget, const VerifyCandidate& verify, const LoopProgress& progress)
      : brief_(brief), templates_(templates), llm_(llm), settings_(settings), budget_(budget), verify_(verify),
        progress_(progress), history_(brief.earlier_attempts) {}

  LoopResult run() {
    const auto start = Clock::now();
    RepairBasis basis;
    for (int attempt = 1; attempt <= settings_.attempts && !done_; ++attempt) {
      if (budget_.exhausted()) {
        stop(LoopStatus::Rejected, "token budget spent (" + std::to_string(budget_.used()) + " of " +
                                       std::to_string(budget_.limit()) + " tokens)");
        break;
      }
      std::vector<ChatMessage> messages;
      if (basis.rank < 0) {
        messages = implement_messages(templates_, brief_);
      } else if (basis.report) {
        messages = repair_messages(templates_, brief_, basis.answer, *basis.report, render_attempt_history(history_));
      } else {
        messages = extract_repair_messages(templates_, brief_, basis.answer, basis.extract_error);
      }
      ChatRequest request{settings_.model, std::move(messages), settings_.sampling, settings_.samples};
      request.sampling.seed = settings_.sampling.seed + std::uint64_t(attempt - 1) * std::uint64_t(settings_.samples);
      const std::string what = "attempt " + std::to_string(attempt) + "/" + std::to_string(settings_.attempts) +
                               (basis.rank < 0 ? "" : " (repair)");
      const ModelAnswer asked = ask_model(llm_, request, what, budget_, result_, progress_);
      if (asked.error) {
        result_.llm_error = asked.error;
        stop(LoopStatus::EndpointFailure, asked.error->message);
        break;
      }
      const std::string& hash = asked.request_hash;
      const ChatResponse& response = *asked.response;
      RepairBasis next;
      for (std::size_t i = 0; i < response.choices.size() && !done_; ++i) {
        consider(attempt, int(i), hash, request.sampling, response.choices[i], next);
      }
      if (next.rank >= 0) basis = std::move(next);
    }
    if (!done_) {
      if (tool_errors_ > 0 && judged_ == 0) {
        stop(LoopStatus::ToolError, "every verification ended in ERROR: " + last_error_);
      } else {
        stop(LoopStatus::Rejected, "no candidate passed in " + std::to_string(settings_.attempts) + " attempt" +
                                       (settings_.attempts == 1 ? "" : "s") + " (" +
                                       std::to_string(result_.candidates.size()) + " candidates)");
      }
    }
    result_.seconds = seconds_since(start);
    return std::move(result_);
  }

 private:
  void say(const std::string& event) const {
    if (progress_) progress_(event);
  }

  void stop(LoopStatus status, std::string reason) {
    if (done_) return;
    done_ = true;
    result_.status = status;
    result_.reason = std::move(reason);
  }

  void record(CandidateRecord r) {
    say("candidate " + std::to_string(r.sample + 1) + ": " + r.verdict +
        (r.stage.empty() ? "" : " at " + r.stage) + (r.reason.empty() ? "" : ": " + r.reason));
    result_.candidates.push_back(std::move(r));
  }

  void consider(int attempt, int sample, const std::string& hash, const Sampling& sampling, const std::string& answer,
                RepairBasis& next) {
    const auto start = Clock::now();
    CandidateRecord r{attempt, sample, hash, "", "extract", "", "", "", 0, ""};
    auto source = extract_candidate(answer, brief_.qualname);
    if (!source) {
      r.verdict = "NO-CODE";
      r.reason = source.error().message;
      history_.push_back({attempt, sample, idea_of(answer, ""), "no usable code block: " + r.reason});
      record(r);
      if (next.rank < 0) next = RepairBasis{0, answer, std::nullopt, source.error().message};
      return;
    }
    r.sha256 = sha256_hex(*source);
    if (auto seen = seen_.find(r.sha256); seen != seen_.end()) {
      r.verdict = "DUPLICATE";
      r.reason = "same code as an earlier candidate (" + seen->second + ")";
      record(r);
      return;
    }
    r.phase = "screening";
    verify::VerifyReport report = verify_(*source, VerifyPhase::Screening);
    if (report.verdict == verify::Verdict::Pass) {
      r.phase = "acceptance";
      report = verify_(*source, VerifyPhase::Acceptance);
    }
    r.verdict = std::string(verify::verdict_name(report.verdict));
    r.stage = std::string(verify::stage_name(report.stage));
    r.reason = report.reason;
    r.seconds = seconds_since(start);
    result_.verify_seconds += r.seconds;
    if (report.verdict == verify::Verdict::Fail)
      history_.push_back({attempt, sample, idea_of(answer, *source), refutation_line(report)});
    seen_[r.sha256] = r.verdict + " at " + r.stage;
    if (report.counterexample && report.verdict == verify::Verdict::Fail)
      result_.counterexamples.push_back(*report.counterexample);
    if (judges_candidate(report)) {
      ++judged_;
    } else {
      ++tool_errors_;
      last_error_ = report.reason;
    }
    const bool accepted = report.verdict == verify::Verdict::Pass;
    if (report.verdict == verify::Verdict::Inconclusive && r.phase == "acceptance") {
      // The generator cannot exercise this overload: another candidate would not change that.
      record(r);
      stop(LoopStatus::Rejected, "INCONCLUSIVE: " + report.reason + " (the op's domain needs a person)");
      return;
    }
    record(r);
    if (accepted) {
      result_.source = *source;
      result_.acceptance = std::move(report);
      result_.request_hash = hash;
      result_.attempt = attempt;
      result_.sample = sample;
      result_.sampling = sampling;
      stop(LoopStatus::Accepted, "");
      return;
    }
    if (report.verdict != verify::Verdict::Fail) return;
    const int rank = closeness(report);
    if (rank > next.rank) next = RepairBasis{rank, answer, std::move(report), ""};
  }

  const OverloadBrief& brief_;
  const PromptTemplates& templates_;
  const CachedLlm& llm_;
  const LoopSettings& settings_;
  TokenBudget& budget_;
  const VerifyCandidate& verify_;
  const LoopProgress& progress_;
  LoopResult result_;
  bool done_ = false;
  std::map<std::string, std::string> seen_;  // sha256 -> how it ended
  int judged_ = 0;
  int tool_errors_ = 0;
  std::string last_error_;
  std::vector<AttemptNote> history_;  // every refuted candidate of this overload, for repair prompts
};

}  // namespace

std::string_view loop_status_name(LoopStatus s) {
  switch (s) {
    case LoopStatus::Accepted: return "accepted";
    case LoopStatus::Rejected: return "rejected";
    case LoopStatus::EndpointFailure: return "endpoint-failure";
    case LoopStatus::ToolError: return "error";
  }
  return "error";
}

LoopResult synthesize_overload(const OverloadBrief& brief, const PromptTemplates& templates, const CachedLlm& llm,
                               const LoopSettings& settings, TokenBudget& budget, const VerifyCandidate& verify,
                               const LoopProgress& progress) {
  return Loop(brief, templates, llm, settings, budget, verify, progress).run();
}

}  // namespace opsynth::synth

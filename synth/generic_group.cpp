// One template for a group of overloads (see generic_group.hpp).
#include "synth/generic_group.hpp"

#include <chrono>
#include <set>

#include "core/sha256.hpp"
#include "synth/extract_code.hpp"
#include "synth/model_request.hpp"

namespace opsynth::synth {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string type_key(const Type& t, const std::string& name, int first_rank) {
  if (t.kind == TypeKind::NDArray) return "ndarray[*," + std::to_string(t.ndim) + "]";
  if (t.kind == TypeKind::NpScalar) return "numpy scalar";
  // numpy normalizes a negative axis against the rank before using it: axis=-1 of a 2-D array is axis=1.
  if (t.kind == TypeKind::Literal && t.literal.kind == LiteralValue::Kind::Int && name == "axis" &&
      first_rank > 0) {
    const std::int64_t axis = t.literal.i < 0 ? t.literal.i + first_rank : t.literal.i;
    return "axis " + std::to_string(axis);
  }
  return to_string(t);
}

// The candidate that served the most signatures in screening, so far.
struct Best {
  int passes = 0;
  int sample = -1;
  std::string idea;
  std::string source;
  std::vector<bool> screened;
};

class Group {
 public:
  Group(const std::vector<GroupMember>& members, const PromptTemplates& templates, const CachedLlm& llm,
        const LoopSettings& settings, TokenBudget& budget, const LoopProgress& progress)
      : members_(members),
        templates_(templates),
        llm_(llm),
        settings_(settings),
        budget_(budget),
        progress_(progress) {
    out_.accepted.resize(members.size());
    out_.refuted.resize(members.size());
  }

  GroupResult run() {
    const auto start = Clock::now();
    LoopResult& loop = out_.loop;
    if (budget_.exhausted())
      return finish(LoopStatus::Rejected, "token budget spent before the generic request", start);
    std::vector<const OverloadBrief*> briefs;
    for (const auto& m : members_) briefs.push_back(m.brief);
    ChatRequest request{settings_.model, generic_messages(templates_, briefs), settings_.sampling,
                        settings_.samples};
    const ModelAnswer asked =
        ask_model(llm_, request, "generic template for " + std::to_string(members_.size()) + " overloads",
                  budget_, loop, progress_);
    request_hash_ = asked.request_hash;
    if (asked.error) {
      loop.llm_error = asked.error;
      return finish(LoopStatus::EndpointFailure, asked.error->message, start);
    }
    Best best;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < asked.response->choices.size() && best.passes < int(members_.size()); ++i)
      screen(int(i), asked.response->choices[i], seen, best);
    if (best.passes == 0)
      return finish(LoopStatus::Rejected, "no generic candidate passed screening at any signature", start);
    int accepted = 0;
    for (std::size_t m = 0; m < members_.size(); ++m) {
      if (!best.screened[m]) continue;
      verify::VerifyReport report =
          verify_at(m, best.sample, best.idea, best.source, VerifyPhase::Acceptance);
      if (report.verdict != verify::Verdict::Pass) continue;
      if (!loop.acceptance) loop.acceptance = report;
      out_.accepted[m] = std::move(report);
      ++accepted;
    }
    if (accepted == 0)
      return finish(LoopStatus::Rejected, "the generic candidate passed acceptance at no signature", start);
    loop.source = best.source;
    loop.request_hash = asked.request_hash;
    loop.attempt = 1;
    loop.sample = best.sample;
    loop.sampling = request.sampling;
    return finish(LoopStatus::Accepted,
                  "one template serves " + std::to_string(accepted) + " of " +
                      std::to_string(members_.size()) + " overloads",
                  start);
  }

 private:
  void say(const std::string& line) const {
    if (progress_) progress_(line);
  }

  GroupResult finish(LoopStatus status, std::string reason, Clock::time_point start) {
    out_.loop.status = status;
    out_.loop.reason = std::move(reason);
    out_.loop.seconds = seconds_since(start);
    say("generic: " + std::string(loop_status_name(status)) + ": " + out_.loop.reason);
    return std::move(out_);
  }

  void record(CandidateRecord r) {
    say("generic candidate " + std::to_string(r.sample + 1) +
        (r.signature.empty() ? "" : " at " + r.signature) + ": " + r.verdict +
        (r.stage.empty() ? "" : " at " + r.stage) + (r.reason.empty() ? "" : ": " + r.reason));
    out_.loop.candidates.push_back(std::move(r));
  }

  verify::VerifyReport verify_at(std::size_t m, int sample, const std::string& idea,
                                 const std::string& source, VerifyPhase phase) {
    const auto start = Clock::now();
    verify::VerifyReport report = members_[m].verify(source, phase);
    CandidateRecord r{1,
                      sample,
                      request_hash_,
                      sha256_hex(source),
                      phase == VerifyPhase::Screening ? "screening" : "acceptance",
                      std::string(verify::verdict_name(report.verdict)),
                      std::string(verify::stage_name(report.stage)),
                      report.reason,
                      seconds_since(start),
                      members_[m].brief->signature};
    out_.loop.verify_seconds += r.seconds;
    if (report.verdict == verify::Verdict::Fail && report.counterexample)
      out_.loop.counterexamples.push_back(*report.counterexample);
    if (report.verdict == verify::Verdict::Fail)
      out_.refuted[m].push_back({0, sample, idea, refutation_line(report)});
    record(std::move(r));
    return report;
  }

  void screen(int sample, const std::string& answer, std::set<std::string>& seen, Best& best) {
    auto source = extract_candidate(answer, members_.front().brief->qualname);
    if (!source) {
      record(CandidateRecord{1, sample, request_hash_, "", "extract", "NO-CODE", "", source.error().message,
                             0, ""});
      return;
    }
    if (!seen.insert(sha256_hex(*source)).second) {
      record(CandidateRecord{1, sample, request_hash_, sha256_hex(*source), "extract", "DUPLICATE", "",
                             "same code as an earlier candidate", 0, ""});
      return;
    }
    const std::string idea = idea_of(answer, *source);
    std::vector<bool> screened(members_.size(), false);
    int passes = 0;
    for (std::size_t m = 0; m < members_.size(); ++m) {
      screened[m] =
          verify_at(m, sample, idea, *source, VerifyPhase::Screening).verdict == verify::Verdict::Pass;
      passes += screened[m];
    }
    if (passes > best.passes) best = Best{passes, sample, idea, *source, std::move(screened)};
  }

  const std::vector<GroupMember>& members_;
  const PromptTemplates& templates_;
  const CachedLlm& llm_;
  const LoopSettings& settings_;
  TokenBudget& budget_;
  const LoopProgress& progress_;
  GroupResult out_;
  std::string request_hash_;  // of the group's one request, on every candidate record
};

}  // namespace

std::string group_key(const Signature& sig, const std::vector<std::string>& param_names) {
  int first_rank = -1;
  for (const Type& t : sig.params) {
    if (t.kind == TypeKind::NDArray) {
      first_rank = t.ndim;
      break;
    }
  }
  std::string key;
  for (std::size_t i = 0; i < sig.params.size(); ++i) {
    const std::string name = i < param_names.size() ? param_names[i] : "";
    key += (i ? ", " : "") + type_key(sig.params[i], name, first_rank);
  }
  return key + " -> " + type_key(sig.result, "", first_rank);
}

GroupResult synthesize_group(const std::vector<GroupMember>& members, const PromptTemplates& templates,
                             const CachedLlm& llm, const LoopSettings& settings, TokenBudget& budget,
                             const LoopProgress& progress) {
  return Group(members, templates, llm, settings, budget, progress).run();
}

}  // namespace opsynth::synth

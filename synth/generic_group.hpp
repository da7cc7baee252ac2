// One request for several overloads of one op (issue 18): overloads that differ only in element types
// or in equivalent constant arguments (axis=1 and axis=-1 of a 2-D array) are grouped, the model is
// asked once for a template constrained to the group, and each candidate is verified at every
// signature of the group exactly as a single overload would be. The caller commits the chosen
// candidate as a generic version instantiated where it passed acceptance; the other overloads go to
// their own requests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "synth/synthesis_loop.hpp"

namespace opsynth::synth {

// The key overloads of one op share when one template can serve them: per parameter, an array's
// rank (not its dtype), a numpy scalar (any dtype), an `axis` literal normalized against the first
// array's rank (-1 and 1 of a 2-D array are one), any other type exactly; the result likewise.
std::string group_key(const Signature& sig, const std::vector<std::string>& param_names);

struct GroupMember {
  const OverloadBrief* brief = nullptr;
  VerifyCandidate verify;
};

struct GroupResult {
  // Requests, usage, seconds, every candidate (one record per candidate and signature), and the chosen
  // candidate's source and request; status Accepted when it passed acceptance at one signature or more.
  LoopResult loop;
  // Per member, in order: the acceptance report where the chosen candidate passed, else nothing.
  std::vector<std::optional<verify::VerifyReport>> accepted;
  // Per member: the generic candidates that failed there, as notes for its own loop's repair prompts.
  std::vector<std::vector<AttemptNote>> refuted;
};

GroupResult synthesize_group(const std::vector<GroupMember>& members, const PromptTemplates& templates,
                             const CachedLlm& llm, const LoopSettings& settings, TokenBudget& budget,
                             const LoopProgress& progress = {});

}  // namespace opsynth::synth

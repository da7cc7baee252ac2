// One request to the model and what it cost, shared by the single-overload loop and the generic group:
// the request and answer logged as events (with their tokens), requests sent, answers from the
// cache, tokens, seconds waiting; the token budget is charged for what the cache did not answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "synth/llm_cache.hpp"
#include "synth/synthesis_loop.hpp"

namespace opsynth::synth {

// Tokens approximated as characters / 4 over every message, as scripts/fixture-model counts them:
// the figure a log line and the prompt bench (bench/synth) report before the endpoint says.
std::size_t approx_tokens(const std::vector<ChatMessage>& messages);

struct ModelAnswer {
  std::string request_hash;
  std::optional<ChatResponse> response;
  std::optional<LlmError> error;
};

// `what` names the request in the log ("attempt 2/4: repair", "generic template for 4 overloads").
ModelAnswer ask_model(const CachedLlm& llm, const ChatRequest& request, const std::string& what,
                      TokenBudget& budget, LoopResult& account, const LoopProgress& progress);

}  // namespace opsynth::synth

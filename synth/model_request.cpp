// One accounted request to the model (see model_request.hpp).
#include "synth/model_request.hpp"

#include <chrono>
#include <cstdio>

namespace opsynth::synth {

std::size_t approx_tokens(const std::vector<ChatMessage>& messages) {
  std::size_t chars = 0;
  for (const ChatMessage& m : messages) chars += m.content.size();
  return chars / 4;
}

ModelAnswer ask_model(const CachedLlm& llm, const ChatRequest& request, const std::string& what,
                      TokenBudget& budget, LoopResult& account, const LoopProgress& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  ModelAnswer out;
  out.request_hash = llm.request_hash(request);
  say("request " + what + ": " + std::to_string(request.n) + " candidate" + (request.n == 1 ? "" : "s") +
      ", ~" + std::to_string(approx_tokens(request.messages)) + " prompt tokens");
  const auto start = std::chrono::steady_clock::now();
  auto answer = llm.complete(request);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  account.model_seconds += seconds;
  if (auto* error = std::get_if<LlmError>(&answer)) {
    out.error = *error;
    say("request failed: " + error->message);
    return out;
  }
  ChatResponse& response = std::get<ChatResponse>(answer);
  account.requests += response.http_requests;
  if (response.from_cache) ++account.cached_answers;
  account.usage.prompt_tokens += response.usage.prompt_tokens;
  account.usage.completion_tokens += response.usage.completion_tokens;
  budget.spend(response.from_cache ? 0 : response.usage.total());
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  say("answer: " + std::to_string(response.choices.size()) + " choice" +
      (response.choices.size() == 1 ? "" : "s") + ", " + std::to_string(response.usage.prompt_tokens) +
      " prompt + " + std::to_string(response.usage.completion_tokens) + " completion tokens, " + took +
      (response.from_cache ? " (from the cache)" : ""));
  out.response = std::move(response);
  return out;
}

}  // namespace opsynth::synth

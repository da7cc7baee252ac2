// One small OpenAI-compatible chat-completions client (DESIGN §5) on libcurl: timeouts, retries with
// exponential backoff and jitter on 408/409/429/5xx and connection errors (honouring Retry-After), no
// retry on 400/401/403 or quota errors, and `n` samples with a fallback to one request per missing
// sample when a server (llama-server, Ollama, ...) returns fewer choices than asked.
// The API key goes only into the Authorization header: never into errors, logs or anything returned.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opsynth::synth {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct Sampling {
  double temperature = 0.7;
  double top_p = 1.0;
  int max_tokens = 4096;
  std::uint64_t seed = 0;  // sent as `seed`; sample i of a request uses seed + i when sampled one by one
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  Sampling sampling;
  int n = 1;  // samples wanted
};

struct Usage {
  std::uint64_t prompt_tokens = 0;
  std::uint64_t completion_tokens = 0;
  std::uint64_t total() const { return prompt_tokens + completion_tokens; }
};

struct ChatResponse {
  std::vector<std::string> choices;  // message contents, at most n
  Usage usage;
  int http_requests = 0;  // requests sent, retries included (0 for a cache hit)
  bool from_cache = false;
};

// Why a completion failed. Every message names the endpoint URL and, when there was one, the HTTP
// status and the server's own error message.
enum class LlmFailure {
  BadRequest,     // 400/404/422: the request is wrong, retrying cannot help
  Unauthorized,   // 401/403
  Quota,          // 429 with code/type insufficient_quota: retrying cannot help
  Exhausted,      // retryable failures (408/409/429/5xx, timeouts, connection errors) after every retry
  Malformed,      // a 2xx body that is not a chat completion (bad JSON, no choices, truncated)
  CacheMiss,      // --llm replay and the request is not in the cache
  Cache,          // the cache folder could not be read or written
};

struct LlmError {
  LlmFailure kind;
  std::string message;  // "http://127.0.0.1:8080/v1/chat/completions: HTTP 401: Incorrect API key provided"
  int status = 0;       // last HTTP status, 0 when there was none
};

struct EndpointConfig {
  std::string base_url = "https://api.openai.com/v1";  // ".../v1"; the client appends /chat/completions
  std::string api_key;                                  // empty: no Authorization header
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{300'000};  // per HTTP request
  int max_retries = 4;                                // retries after the first try
  std::chrono::milliseconds backoff_base{1'000};     // delay before retry k: base * 2^k, with jitter
  std::chrono::milliseconds backoff_cap{60'000};     // no single wait (backoff or Retry-After) exceeds this
};

// The JSON body sent for `request` (model, messages, temperature, top_p, max_tokens, seed, n).
nlohmann::json request_body(const ChatRequest& request);

class LlmClient {
 public:
  explicit LlmClient(EndpointConfig config);
  // Sends the request (retrying as above); when the server answered with fewer than n choices, asks
  // for each missing sample with n = 1 and seed + i. Returns a response or an error, never throws.
  std::variant<ChatResponse, LlmError> complete(const ChatRequest& request) const;
  const EndpointConfig& config() const { return config_; }
  std::string endpoint_url() const;  // base_url + "/chat/completions"

  // Tests replace the sleeps between retries to observe them (default: std::this_thread::sleep_for).
  std::function<void(std::chrono::milliseconds)> sleep;

 private:
  EndpointConfig config_;
};

}  // namespace opsynth::synth

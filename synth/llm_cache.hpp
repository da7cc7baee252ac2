// Content-addressed request/response cache (DESIGN §5): the key is the sha256 of the canonical request
// (endpoint URL, model, messages, sampling, n), never of anything secret. `record` answers hits from
// the cache and stores misses, `replay` answers only from the cache, `live` always calls (and stores).
// Entries are written atomically, so concurrent fills and killed runs never leave a torn entry.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "synth/llm_client.hpp"

namespace opsynth::synth {

enum class LlmMode { Live, Record, Replay };
std::optional<LlmMode> parse_llm_mode(std::string_view text);  // "live" | "record" | "replay"
std::string_view llm_mode_name(LlmMode mode);

// $OPSYNTH_CACHE_DIR/llm, else $XDG_CACHE_HOME/opsynth/llm, else ~/.cache/opsynth/llm (beside the
// compile cache's .../compile, verify/compile.hpp).
std::filesystem::path default_llm_cache_dir();

// The canonical request as hashed and stored: keys sorted, no API key, no headers.
nlohmann::json canonical_request(const std::string& endpoint_url, const ChatRequest& request);
std::string request_hash(const std::string& endpoint_url, const ChatRequest& request);  // 64 hex digits

class LlmCache {
 public:
  explicit LlmCache(std::filesystem::path dir);
  const std::filesystem::path& dir() const { return dir_; }
  // A stored response (from_cache = true, http_requests = 0), nullopt on a miss; an unreadable or
  // corrupt entry is a miss, never a crash.
  std::optional<ChatResponse> get(const std::string& hash) const;
  // Stores the canonical request beside the response, so an entry explains itself.
  std::optional<LlmError> put(const std::string& hash, const nlohmann::json& canonical, const ChatResponse& response) const;

 private:
  std::filesystem::path dir_;
};

// The client behind the cache, as `--llm MODE` asks.
class CachedLlm {
 public:
  CachedLlm(LlmClient client, LlmCache cache, LlmMode mode);
  std::variant<ChatResponse, LlmError> complete(const ChatRequest& request) const;
  std::string request_hash(const ChatRequest& request) const;
  const LlmClient& client() const { return client_; }
  LlmMode mode() const { return mode_; }

 private:
  LlmClient client_;
  LlmCache cache_;
  LlmMode mode_;
};

}  // namespace opsynth::synth

// The content-addressed LLM request cache (DESIGN §5): one JSON entry per request hash under
// <dir>/<first two hex digits>/<hash>.json, written atomically, and the record/replay/live modes.
#include "synth/llm_cache.hpp"

#include <cstdlib>

#include "core/sha256.hpp"
#include "oplib/library/atomic_file.hpp"

namespace opsynth::synth {
namespace fs = std::filesystem;

namespace {

bool is_hash(const std::string& text) {
  if (text.size() != 64) return false;
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

fs::path entry_path(const fs::path& dir, const std::string& hash) {
  return dir / hash.substr(0, 2) / (hash + ".json");
}

}  // namespace

std::optional<LlmMode> parse_llm_mode(std::string_view text) {
  if (text == "live") return LlmMode::Live;
  if (text == "record") return LlmMode::Record;
  if (text == "replay") return LlmMode::Replay;
  return std::nullopt;
}

std::string_view llm_mode_name(LlmMode mode) {
  switch (mode) {
    case LlmMode::Live:
      return "live";
    case LlmMode::Record:
      return "record";
    case LlmMode::Replay:
      return "replay";
  }
  return "record";
}

fs::path default_llm_cache_dir() {
  if (const char* dir = std::getenv("OPSYNTH_CACHE_DIR"); dir && *dir) return fs::path(dir) / "llm";
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return fs::path(dir) / "opsynth" / "llm";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/tmp") / ".cache" / "opsynth" / "llm";
}

nlohmann::json canonical_request(const std::string& endpoint_url, const ChatRequest& request) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : request.messages)
    messages.push_back({{"role", message.role}, {"content", message.content}});
  return {{"endpoint", endpoint_url},
          {"model", request.model},
          {"messages", std::move(messages)},
          {"sampling",
           {{"temperature", request.sampling.temperature},
            {"top_p", request.sampling.top_p},
            {"max_tokens", request.sampling.max_tokens},
            {"seed", request.sampling.seed}}},
          {"n", request.n}};
}

std::string request_hash(const std::string& endpoint_url, const ChatRequest& request) {
  return sha256_hex(canonical_request(endpoint_url, request).dump());  // dump() sorts object keys
}

LlmCache::LlmCache(fs::path dir) : dir_(std::move(dir)) {}

std::optional<ChatResponse> LlmCache::get(const std::string& hash) const {
  if (!is_hash(hash)) return std::nullopt;
  const auto text = oplib::read_file(entry_path(dir_, hash));
  if (!text) return std::nullopt;
  const auto entry = nlohmann::json::parse(*text, nullptr, false);
  if (!entry.is_object() || !entry.contains("request") || !entry.contains("response")) return std::nullopt;
  // An entry must answer the request it is filed under: a hand-edited or misplaced file is a miss.
  if (sha256_hex(entry["request"].dump()) != hash) return std::nullopt;
  const auto& stored = entry["response"];
  if (!stored.is_object() || !stored.contains("choices") || !stored["choices"].is_array())
    return std::nullopt;
  ChatResponse response;
  for (const auto& choice : stored["choices"]) {
    if (!choice.is_string()) return std::nullopt;
    response.choices.push_back(choice.get<std::string>());
  }
  if (const auto usage = stored.find("usage"); usage != stored.end() && usage->is_object()) {
    const auto prompt = usage->find("prompt_tokens");
    const auto completion = usage->find("completion_tokens");
    if (prompt != usage->end() && prompt->is_number_unsigned())
      response.usage.prompt_tokens = prompt->get<std::uint64_t>();
    if (completion != usage->end() && completion->is_number_unsigned())
      response.usage.completion_tokens = completion->get<std::uint64_t>();
  }
  response.http_requests = 0;
  response.from_cache = true;
  return response;
}

std::optional<LlmError> LlmCache::put(const std::string& hash, const nlohmann::json& canonical,
                                      const ChatResponse& response) const {
  if (!is_hash(hash)) return LlmError{LlmFailure::Cache, "cache: '" + hash + "' is not a request hash", 0};
  // Only the canonical request (no key, no headers) and the answer are stored.
  const nlohmann::json entry = {{"request", canonical},
                                {"response",
                                 {{"choices", response.choices},
                                  {"usage",
                                   {{"prompt_tokens", response.usage.prompt_tokens},
                                    {"completion_tokens", response.usage.completion_tokens}}}}}};
  const fs::path path = entry_path(dir_, hash);
  const auto written = oplib::write_file_atomically(path, entry.dump(2) + "\n");
  if (!written)
    return LlmError{LlmFailure::Cache, "cache " + dir_.string() + ": " + written.error().message, 0};
  return std::nullopt;
}

CachedLlm::CachedLlm(LlmClient client, LlmCache cache, LlmMode mode)
    : client_(std::move(client)), cache_(std::move(cache)), mode_(mode) {}

std::string CachedLlm::request_hash(const ChatRequest& request) const {
  return synth::request_hash(client_.endpoint_url(), request);
}

std::variant<ChatResponse, LlmError> CachedLlm::complete(const ChatRequest& request) const {
  const nlohmann::json canonical = canonical_request(client_.endpoint_url(), request);
  const std::string hash = sha256_hex(canonical.dump());
  if (mode_ != LlmMode::Live) {
    if (auto hit = cache_.get(hash)) return std::move(*hit);
    if (mode_ == LlmMode::Replay)
      return LlmError{LlmFailure::CacheMiss,
                      "--llm replay: no cached answer for request " + hash + " in " + cache_.dir().string() +
                          " (run with --llm record to fill the cache)",
                      0};
  }
  auto answer = client_.complete(request);
  if (const auto* response = std::get_if<ChatResponse>(&answer)) {
    // A paid answer that cannot be stored is still reported as a failure: a cache folder that cannot be
    // written would otherwise make every later replay miss silently.
    if (auto error = cache_.put(hash, canonical, *response)) return std::move(*error);
  }
  return answer;
}

}  // namespace opsynth::synth

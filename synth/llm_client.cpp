// The OpenAI-compatible chat-completions client (DESIGN §5): one libcurl easy handle per HTTP request,
// retries with backoff, the `n` fallback, and error messages that name the endpoint but never the key.
#include "synth/llm_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

namespace opsynth::synth {
namespace {

using std::chrono::milliseconds;

// A hostile or broken server must not make us buffer without bound.
constexpr std::size_t kMaxBodyBytes = 64u << 20;
constexpr std::size_t kSnippetChars = 200;

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one HTTP exchange produced, before any judgment.
struct Exchange {
  CURLcode code = CURLE_OK;
  long status = 0;  // 0 when no status line arrived
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // of the last response; names lowercased
  std::string curl_detail;                                   // curl's error buffer
  bool body_too_large = false;
};

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t bytes = size * count;
  if (exchange->body.size() + bytes > kMaxBodyBytes) {
    exchange->body_too_large = true;
    return 0;  // curl aborts the transfer with CURLE_WRITE_ERROR
  }
  exchange->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    exchange->headers.clear();  // a new response (after a 100 Continue, say): keep only the last one's
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    exchange->headers.emplace_back(lowercase(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
  }
  return bytes;
}

std::optional<std::string> header(const Exchange& exchange, std::string_view name) {
  for (const auto& [key, value] : exchange.headers)
    if (key == name) return value;
  return std::nullopt;
}

Exchange post_json(const std::string& url, const std::string& payload, const EndpointConfig& config) {
  init_curl_once();
  Exchange exchange;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    exchange.code = CURLE_FAILED_INIT;
    return exchange;
  }
  curl_slist* raw_headers = nullptr;
  raw_headers = curl_slist_append(raw_headers, "Content-Type: application/json");
  raw_headers = curl_slist_append(raw_headers, "Accept: application/json");
  raw_headers = curl_slist_append(raw_headers, "Expect:");  // no 100-continue round trip for large prompts
  // The key's only destination: this header, which curl never puts in its error buffer.
  if (!config.api_key.empty())
    raw_headers = curl_slist_append(raw_headers, ("Authorization: Bearer " + config.api_key).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers, &curl_slist_free_all);

  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "opsynth");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // several threads, no SIGALRM-based resolver timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would resend the key elsewhere
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // Proxies: curl's defaults (http_proxy, no_proxy, ...) apply unchanged.

  exchange.code = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &exchange.status);
  exchange.curl_detail = error_buffer;
  return exchange;
}

// The first kSnippetChars of a body on one line, for messages about bodies that are not error JSON.
std::string snippet(std::string_view body) {
  std::string out;
  bool space = false;
  for (const char c : body) {
    if (out.size() >= kSnippetChars) return out + "...";
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out.empty() ? "(empty body)" : out;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The server's own words: OpenAI's {"error": {"message", "type", "code"}}, Ollama's {"error": "..."},
// vLLM's {"object": "error", "message", "type"}; else a snippet of the body.
struct ServerError {
  std::string message;
  std::string type;
  std::string code;
};

ServerError server_error(const std::string& body) {
  ServerError out;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    const auto error = json.find("error");
    if (error != json.end() && error->is_object()) {
      out = {string_field(*error, "message"), string_field(*error, "type"), string_field(*error, "code")};
    } else if (error != json.end() && error->is_string()) {
      out.message = error->get<std::string>();
    } else {
      out = {string_field(json, "message"), string_field(json, "type"), string_field(json, "code")};
    }
  }
  if (out.message.empty()) out.message = snippet(body);
  return out;
}

struct Completion {
  std::vector<std::string> choices;
  Usage usage;
};

std::uint64_t token_count(const nlohmann::json& usage, const char* key) {
  const auto it = usage.find(key);
  if (it == usage.end()) return 0;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer())
    return static_cast<std::uint64_t>(std::max<std::int64_t>(0, it->get<std::int64_t>()));
  return 0;
}

// A 2xx body as a chat completion, or why it is not one.
std::variant<Completion, std::string> parse_completion(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return "body is not JSON: " + snippet(body);
  if (!json.is_object()) return "body is not a JSON object: " + snippet(body);
  const auto choices = json.find("choices");
  if (choices == json.end() || !choices->is_array() || choices->empty()) {
    if (json.contains("error")) return "no choices; the server says: " + server_error(body).message;
    return (choices != json.end() && choices->is_array() ? "empty `choices` in the body: "
                                                         : "no `choices` in the body: ") +
           snippet(body);
  }
  Completion out;
  for (std::size_t i = 0; i < choices->size(); ++i) {
    const auto& choice = (*choices)[i];
    const auto message = choice.is_object() ? choice.find("message") : choice.end();
    if (!choice.is_object() || message == choice.end() || !message->is_object())
      return "choices[" + std::to_string(i) + "] has no `message` object";
    const auto content = message->find("content");
    if (content == message->end() || content->is_null()) {
      out.choices.emplace_back();  // a refusal or a tool call: no text
    } else if (content->is_string()) {
      out.choices.push_back(content->get<std::string>());
    } else if (content->is_array()) {  // content parts: [{"type": "text", "text": ...}, ...]
      std::string text;
      for (const auto& part : *content)
        if (part.is_object()) text += string_field(part, "text");
      out.choices.push_back(std::move(text));
    } else {
      return "choices[" + std::to_string(i) + "].message.content is neither a string nor null";
    }
  }
  if (const auto usage = json.find("usage"); usage != json.end() && usage->is_object()) {
    out.usage.prompt_tokens = token_count(*usage, "prompt_tokens");
    out.usage.completion_tokens = token_count(*usage, "completion_tokens");
  }
  return out;
}

// Retry-After as a wait: `retry-after-ms` (OpenAI) first, then `retry-after` in seconds or as an HTTP date.
std::optional<milliseconds> retry_after(const Exchange& exchange) {
  if (const auto ms = header(exchange, "retry-after-ms")) {
    char* end = nullptr;
    const double value = std::strtod(ms->c_str(), &end);
    if (end != ms->c_str() && *end == '\0' && std::isfinite(value) && value >= 0)
      return milliseconds(static_cast<std::int64_t>(std::min(value, 1e12)));
  }
  const auto text = header(exchange, "retry-after");
  if (!text || text->empty()) return std::nullopt;
  char* end = nullptr;
  const double seconds = std::strtod(text->c_str(), &end);
  if (end != text->c_str() && *end == '\0') {
    if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
    return milliseconds(static_cast<std::int64_t>(std::min(seconds, 1e9) * 1000));
  }
  const std::time_t when = curl_getdate(text->c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return milliseconds(std::max<std::int64_t>(0, static_cast<std::int64_t>(when - std::time(nullptr))) * 1000);
}

// Delay before retry k (0-based): base * 2^k capped, with "equal jitter": uniform in [d/2, d], so
// clients that failed together do not retry together yet the wait still grows.
milliseconds backoff(const EndpointConfig& config, int retry) {
  const double cap = static_cast<double>(config.backoff_cap.count());
  const double full =
      std::min(cap, static_cast<double>(config.backoff_base.count()) * std::ldexp(1.0, std::min(retry, 62)));
  if (full <= 0) return milliseconds(0);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(full / 2, full);
  return milliseconds(static_cast<std::int64_t>(jitter(rng)));
}

bool retryable_status(long status) {
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

// Transport failures worth another try: the network or the server may be better next time. The
// others (bad URL, unsupported scheme, certificate rejected) fail the same way every time.
bool retryable_transport(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_FAILED_INIT:
    case CURLE_WRITE_ERROR:  // our own body limit
      return false;
    default:
      return true;
  }
}

// One exchange judged: a completion, or an error that may deserve a retry.
struct Verdict {
  std::optional<Completion> completion;
  LlmError error{LlmFailure::Exhausted, "", 0};
  bool retry = false;
  std::optional<milliseconds> wait;  // the server's Retry-After, when it sent one
};

Verdict judge(const Exchange& exchange, const std::string& url) {
  Verdict verdict;
  const int status = static_cast<int>(exchange.status);
  verdict.error.status = status;
  const std::string http = status > 0 ? ": HTTP " + std::to_string(status) : "";
  if (exchange.code != CURLE_OK) {
    const std::string detail = exchange.curl_detail.empty() ? "" : ": " + exchange.curl_detail;
    if (exchange.body_too_large) {
      verdict.error = {LlmFailure::Malformed,
                       url + http + ": body larger than " + std::to_string(kMaxBodyBytes >> 20) + " MiB",
                       status};
    } else if (exchange.code == CURLE_PARTIAL_FILE && status >= 200 && status < 300) {
      // A truncated body: the connection dropped mid-answer, which says nothing about the next try, so
      // it is retried like any transport failure; if the last try is still truncated it reports
      // Malformed (the server did answer 2xx, with a body that is not a whole chat completion).
      verdict.error = {LlmFailure::Malformed, url + http + ": truncated body" + detail, status};
      verdict.retry = true;
    } else {
      const bool retry = retryable_transport(exchange.code);
      verdict.error = {retry ? LlmFailure::Exhausted : LlmFailure::BadRequest,
                       url + http + ": " + curl_easy_strerror(exchange.code) + detail, status};
      verdict.retry = retry;
    }
    return verdict;
  }
  if (status >= 200 && status < 300) {
    auto parsed = parse_completion(exchange.body);
    if (auto* completion = std::get_if<Completion>(&parsed)) {
      verdict.completion = std::move(*completion);
    } else {
      verdict.error = {LlmFailure::Malformed,
                       url + http + ": not a chat completion: " + std::get<std::string>(parsed), status};
    }
    return verdict;
  }
  const ServerError said = server_error(exchange.body);
  verdict.error.message = url + http + ": " + said.message;
  if (status == 429 && (said.code == "insufficient_quota" || said.type == "insufficient_quota")) {
    verdict.error.kind = LlmFailure::Quota;
  } else if (retryable_status(status)) {
    verdict.error.kind = LlmFailure::Exhausted;
    verdict.retry = true;
    verdict.wait = retry_after(exchange);
  } else if (status == 401 || status == 403) {
    verdict.error.kind = LlmFailure::Unauthorized;
  } else {
    verdict.error.kind = LlmFailure::BadRequest;  // 400/404/422 and any other status we cannot act on
  }
  return verdict;
}

// Replaces every occurrence of the key (a server may echo it back in an error) before a message leaves.
void redact(std::string& message, const std::string& key) {
  if (key.empty()) return;
  for (auto at = message.find(key); at != std::string::npos; at = message.find(key, at))
    message.replace(at, key.size(), "<api key>");
}

// OpenAI's reasoning models refuse some classic parameters with a 400 that names them ("Unsupported
// parameter: 'max_tokens' ... Use 'max_completion_tokens' instead", "Unsupported value: 'temperature'
// does not support 0.7"). The request goes again with the parameter renamed or left out: the same
// question, so the cache key (the canonical request) stays as it was.
bool adapt_to_refusal(nlohmann::json& body, const std::string& message) {
  const std::string said = lowercase(message);
  const bool unsupported = said.find("unsupported") != std::string::npos || said.find("not support") != std::string::npos;
  if (!unsupported) return false;
  if (body.contains("max_tokens") && said.find("'max_tokens'") != std::string::npos &&
      said.find("max_completion_tokens") != std::string::npos) {
    body["max_completion_tokens"] = body["max_tokens"];
    body.erase("max_tokens");
    return true;
  }
  for (const char* parameter : {"temperature", "top_p", "seed"}) {
    if (body.contains(parameter) && said.find("'" + std::string(parameter) + "'") != std::string::npos) {
      body.erase(parameter);
      return true;
    }
  }
  return false;
}

}  // namespace

nlohmann::json request_body(const ChatRequest& request) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : request.messages)
    messages.push_back({{"role", message.role}, {"content", message.content}});
  return {{"model", request.model},
          {"messages", std::move(messages)},
          {"temperature", request.sampling.temperature},
          {"top_p", request.sampling.top_p},
          {"max_tokens", request.sampling.max_tokens},
          {"seed", request.sampling.seed},
          {"n", request.n}};
}

LlmClient::LlmClient(EndpointConfig config)
    : sleep([](milliseconds wait) { std::this_thread::sleep_for(wait); }), config_(std::move(config)) {}

std::string LlmClient::endpoint_url() const {
  std::string base = config_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/chat/completions";
}

std::variant<ChatResponse, LlmError> LlmClient::complete(const ChatRequest& request) const {
  const std::string url = endpoint_url();
  if (request.n < 1)
    return LlmError{LlmFailure::BadRequest, url + ": n must be at least 1, got " + std::to_string(request.n),
                    0};
  ChatResponse response;

  // One logical request: the first try and up to max_retries retries.
  auto send = [&](const ChatRequest& one) -> std::variant<Completion, LlmError> {
    nlohmann::json body = request_body(one);
    int adaptations = 0;
    for (int attempt = 0;; ++attempt) {
      Verdict verdict = judge(post_json(url, body.dump(), config_), url);
      ++response.http_requests;
      if (verdict.completion) return std::move(*verdict.completion);
      if (verdict.error.status == 400 && adaptations < 4 && adapt_to_refusal(body, verdict.error.message)) {
        ++adaptations;
        --attempt;  // not a failure of the endpoint: no retry spent, no wait
        continue;
      }
      if (!verdict.retry || attempt >= config_.max_retries) {
        if (verdict.retry)
          verdict.error.message +=
              " (gave up after " + std::to_string(attempt + 1) + (attempt == 0 ? " try)" : " tries)");
        redact(verdict.error.message, config_.api_key);
        return verdict.error;
      }
      const milliseconds wait =
          std::min(verdict.wait.value_or(backoff(config_, attempt)), config_.backoff_cap);
      if (sleep) {
        sleep(wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
  };
  auto take = [&](Completion&& completion, std::size_t limit) {
    for (auto& choice : completion.choices)
      if (response.choices.size() < limit) response.choices.push_back(std::move(choice));
    response.usage.prompt_tokens += completion.usage.prompt_tokens;
    response.usage.completion_tokens += completion.usage.completion_tokens;
  };

  auto first = send(request);
  if (auto* error = std::get_if<LlmError>(&first)) return std::move(*error);
  const auto wanted = static_cast<std::size_t>(request.n);
  take(std::get<Completion>(std::move(first)), wanted);
  // A server that ignores `n` (llama-server, Ollama) answered with fewer choices: one request per
  // missing sample, each with its own seed so the samples differ.
  for (std::size_t i = response.choices.size(); i < wanted; ++i) {
    ChatRequest one = request;
    one.n = 1;
    one.sampling.seed = request.sampling.seed + i;
    auto sample = send(one);
    if (auto* error = std::get_if<LlmError>(&sample)) return std::move(*error);
    take(std::get<Completion>(std::move(sample)), i + 1);
  }
  return response;
}

}  // namespace opsynth::synth

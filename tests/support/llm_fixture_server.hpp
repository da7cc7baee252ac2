// A loopback OpenAI-compatible chat-completions server for tests (DESIGN §5): each test scripts its
// replies (correct, wrong, slow, 429, 500, malformed JSON, truncated body) and inspects what it received.
// It listens on 127.0.0.1 only, on a free port, from a background thread owned by the object.
#pragma once

// Debian's libcpp-httplib is built with these; the header must see the same ones, or httplib::Request
// has another layout in this file than in the library.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace opsynth::testing {

// One request as the server saw it.
struct FixtureRequest {
  std::size_t index = 0;      // 0-based, in arrival order
  std::string path;           // "/v1/chat/completions"
  std::string body;           // raw
  nlohmann::json json;        // the parsed body; a discarded value when the body is not JSON
  std::string authorization;  // the Authorization header, "" when absent
  bool has_authorization = false;
};

// What the server answers.
struct FixtureReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"retry-after", "1"}
  std::chrono::milliseconds delay{0};  // wait before answering (cut short when the server stops)
  bool truncate =
      false;  // headers announce the whole body, only its first half is sent, then the connection closes

  // Any status and body, verbatim (malformed JSON, an HTML error page, ...).
  static FixtureReply raw(int status, std::string body) {
    FixtureReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }

  // A chat.completion with one choice per content, in order, and the given usage.
  static FixtureReply completion(const std::vector<std::string>& contents, std::uint64_t prompt_tokens = 10,
                                 std::uint64_t completion_tokens = 20) {
    nlohmann::json choices = nlohmann::json::array();
    for (std::size_t i = 0; i < contents.size(); ++i)
      choices.push_back({{"index", i},
                         {"message", {{"role", "assistant"}, {"content", contents[i]}}},
                         {"logprobs", nullptr},
                         {"finish_reason", "stop"}});
    const nlohmann::json body = {{"id", "chatcmpl-fixture"},
                                 {"object", "chat.completion"},
                                 {"created", 0},
                                 {"model", "fixture-model"},
                                 {"choices", std::move(choices)},
                                 {"usage",
                                  {{"prompt_tokens", prompt_tokens},
                                   {"completion_tokens", completion_tokens},
                                   {"total_tokens", prompt_tokens + completion_tokens}}}};
    return raw(200, body.dump());
  }

  // OpenAI's error shape {"error": {"message", "type", "param", "code"}}; an empty code is sent as null.
  static FixtureReply error(int status, const std::string& message,
                            const std::string& type = "invalid_request_error", const std::string& code = "") {
    const nlohmann::json body = {{"error",
                                  {{"message", message},
                                   {"type", type},
                                   {"param", nullptr},
                                   {"code", code.empty() ? nlohmann::json(nullptr) : nlohmann::json(code)}}}};
    return raw(status, body.dump());
  }

  FixtureReply& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using FixtureHandler = std::function<FixtureReply(const FixtureRequest&)>;

// A 127.0.0.1 port on which nothing listens (bound, read and released; for connection-refused tests).
inline int unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("unused_loopback_port: socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    ::close(fd);
    throw std::runtime_error("unused_loopback_port: bind failed");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

class LlmFixtureServer {
 public:
  // Without a handler, every request gets a completion with `n` choices "ok" (n from the body, else 1).
  explicit LlmFixtureServer(FixtureHandler handler = {}) : handler_(std::move(handler)) {
    keep_loopback_off_proxies();
    server_.set_payload_max_length(16u << 20);
    server_.set_read_timeout(std::chrono::seconds(5));
    server_.set_write_timeout(std::chrono::seconds(5));
    server_.set_keep_alive_max_count(1);  // one request per connection: nothing lingers after a test
    server_.Post("/v1/chat/completions", [this](const httplib::Request& request,
                                                httplib::Response& response) { serve(request, response); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("LlmFixtureServer: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() only works once the accept loop runs; wait for it (bounded).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!server_.is_running()) {
      server_.stop();
      thread_.join();
      throw std::runtime_error("LlmFixtureServer: the server did not start");
    }
  }

  ~LlmFixtureServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();  // cut delayed replies short
    server_.stop();
    thread_.join();
  }

  LlmFixtureServer(const LlmFixtureServer&) = delete;
  LlmFixtureServer& operator=(const LlmFixtureServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

  void set_handler(FixtureHandler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }

  std::size_t requests() const {
    std::lock_guard lock(mutex_);
    return received_.size();
  }

  std::vector<FixtureRequest> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  // curl honours http_proxy for 127.0.0.1 too; a test machine with a proxy set must still reach us.
  static void keep_loopback_off_proxies() {
    bool proxied = false;
    for (const char* name :
         {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
      if (const char* value = std::getenv(name); value && *value) proxied = true;
    if (!proxied) return;
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      const char* value = std::getenv(name);
      std::string list = value && *value ? std::string(value) + "," : "";
      if (list.find("127.0.0.1") == std::string::npos)
        ::setenv(name, (list + "127.0.0.1,localhost").c_str(), 1);
    }
  }

  static FixtureReply default_reply(const FixtureRequest& request) {
    const std::size_t n =
        request.json.is_object() && request.json.contains("n") && request.json["n"].is_number_unsigned()
            ? request.json["n"].get<std::size_t>()
            : 1;
    return FixtureReply::completion(std::vector<std::string>(std::max<std::size_t>(n, 1), "ok"));
  }

  void serve(const httplib::Request& request, httplib::Response& response) {
    FixtureRequest seen;
    seen.path = request.path;
    seen.body = request.body;
    seen.json = nlohmann::json::parse(request.body, nullptr, false);
    seen.has_authorization = request.has_header("Authorization");
    seen.authorization = request.get_header_value("Authorization");
    FixtureHandler handler;
    {
      std::lock_guard lock(mutex_);
      seen.index = received_.size();
      received_.push_back(seen);
      handler = handler_;
    }
    const FixtureReply reply = handler ? handler(seen) : default_reply(seen);
    if (reply.delay.count() > 0) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, reply.delay, [this] { return stopping_; });
    }
    response.status = reply.status;
    for (const auto& [name, value] : reply.headers) response.set_header(name, value);
    if (!reply.truncate) {
      response.set_content(reply.body, "application/json");
      return;
    }
    // Content-Length says the whole body; the provider writes half and fails, so httplib closes the
    // connection mid-body.
    auto body = std::make_shared<const std::string>(reply.body);
    response.set_content_provider(body->size(), "application/json",
                                  [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                    if (offset == 0) sink.write(body->data(), body->size() / 2);
                                    return false;
                                  });
  }

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  FixtureHandler handler_;
  std::vector<FixtureRequest> received_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace opsynth::testing

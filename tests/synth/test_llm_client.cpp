// The chat-completions client against the loopback fixture server: answers, the `n` fallback, retries
// and their waits, errors that never show the key, timeouts, malformed and truncated bodies.
#include <gtest/gtest.h>

#include <ctime>
#include <mutex>
#include <thread>

#include "llm_fixture_server.hpp"
#include "synth/llm_client.hpp"

namespace {

using namespace opsynth::synth;
using opsynth::testing::FixtureReply;
using opsynth::testing::FixtureRequest;
using opsynth::testing::LlmFixtureServer;
using std::chrono::milliseconds;

constexpr const char* kKey = "sk-test-0123456789-SECRET";

EndpointConfig config_for(const LlmFixtureServer& server) {
  EndpointConfig config;
  config.base_url = server.base_url();
  config.api_key = kKey;
  config.connect_timeout = milliseconds(2'000);
  config.total_timeout = milliseconds(5'000);
  config.max_retries = 3;
  config.backoff_base = milliseconds(10);
  config.backoff_cap = milliseconds(60'000);
  return config;
}

ChatRequest request(int n = 1, std::uint64_t seed = 42) {
  ChatRequest request;
  request.model = "test-model";
  request.messages = {{"system", "You write C++."}, {"user", "Implement math.hypot."}};
  request.sampling.temperature = 0.5;
  request.sampling.top_p = 0.9;
  request.sampling.max_tokens = 256;
  request.sampling.seed = seed;
  request.n = n;
  return request;
}

// The client with its sleeps recorded instead of slept.
struct RecordingClient {
  explicit RecordingClient(EndpointConfig config) : client(std::move(config)) {
    client.sleep = [this](milliseconds wait) {
      std::lock_guard lock(mutex);
      waits.push_back(wait);
    };
  }
  LlmClient client;
  std::mutex mutex;
  std::vector<milliseconds> waits;
};

const ChatResponse& answer(const std::variant<ChatResponse, LlmError>& result) {
  if (const auto* error = std::get_if<LlmError>(&result))
    ADD_FAILURE() << "unexpected error: " << error->message;
  static const ChatResponse empty;
  const auto* response = std::get_if<ChatResponse>(&result);
  return response ? *response : empty;
}

LlmError failure(const std::variant<ChatResponse, LlmError>& result) {
  if (std::holds_alternative<ChatResponse>(result)) {
    ADD_FAILURE() << "expected an error, got a response";
    return {LlmFailure::Cache, "", -1};
  }
  return std::get<LlmError>(result);
}

TEST(LlmClient, returns_n_choices_from_one_request_and_sends_the_sampling) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::completion({"a", "b", "c"}, 11, 22);
  });
  RecordingClient recording(config_for(server));
  const auto result = recording.client.complete(request(3, 7));
  const ChatResponse& response = answer(result);
  EXPECT_EQ(response.choices, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(response.usage.prompt_tokens, 11u);
  EXPECT_EQ(response.usage.completion_tokens, 22u);
  EXPECT_EQ(response.http_requests, 1);
  EXPECT_FALSE(response.from_cache);
  ASSERT_EQ(server.requests(), 1u);
  const FixtureRequest sent = server.received()[0];
  EXPECT_EQ(sent.path, "/v1/chat/completions");
  EXPECT_EQ(sent.json["model"], "test-model");
  EXPECT_EQ(sent.json["messages"][1]["role"], "user");
  EXPECT_EQ(sent.json["messages"][1]["content"], "Implement math.hypot.");
  EXPECT_DOUBLE_EQ(sent.json["temperature"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(sent.json["top_p"].get<double>(), 0.9);
  EXPECT_EQ(sent.json["max_tokens"], 256);
  EXPECT_EQ(sent.json["seed"], 7);
  EXPECT_EQ(sent.json["n"], 3);
  EXPECT_TRUE(recording.waits.empty());
}

TEST(LlmClient, samples_one_by_one_with_distinct_seeds_when_the_server_ignores_n) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    return FixtureReply::completion({"seed " + request.json["seed"].dump()}, 5, 7);
  });
  RecordingClient recording(config_for(server));
  const ChatResponse& response = answer(recording.client.complete(request(3, 100)));
  EXPECT_EQ(response.choices, (std::vector<std::string>{"seed 100", "seed 101", "seed 102"}));
  EXPECT_EQ(response.http_requests, 3);
  EXPECT_EQ(response.usage.prompt_tokens, 15u);
  EXPECT_EQ(response.usage.completion_tokens, 21u);
  const auto sent = server.received();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].json["n"], 3);
  EXPECT_EQ(sent[1].json["n"], 1);
  EXPECT_EQ(sent[2].json["n"], 1);
}

TEST(LlmClient, keeps_at_most_n_choices) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::completion({"a", "b", "c"}); });
  RecordingClient recording(config_for(server));
  EXPECT_EQ(answer(recording.client.complete(request(2))).choices, (std::vector<std::string>{"a", "b"}));
}

TEST(LlmClient, waits_as_retry_after_seconds_says_then_succeeds) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    if (request.index == 0)
      return FixtureReply::error(429, "Rate limit reached", "requests", "rate_limit_exceeded")
          .with_header("retry-after", "1");
    return FixtureReply::completion({"ok"});
  });
  RecordingClient recording(config_for(server));
  const ChatResponse& response = answer(recording.client.complete(request()));
  EXPECT_EQ(response.choices, std::vector<std::string>{"ok"});
  EXPECT_EQ(response.http_requests, 2);
  EXPECT_EQ(server.requests(), 2u);
  EXPECT_EQ(recording.waits, std::vector<milliseconds>{milliseconds(1'000)});
}

TEST(LlmClient, prefers_retry_after_ms) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    if (request.index == 0)
      return FixtureReply::error(503, "busy", "server_error")
          .with_header("retry-after", "9")
          .with_header("retry-after-ms", "250");
    return FixtureReply::completion({"ok"});
  });
  RecordingClient recording(config_for(server));
  answer(recording.client.complete(request()));
  EXPECT_EQ(recording.waits, std::vector<milliseconds>{milliseconds(250)});
}

TEST(LlmClient, reads_retry_after_as_an_http_date) {
  const std::time_t when = std::time(nullptr) + 3;
  std::tm tm{};
  gmtime_r(&when, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  LlmFixtureServer server([date = std::string(date)](const FixtureRequest& request) {
    if (request.index == 0)
      return FixtureReply::error(503, "busy", "server_error").with_header("Retry-After", date);
    return FixtureReply::completion({"ok"});
  });
  RecordingClient recording(config_for(server));
  answer(recording.client.complete(request()));
  ASSERT_EQ(recording.waits.size(), 1u);
  EXPECT_GE(recording.waits[0], milliseconds(1'000));
  EXPECT_LE(recording.waits[0], milliseconds(3'000));
}

TEST(LlmClient, caps_retry_after_by_backoff_cap) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    if (request.index == 0)
      return FixtureReply::error(429, "slow down", "requests").with_header("retry-after", "120");
    return FixtureReply::completion({"ok"});
  });
  EndpointConfig config = config_for(server);
  config.backoff_cap = milliseconds(50);
  RecordingClient recording(config);
  answer(recording.client.complete(request()));
  EXPECT_EQ(recording.waits, std::vector<milliseconds>{milliseconds(50)});
}

TEST(LlmClient, retries_a_500_with_backoff_then_succeeds) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    if (request.index == 0) return FixtureReply::error(500, "The server had an error", "server_error");
    return FixtureReply::completion({"fine"});
  });
  RecordingClient recording(config_for(server));
  const ChatResponse& response = answer(recording.client.complete(request()));
  EXPECT_EQ(response.choices, std::vector<std::string>{"fine"});
  EXPECT_EQ(response.http_requests, 2);
  ASSERT_EQ(recording.waits.size(), 1u);
  EXPECT_GE(recording.waits[0], milliseconds(5));  // base 10ms with jitter in [base/2, base]
  EXPECT_LE(recording.waits[0], milliseconds(10));
}

TEST(LlmClient, does_not_retry_401_and_names_url_status_and_message_but_not_the_key) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
  });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Unauthorized);
  EXPECT_EQ(error.status, 401);
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_NE(error.message.find(server.base_url() + "/chat/completions"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("401"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("Incorrect API key provided"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(kKey), std::string::npos) << error.message;
  EXPECT_TRUE(recording.waits.empty());
}

TEST(LlmClient, redacts_the_key_when_the_server_echoes_it) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    return FixtureReply::error(401, "Incorrect API key provided: " + request.authorization.substr(7));
  });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.message.find(kKey), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("Incorrect API key provided"), std::string::npos) << error.message;
}

TEST(LlmClient, does_not_retry_403) {
  LlmFixtureServer server(
      [](const FixtureRequest&) { return FixtureReply::error(403, "Country not supported", "forbidden"); });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Unauthorized);
  EXPECT_EQ(error.status, 403);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(LlmClient, does_not_retry_400) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::error(400, "max_tokens is too large", "invalid_request_error");
  });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::BadRequest);
  EXPECT_EQ(error.status, 400);
  EXPECT_NE(error.message.find("max_tokens is too large"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 1u);
}

// Reasoning models name the parameter they refuse; the same question goes again without it.
TEST(LlmClient, renames_or_drops_a_parameter_the_model_refuses) {
  LlmFixtureServer server([](const FixtureRequest& r) {
    if (r.json.contains("max_tokens"))
      return FixtureReply::error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                                      "'max_completion_tokens' instead.");
    if (r.json.contains("temperature"))
      return FixtureReply::error(400, "Unsupported value: 'temperature' does not support 0.7 with this model. Only "
                                      "the default (1) value is supported.");
    return FixtureReply::completion({"ok"});
  });
  RecordingClient recording(config_for(server));
  const auto result = recording.client.complete(request());
  ASSERT_TRUE(std::holds_alternative<ChatResponse>(result)) << std::get<LlmError>(result).message;
  ASSERT_EQ(server.requests(), 3u);
  const auto last = server.received()[2].json;
  EXPECT_FALSE(last.contains("max_tokens"));
  EXPECT_FALSE(last.contains("temperature"));
  EXPECT_EQ(last["max_completion_tokens"], server.received()[0].json["max_tokens"]);
  EXPECT_TRUE(recording.waits.empty());
}

TEST(LlmClient, does_not_retry_404_or_422) {
  for (const int status : {404, 422}) {
    LlmFixtureServer server(
        [status](const FixtureRequest&) { return FixtureReply::error(status, "no such model"); });
    RecordingClient recording(config_for(server));
    const LlmError error = failure(recording.client.complete(request()));
    EXPECT_EQ(error.kind, LlmFailure::BadRequest) << status;
    EXPECT_EQ(error.status, status);
    EXPECT_EQ(server.requests(), 1u) << status;
  }
}

TEST(LlmClient, does_not_retry_an_insufficient_quota_429) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::error(429, "You exceeded your current quota", "insufficient_quota",
                               "insufficient_quota")
        .with_header("retry-after", "1");
  });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Quota);
  EXPECT_EQ(error.status, 429);
  EXPECT_NE(error.message.find("exceeded your current quota"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_TRUE(recording.waits.empty());
}

TEST(LlmClient, gives_up_after_max_retries_on_a_persistent_503) {
  LlmFixtureServer server(
      [](const FixtureRequest&) { return FixtureReply::error(503, "overloaded", "server_error"); });
  RecordingClient recording(config_for(server));  // max_retries = 3
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Exhausted);
  EXPECT_EQ(error.status, 503);
  EXPECT_NE(error.message.find("overloaded"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 4u);
  ASSERT_EQ(recording.waits.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {  // base * 2^k with jitter in [half, full]
    EXPECT_GE(recording.waits[k], milliseconds(5 << k)) << k;
    EXPECT_LE(recording.waits[k], milliseconds(10 << k)) << k;
  }
}

TEST(LlmClient, retries_a_timeout_then_gives_up) {
  LlmFixtureServer server([](const FixtureRequest&) {
    FixtureReply reply = FixtureReply::completion({"too late"});
    reply.delay = milliseconds(5'000);
    return reply;
  });
  EndpointConfig config = config_for(server);
  config.total_timeout = milliseconds(300);
  config.max_retries = 1;
  RecordingClient recording(config);
  const auto start = std::chrono::steady_clock::now();
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(error.kind, LlmFailure::Exhausted);
  EXPECT_EQ(error.status, 0);
  EXPECT_NE(error.message.find(server.base_url()), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("imeout"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 2u);
  EXPECT_EQ(recording.waits.size(), 1u);
}

TEST(LlmClient, a_200_with_malformed_json_is_malformed_and_not_retried) {
  LlmFixtureServer server(
      [](const FixtureRequest&) { return FixtureReply::raw(200, R"({"choices": [{"mess)"); });
  RecordingClient recording(config_for(server));
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Malformed);
  EXPECT_EQ(error.status, 200);
  EXPECT_NE(error.message.find(server.base_url()), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 1u);
}

TEST(LlmClient, a_body_without_choices_is_malformed) {
  for (const char* body : {R"({"object": "chat.completion"})", R"({"choices": []})", R"([1, 2])",
                           R"({"choices": [{"text": "legacy completion"}]})"}) {
    LlmFixtureServer server([body](const FixtureRequest&) { return FixtureReply::raw(200, body); });
    RecordingClient recording(config_for(server));
    EXPECT_EQ(failure(recording.client.complete(request())).kind, LlmFailure::Malformed) << body;
  }
}

TEST(LlmClient, a_truncated_body_is_retried_then_malformed) {
  LlmFixtureServer server([](const FixtureRequest&) {
    FixtureReply reply = FixtureReply::completion({std::string(2'000, 'x')});
    reply.truncate = true;
    return reply;
  });
  EndpointConfig config = config_for(server);
  config.max_retries = 1;
  RecordingClient recording(config);
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Malformed);
  EXPECT_NE(error.message.find("truncated"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 2u);
}

TEST(LlmClient, a_truncated_body_then_a_whole_one_succeeds) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    FixtureReply reply = FixtureReply::completion({"whole"});
    reply.truncate = request.index == 0;
    return reply;
  });
  RecordingClient recording(config_for(server));
  const ChatResponse& response = answer(recording.client.complete(request()));
  EXPECT_EQ(response.choices, std::vector<std::string>{"whole"});
  EXPECT_EQ(response.http_requests, 2);
}

TEST(LlmClient, connection_refused_is_retried_then_exhausted_naming_the_url) {
  EndpointConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(opsynth::testing::unused_loopback_port()) + "/v1";
  config.max_retries = 2;
  config.backoff_base = milliseconds(10);
  config.connect_timeout = milliseconds(1'000);
  RecordingClient recording(config);
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Exhausted);
  EXPECT_EQ(error.status, 0);
  EXPECT_NE(error.message.find(config.base_url + "/chat/completions"), std::string::npos) << error.message;
  EXPECT_EQ(recording.waits.size(), 2u);
}

TEST(LlmClient, sends_the_key_only_as_a_bearer_authorization_header) {
  LlmFixtureServer server;
  RecordingClient recording(config_for(server));
  answer(recording.client.complete(request()));
  ASSERT_EQ(server.requests(), 1u);
  const FixtureRequest sent = server.received()[0];
  EXPECT_TRUE(sent.has_authorization);
  EXPECT_EQ(sent.authorization, std::string("Bearer ") + kKey);
  EXPECT_EQ(sent.body.find(kKey), std::string::npos);
}

TEST(LlmClient, sends_no_authorization_header_without_a_key) {
  LlmFixtureServer server;
  EndpointConfig config = config_for(server);
  config.api_key.clear();
  RecordingClient recording(config);
  answer(recording.client.complete(request()));
  ASSERT_EQ(server.requests(), 1u);
  EXPECT_FALSE(server.received()[0].has_authorization);
}

TEST(LlmClient, null_content_is_empty_and_missing_usage_is_zero) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::raw(200,
                             R"({"choices": [{"index": 0, "message": {"role": "assistant", "content": null}},
                                                {"index": 1, "message": {"role": "assistant", "content": "x"}}]})");
  });
  RecordingClient recording(config_for(server));
  const ChatResponse& response = answer(recording.client.complete(request(2)));
  EXPECT_EQ(response.choices, (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(response.usage.total(), 0u);
}

TEST(LlmClient, quotes_a_body_that_is_not_error_json) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::raw(502, "<html>\n<body>Bad gateway</body>\n</html>");
  });
  EndpointConfig config = config_for(server);
  config.max_retries = 0;
  RecordingClient recording(config);
  const LlmError error = failure(recording.client.complete(request()));
  EXPECT_EQ(error.kind, LlmFailure::Exhausted);
  EXPECT_NE(error.message.find("HTTP 502"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("Bad gateway"), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 1u);
}

TEST(LlmClient, serves_several_threads_at_once) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    FixtureReply reply = FixtureReply::completion({"seed " + request.json["seed"].dump()});
    reply.delay = milliseconds(50);
    return reply;
  });
  RecordingClient recording(config_for(server));
  std::vector<std::string> answers(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] {
      const auto result = recording.client.complete(request(1, i));
      if (const auto* response = std::get_if<ChatResponse>(&result);
          response && response->choices.size() == 1)
        answers[i] = response->choices[0];
    });
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i], "seed " + std::to_string(i));
  EXPECT_EQ(server.requests(), 4u);
}

TEST(LlmClient, endpoint_url_appends_chat_completions_once) {
  EndpointConfig config;
  config.base_url = "http://localhost:8080/v1/";
  EXPECT_EQ(LlmClient(config).endpoint_url(), "http://localhost:8080/v1/chat/completions");
}

}  // namespace

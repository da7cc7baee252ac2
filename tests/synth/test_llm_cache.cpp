// The request cache and the record/replay/live modes, against the loopback fixture server: hits cost
// no request, replay never calls, entries are self-describing, keyless, and a corrupt one is a miss.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/sha256.hpp"
#include "llm_fixture_server.hpp"
#include "temp_dir.hpp"
#include "synth/llm_cache.hpp"

namespace {

namespace fs = std::filesystem;
using namespace opsynth::synth;
using opsynth::testing::FixtureReply;
using opsynth::testing::FixtureRequest;
using opsynth::testing::LlmFixtureServer;
using std::chrono::milliseconds;

constexpr const char* kKey = "sk-test-cache-SECRET-9876";

struct TempDir : opsynth::testing::TempDir {
  TempDir() : opsynth::testing::TempDir("opsynth-llm-cache") {}
};

LlmClient client_for(const LlmFixtureServer& server) {
  EndpointConfig config;
  config.base_url = server.base_url();
  config.api_key = kKey;
  config.max_retries = 1;
  config.backoff_base = milliseconds(10);
  LlmClient client(config);
  client.sleep = [](milliseconds) {};
  return client;
}

ChatRequest request(std::uint64_t seed = 1) {
  ChatRequest request;
  request.model = "test-model";
  request.messages = {{"system", "You write C++."}, {"user", "Implement math.hypot."}};
  request.sampling.seed = seed;
  request.n = 2;
  return request;
}

const ChatResponse& answer(const std::variant<ChatResponse, LlmError>& result) {
  if (const auto* error = std::get_if<LlmError>(&result))
    ADD_FAILURE() << "unexpected error: " << error->message;
  static const ChatResponse empty;
  const auto* response = std::get_if<ChatResponse>(&result);
  return response ? *response : empty;
}

std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  return files;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LlmCache, record_mode_answers_the_second_call_from_the_cache) {
  LlmFixtureServer server([](const FixtureRequest&) {
    return FixtureReply::completion({"one", "two"}, 30, 40);
  });
  TempDir dir;
  const CachedLlm llm(client_for(server), LlmCache(dir.path), LlmMode::Record);
  const ChatResponse first = answer(llm.complete(request()));
  EXPECT_FALSE(first.from_cache);
  EXPECT_EQ(first.http_requests, 1);
  const ChatResponse second = answer(llm.complete(request()));
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.http_requests, 0);
  EXPECT_EQ(second.choices, first.choices);
  EXPECT_EQ(second.usage.prompt_tokens, 30u);
  EXPECT_EQ(second.usage.completion_tokens, 40u);
}

TEST(LlmCache, stores_the_canonical_request_beside_the_response_under_a_two_digit_folder) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::completion({"one", "two"}); });
  TempDir dir;
  const CachedLlm llm(client_for(server), LlmCache(dir.path), LlmMode::Record);
  answer(llm.complete(request()));
  const std::string hash = llm.request_hash(request());
  ASSERT_EQ(hash.size(), 64u);
  const fs::path entry = dir.path / hash.substr(0, 2) / (hash + ".json");
  ASSERT_TRUE(fs::exists(entry));
  EXPECT_EQ(files_under(dir.path).size(), 1u);  // no temp file left behind
  const auto json = nlohmann::json::parse(bytes_of(entry));
  EXPECT_EQ(json["request"], canonical_request(server.base_url() + "/chat/completions", request()));
  EXPECT_EQ(json["response"]["choices"], (nlohmann::json{"one", "two"}));
  EXPECT_EQ(json["response"]["usage"]["prompt_tokens"], 10);
}

TEST(LlmCache, replay_miss_fails_naming_the_hash_and_folder_without_a_request) {
  LlmFixtureServer server;
  TempDir dir;
  const CachedLlm llm(client_for(server), LlmCache(dir.path), LlmMode::Replay);
  const auto result = llm.complete(request());
  ASSERT_TRUE(std::holds_alternative<LlmError>(result));
  const LlmError& error = std::get<LlmError>(result);
  EXPECT_EQ(error.kind, LlmFailure::CacheMiss);
  EXPECT_NE(error.message.find(llm.request_hash(request())), std::string::npos) << error.message;
  EXPECT_NE(error.message.find(dir.path.string()), std::string::npos) << error.message;
  EXPECT_EQ(server.requests(), 0u);
}

TEST(LlmCache, replay_answers_what_record_stored) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::completion({"one", "two"}); });
  TempDir dir;
  answer(CachedLlm(client_for(server), LlmCache(dir.path), LlmMode::Record).complete(request()));
  const ChatResponse replayed =
      answer(CachedLlm(client_for(server), LlmCache(dir.path), LlmMode::Replay).complete(request()));
  EXPECT_EQ(replayed.choices, (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(replayed.from_cache);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(LlmCache, live_mode_always_calls_and_stores) {
  LlmFixtureServer server([](const FixtureRequest& request) {
    return FixtureReply::completion({"call " + std::to_string(request.index), "x"});
  });
  TempDir dir;
  const CachedLlm live(client_for(server), LlmCache(dir.path), LlmMode::Live);
  EXPECT_EQ(answer(live.complete(request())).choices[0], "call 0");
  EXPECT_EQ(answer(live.complete(request())).choices[0], "call 1");
  EXPECT_EQ(server.requests(), 2u);
  const auto stored = LlmCache(dir.path).get(live.request_hash(request()));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->choices[0], "call 1");
}

TEST(LlmCache, a_failed_request_is_not_stored) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::error(400, "bad"); });
  TempDir dir;
  const CachedLlm llm(client_for(server), LlmCache(dir.path), LlmMode::Record);
  EXPECT_TRUE(std::holds_alternative<LlmError>(llm.complete(request())));
  EXPECT_TRUE(std::holds_alternative<LlmError>(llm.complete(request())));
  EXPECT_EQ(server.requests(), 2u);
  EXPECT_TRUE(files_under(dir.path).empty());
}

TEST(LlmCache, the_api_key_appears_in_no_cache_file) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::completion({"one", "two"}); });
  TempDir dir;
  for (const LlmMode mode : {LlmMode::Record, LlmMode::Live}) {
    const CachedLlm llm(client_for(server), LlmCache(dir.path), mode);
    answer(llm.complete(request(mode == LlmMode::Record ? 1 : 2)));
  }
  const auto files = files_under(dir.path);
  EXPECT_EQ(files.size(), 2u);
  for (const auto& file : files) EXPECT_EQ(bytes_of(file).find(kKey), std::string::npos) << file;
  EXPECT_EQ(server.received()[0].authorization, std::string("Bearer ") + kKey);  // it was sent, though
}

TEST(LlmCache, a_corrupt_entry_is_a_miss_and_is_replaced) {
  LlmFixtureServer server([](const FixtureRequest&) { return FixtureReply::completion({"one", "two"}); });
  TempDir dir;
  const CachedLlm llm(client_for(server), LlmCache(dir.path), LlmMode::Record);
  const std::string hash = llm.request_hash(request());
  const fs::path entry = dir.path / hash.substr(0, 2) / (hash + ".json");
  fs::create_directories(entry.parent_path());
  const LlmCache cache(dir.path);
  const std::string other_request =
      nlohmann::json{{"request", {{"model", "other"}}}, {"response", {{"choices", {"x"}}}}}.dump();
  for (const std::string& text : {std::string("{\"request\": {\"endpoint"), std::string("[]"),
                                  std::string("\x00\xff", 2), other_request}) {
    std::ofstream(entry, std::ios::binary) << text;
    EXPECT_FALSE(cache.get(hash).has_value()) << text;
  }
  const ChatResponse response = answer(llm.complete(request()));
  EXPECT_FALSE(response.from_cache);
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_TRUE(cache.get(hash).has_value());
  EXPECT_FALSE(cache.get("../../etc/passwd").has_value());
}

TEST(LlmCache, an_unwritable_cache_folder_is_a_cache_error) {
  LlmFixtureServer server;
  TempDir dir;
  const fs::path blocked = dir.path / "file";
  std::ofstream(blocked) << "not a folder";
  const CachedLlm llm(client_for(server), LlmCache(blocked), LlmMode::Record);
  const auto result = llm.complete(request());
  ASSERT_TRUE(std::holds_alternative<LlmError>(result));
  EXPECT_EQ(std::get<LlmError>(result).kind, LlmFailure::Cache);
  EXPECT_NE(std::get<LlmError>(result).message.find(blocked.string()), std::string::npos);
}

TEST(LlmCache, request_hash_changes_with_what_is_asked_and_is_stable_otherwise) {
  const std::string url = "http://127.0.0.1:1/v1/chat/completions";
  const std::string base = request_hash(url, request());
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(request_hash(url, request()), base);
  EXPECT_EQ(base, opsynth::sha256_hex(canonical_request(url, request()).dump()));

  ChatRequest model = request();
  model.model = "other-model";
  ChatRequest messages = request();
  messages.messages[1].content += " ";
  ChatRequest role = request();
  role.messages[0].role = "user";
  ChatRequest temperature = request();
  temperature.sampling.temperature = 0.2;
  ChatRequest n = request();
  n.n = 3;
  for (const auto& changed : {model, messages, role, temperature, n, request(2)})
    EXPECT_NE(request_hash(url, changed), base);
  EXPECT_NE(request_hash("https://api.openai.com/v1/chat/completions", request()), base);

  // The key is not part of the request: two clients with different keys share entries.
  EndpointConfig a;
  a.base_url = "http://127.0.0.1:1/v1";
  a.api_key = "sk-a";
  EndpointConfig b = a;
  b.api_key = "sk-b";
  TempDir dir;
  EXPECT_EQ(CachedLlm(LlmClient(a), LlmCache(dir.path), LlmMode::Record).request_hash(request()),
            CachedLlm(LlmClient(b), LlmCache(dir.path), LlmMode::Record).request_hash(request()));
  EXPECT_EQ(CachedLlm(LlmClient(a), LlmCache(dir.path), LlmMode::Record).request_hash(request()), base);
}

TEST(LlmCache, canonical_request_has_the_documented_shape) {
  const auto canonical = canonical_request("http://h/v1/chat/completions", request(5));
  EXPECT_EQ(canonical["endpoint"], "http://h/v1/chat/completions");
  EXPECT_EQ(canonical["model"], "test-model");
  EXPECT_EQ(canonical["messages"][0], (nlohmann::json{{"role", "system"}, {"content", "You write C++."}}));
  EXPECT_EQ(canonical["sampling"]["seed"], 5);
  EXPECT_EQ(canonical["sampling"]["max_tokens"], 4096);
  EXPECT_EQ(canonical["n"], 2);
  EXPECT_EQ(canonical.size(), 5u);
}

TEST(LlmCache, parses_and_names_modes) {
  for (const LlmMode mode : {LlmMode::Live, LlmMode::Record, LlmMode::Replay})
    EXPECT_EQ(parse_llm_mode(llm_mode_name(mode)), mode);
  EXPECT_FALSE(parse_llm_mode("Record").has_value());
  EXPECT_FALSE(parse_llm_mode("").has_value());
}

TEST(LlmCache, default_cache_dir_follows_the_environment) {
  const char* home = std::getenv("HOME");
  const std::string saved_home = home ? home : "";
  ::setenv("OPSYNTH_CACHE_DIR", "/x/opsynth-cache", 1);
  EXPECT_EQ(default_llm_cache_dir(), fs::path("/x/opsynth-cache/llm"));
  ::unsetenv("OPSYNTH_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  EXPECT_EQ(default_llm_cache_dir(), fs::path("/x/xdg/opsynth/llm"));
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/x/home", 1);
  EXPECT_EQ(default_llm_cache_dir(), fs::path("/x/home/.cache/opsynth/llm"));
  if (home)
    ::setenv("HOME", saved_home.c_str(), 1);
  else
    ::unsetenv("HOME");
}

}  // namespace

// What the synth tests against the loopback fixture server share: the server, a request cache in a
// temp folder, the real prompt templates, and a client that retries at once.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "llm_fixture_server.hpp"
#include "synth/synthesis_loop.hpp"

namespace opsynth::synth {

struct ModelFixture : ::testing::Test {
  testing::LlmFixtureServer server;
  std::filesystem::path cache_dir;
  PromptTemplates templates;
  LoopSettings settings;

  void SetUp() override {
    char pattern[] = "/tmp/opsynth_synth_XXXXXX";
    cache_dir = ::mkdtemp(pattern);
    auto loaded = PromptTemplates::load(default_prompts_dir());
    ASSERT_TRUE(loaded) << loaded.error().message;
    templates = *loaded;
    settings.model = "fixture-model";
    settings.samples = 1;
  }
  void TearDown() override { std::filesystem::remove_all(cache_dir); }

  CachedLlm llm() const {
    EndpointConfig config;
    config.base_url = server.base_url();
    config.backoff_base = std::chrono::milliseconds(1);
    return CachedLlm(LlmClient(config), LlmCache(cache_dir), LlmMode::Live);
  }
};

}  // namespace opsynth::synth

// Tests for verify/compile (confined compilation, diagnostics, the worker cache) and core/sha256 (cache keys).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "core/sha256.hpp"
#include "verify/compile.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TEST(Sha256, matches_fips_180_test_vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, incremental_updates_equal_one_shot_across_block_boundaries) {
  std::string text;
  for (int i = 0; i < 300; ++i) text.push_back(static_cast<char>(i * 7));
  for (std::size_t cut : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 128u, 299u}) {
    Sha256 hasher;
    hasher.update(std::string_view(text).substr(0, cut)).update(std::string_view(text).substr(cut));
    EXPECT_EQ(hasher.hex(), sha256_hex(text)) << cut;
  }
}

constexpr const char* kHarness = R"(// Test harness: the candidate file defines handle_batch.
#include <span>
#include <vector>
#include "verify/worker/worker.hpp"
std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch);
int main() { return opsynth::worker::worker_main(handle_batch); }
)";

// A fresh nonce makes a source unique, so the first build is a guaranteed cache miss.
std::string nonce() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

std::string echo_candidate(const std::string& tag) {
  return "// " + tag +
         "\n#include <span>\n#include <vector>\n"
         "std::vector<unsigned char> handle_batch(std::span<const unsigned char> b) {\n"
         "  return std::vector<unsigned char>(b.begin(), b.end());\n}\n";
}

Toolchain test_toolchain() {
  Toolchain toolchain = default_toolchain();
  const char* build = std::getenv("OPSYNTH_BUILD_DIR");
  toolchain.cache_dir = fs::path(build ? build : fs::temp_directory_path().string()) / "test-cache" / "compile";
  return toolchain;
}

WorkerBuild worker_build(const std::string& candidate) {
  WorkerBuild build;
  build.sources = {{"candidate.cpp", candidate}, {"harness.cpp", kHarness}};
  return build;
}

TEST(Compile, builds_a_worker_from_valid_code) {
  auto outcome = build_worker(worker_build(echo_candidate(nonce())), test_toolchain());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_TRUE(outcome->ok) << outcome->diagnostics;
  EXPECT_FALSE(outcome->cache_hit);
  EXPECT_TRUE(fs::exists(outcome->executable));
  EXPECT_EQ(outcome->key.size(), 64u);
}

TEST(Compile, reports_the_first_errors_with_plain_file_names) {
  const std::string bad = "// " + nonce() +
                          "\nint first() { return undeclared_thing; }\n"
                          "int second() { return also_missing; }\n"
                          "int third() { return more_missing; }\n"
                          "int fourth() { return never_shown; }\n";
  auto outcome = build_worker(worker_build(bad), test_toolchain());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_FALSE(outcome->ok);
  EXPECT_FALSE(outcome->timed_out);
  EXPECT_NE(outcome->diagnostics.find("candidate.cpp:2:"), std::string::npos) << outcome->diagnostics;
  EXPECT_NE(outcome->diagnostics.find("undeclared_thing"), std::string::npos) << outcome->diagnostics;
  EXPECT_EQ(outcome->diagnostics.find("never_shown"), std::string::npos) << "not trimmed:\n" << outcome->diagnostics;
  EXPECT_EQ(outcome->diagnostics.find("/tmp-"), std::string::npos) << outcome->diagnostics;
}

TEST(Compile, hits_the_cache_on_the_second_build) {
  const WorkerBuild build = worker_build(echo_candidate(nonce()));
  auto first = build_worker(build, test_toolchain());
  ASSERT_TRUE(first.ok() && first->ok);
  auto second = build_worker(build, test_toolchain());
  ASSERT_TRUE(second.ok() && second->ok);
  EXPECT_FALSE(first->cache_hit);
  EXPECT_TRUE(second->cache_hit);
  EXPECT_EQ(first->executable, second->executable);
  EXPECT_LT(second->elapsed, first->elapsed);
  std::printf("[measure] cold build %lld ms, cache hit %lld ms\n", static_cast<long long>(first->elapsed.count()),
              static_cast<long long>(second->elapsed.count()));
}

TEST(Compile, keys_differ_by_flavor_and_source) {
  const std::string candidate = echo_candidate("same");
  WorkerBuild release = worker_build(candidate);
  WorkerBuild sanitizer = worker_build(candidate);
  sanitizer.flavor = BuildFlavor::Sanitizer;
  WorkerBuild other = worker_build(candidate + "\n");
  auto a = build_worker(release, test_toolchain());
  auto b = build_worker(sanitizer, test_toolchain());
  auto c = build_worker(other, test_toolchain());
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->ok && b->ok && c->ok) << b->diagnostics;
  EXPECT_NE(a->key, b->key);
  EXPECT_NE(a->key, c->key);
}

TEST(Compile, a_compile_out_of_wall_clock_time_is_killed_and_is_a_tool_error) {
  // ~4e10 constexpr steps: far beyond any sane budget, each loop under GCC's per-loop limit.
  const std::string explosion = "// " + nonce() +
                                "\nconstexpr long burn() {\n"
                                "  long sum = 0;\n"
                                "  for (long i = 0; i < 200000; ++i)\n"
                                "    for (long j = 0; j < 200000; ++j) sum += i ^ j;\n"
                                "  return sum;\n}\n"
                                "static_assert(burn() != 0);\n" +
                                echo_candidate("");
  Toolchain toolchain = test_toolchain();
  ASSERT_TRUE(build_worker(worker_build(echo_candidate("")), toolchain));  // the PCH, under normal limits
  toolchain.limits.wall = std::chrono::milliseconds(3000);
  const auto started = Clock::now();
  auto outcome = build_worker(worker_build(explosion), toolchain);
  const auto took = Clock::now() - started;
  // Out of wall time before the CPU limit: a tool error (a loaded machine), never a verdict.
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error().describe().find("wall-clock"), std::string::npos) << outcome.error().describe();
  EXPECT_LT(took, std::chrono::seconds(8));
}

TEST(Compile, kills_a_recursive_template_explosion) {
  // Exponential instantiation fan-out under a raised depth limit.
  const std::string explosion = "// " + nonce() +
                                "\ntemplate <int N, int M> struct Boom {\n"
                                "  static constexpr long value = Boom<N - 1, M + 1>::value + Boom<N - 1, M * 2 + 1>::value;\n"
                                "};\n"
                                "template <int M> struct Boom<0, M> { static constexpr long value = M; };\n"
                                "static_assert(Boom<40, 0>::value != 0);\n" +
                                echo_candidate("");
  // The CPU limit is what judges a candidate (the wall clock is only a backstop): a 2 s budget.
  Toolchain toolchain = test_toolchain();
  ASSERT_TRUE(build_worker(worker_build(echo_candidate("")), toolchain));  // the PCH, under normal limits
  toolchain.limits.cpu_seconds = 2;
  auto outcome = build_worker(worker_build(explosion), toolchain);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_FALSE(outcome->ok);
  EXPECT_TRUE(outcome->diagnostics.find("signal") != std::string::npos ||
              outcome->diagnostics.find("error") != std::string::npos)
      << outcome->diagnostics;
}

TEST(Compile, trims_diagnostics_to_the_first_errors) {
  std::string raw;
  for (int i = 1; i <= 10; ++i) {
    raw += "/b/tmp-1/c.hpp:" + std::to_string(i) + ":1: error: problem " + std::to_string(i) + "\n";
    raw += "/b/tmp-1/c.hpp:" + std::to_string(i) + ":1: note: context " + std::to_string(i) + "\n";
  }
  const std::string trimmed = trim_diagnostics(raw, "/b/tmp-1", 2);
  EXPECT_EQ(trimmed, "c.hpp:1:1: error: problem 1\nc.hpp:1:1: note: context 1\n"
                     "c.hpp:2:1: error: problem 2\nc.hpp:2:1: note: context 2\n");
  EXPECT_LE(trim_diagnostics(raw, "/b/tmp-1", 100, 120).size(), 150u);
}

TEST(Compile, default_cache_dir_follows_the_environment) {
  ::setenv("OPSYNTH_CACHE_DIR", "/x/opsynth-cache", 1);
  EXPECT_EQ(default_compile_cache_dir(), fs::path("/x/opsynth-cache/compile"));
  ::unsetenv("OPSYNTH_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  EXPECT_EQ(default_compile_cache_dir(), fs::path("/x/xdg/opsynth/compile"));
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/x/home", 1);
  EXPECT_EQ(default_compile_cache_dir(), fs::path("/x/home/.cache/opsynth/compile"));
}

// Measures a cold compile of a small candidate with and without a precompiled prelude (printed for the
// report). The prelude here is the standard-library weight a runtime prelude pulls in.
TEST(Compile, precompiled_prelude_builds_and_is_used) {
  const fs::path dir = fs::temp_directory_path() / ("opsynth-pch-" + nonce());
  fs::create_directories(dir);
  const fs::path prelude = dir / "heavy_prelude.hpp";
  {
    std::FILE* out = std::fopen(prelude.c_str(), "w");
    std::fputs("#pragma once\n#include <algorithm>\n#include <cmath>\n#include <complex>\n#include <functional>\n"
               "#include <map>\n#include <memory>\n#include <numeric>\n#include <string>\n#include <tuple>\n"
               "#include <unordered_map>\n#include <variant>\n#include <vector>\n#include <span>\n"
               "#include <sstream>\n#include <iomanip>\n#include <optional>\n#include <stdexcept>\n",
               out);
    std::fclose(out);
  }
  const std::string candidate = "#include \"" + prelude.string() + "\"\n" + echo_candidate(nonce());
  Toolchain plain = test_toolchain();
  Toolchain with_pch = plain;
  with_pch.precompiled_prelude = prelude;
  auto warm = build_worker(worker_build(echo_candidate(nonce())), with_pch);  // builds the .gch once
  ASSERT_TRUE(warm.ok()) << warm.error().describe();
  ASSERT_TRUE(warm->ok) << warm->diagnostics;
  auto without = build_worker(worker_build(candidate), plain);
  auto with = build_worker(worker_build(candidate + "// pch\n"), with_pch);
  ASSERT_TRUE(without.ok() && with.ok());
  EXPECT_TRUE(without->ok && with->ok) << with->diagnostics;
  std::printf("[measure] cold build without pch %lld ms, with pch %lld ms (pch build %lld ms)\n",
              static_cast<long long>(without->elapsed.count()), static_cast<long long>(with->elapsed.count()),
              static_cast<long long>(warm->elapsed.count()));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace opsynth

// Tests for verify/compile_cache: the compile cache's size limit and least-recently-used eviction.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "temp_dir.hpp"
#include "verify/compile.hpp"
#include "verify/compile_cache.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using testing::TempDir;

// A cache entry of `bytes` bytes last used `age` ago: a worker file at <root>/<aa>/<key>.
fs::path worker_entry(const fs::path& root, const std::string& key, std::size_t bytes, hours age) {
  const fs::path path = root / key.substr(0, 2) / key;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << std::string(bytes, 'w');
  fs::last_write_time(path, fs::file_time_type::clock::now() - age);
  return path;
}

// A precompiled prelude folder at <root>/<sub>/<name> holding one file of `bytes` bytes.
fs::path folder_entry(const fs::path& root, const std::string& sub, const std::string& name, std::size_t bytes, hours age) {
  const fs::path dir = root / sub / name;
  fs::create_directories(dir);
  std::ofstream(dir / "prelude.hpp.gch", std::ios::binary) << std::string(bytes, 'p');
  fs::last_write_time(dir, fs::file_time_type::clock::now() - age);
  return dir;
}

TEST(CompileCache, evicts_least_recently_used_entries_to_nine_tenths_of_the_limit) {
  TempDir cache("opsynth_compile_cache");
  // Ten entries of 100 bytes, used 10 .. 1 hours ago; every third a prelude folder.
  std::vector<fs::path> by_age;
  for (int i = 0; i < 10; ++i) {
    const std::string key = std::string(1, char('a' + i)) + "0key" + std::to_string(i);
    by_age.push_back(i % 3 == 0 ? folder_entry(cache.path, "pch", key, 100, hours(10 - i))
                                : worker_entry(cache.path, key, 100, hours(10 - i)));
  }
  const CacheTrim trim = trim_compile_cache(cache.path, 500);
  // 1000 bytes against a limit of 500: down to 450 or less, oldest first.
  EXPECT_EQ(trim.removed, 6u);
  EXPECT_EQ(trim.freed, 600u);
  EXPECT_EQ(trim.remaining, 400u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(fs::exists(by_age[i]), i >= 6) << by_age[i];
}

TEST(CompileCache, a_cache_within_its_limit_is_left_alone) {
  TempDir cache("opsynth_compile_cache");
  const fs::path old = worker_entry(cache.path, "ab01", 100, hours(1000));
  const CacheTrim trim = trim_compile_cache(cache.path, 100);
  EXPECT_EQ(trim.removed, 0u);
  EXPECT_EQ(trim.remaining, 100u);
  EXPECT_TRUE(fs::exists(old));
}

TEST(CompileCache, never_evicts_an_entry_used_within_the_in_use_window) {
  TempDir cache("opsynth_compile_cache");
  const fs::path old = worker_entry(cache.path, "ab01", 100, hours(3));
  const fs::path recent = worker_entry(cache.path, "cd02", 100, hours(0));
  const CacheTrim trim = trim_compile_cache(cache.path, 10, hours(1));
  EXPECT_FALSE(fs::exists(old));
  EXPECT_TRUE(fs::exists(recent));  // over the limit, but a concurrent verifier may be about to run it
  EXPECT_EQ(trim.remaining, 100u);
}

TEST(CompileCache, marking_an_entry_used_makes_it_the_last_to_go) {
  TempDir cache("opsynth_compile_cache");
  const fs::path oldest = worker_entry(cache.path, "ab01", 100, hours(5));
  const fs::path newer = worker_entry(cache.path, "cd02", 100, hours(4));
  mark_cache_entry_used(oldest);
  trim_compile_cache(cache.path, 150, hours(0));
  EXPECT_TRUE(fs::exists(oldest));
  EXPECT_FALSE(fs::exists(newer));
}

TEST(CompileCache, removes_temp_folders_of_compiles_that_died_a_day_ago_and_keeps_fresh_ones) {
  TempDir cache("opsynth_compile_cache");
  const fs::path dead = folder_entry(cache.path, "tmp", "tmp-dead01", 100, hours(30));
  const fs::path dead_pch = folder_entry(cache.path, "pch", "tmp-dead02", 100, hours(30));
  const fs::path running = folder_entry(cache.path, "tmp", "tmp-live01", 100, hours(2));
  const CacheTrim trim = trim_compile_cache(cache.path, std::uint64_t{1} << 30);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_FALSE(fs::exists(dead_pch));
  EXPECT_TRUE(fs::exists(running));
  EXPECT_EQ(trim.removed, 2u);
}

TEST(CompileCache, the_limit_follows_opsynth_cache_max) {
  ::unsetenv("OPSYNTH_CACHE_MAX");
  EXPECT_EQ(*compile_cache_limit(), kDefaultCompileCacheLimit);
  ::setenv("OPSYNTH_CACHE_MAX", "300M", 1);
  EXPECT_EQ(*compile_cache_limit(), std::uint64_t{300} << 20);
  ::setenv("OPSYNTH_CACHE_MAX", "none", 1);
  EXPECT_FALSE(compile_cache_limit()->has_value());
  ::setenv("OPSYNTH_CACHE_MAX", "big", 1);
  auto bad = compile_cache_limit();
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("OPSYNTH_CACHE_MAX: 'big' is not a size"), std::string::npos);
  ::unsetenv("OPSYNTH_CACHE_MAX");
}

// A real compile into a cache over its limit: the stale entry goes, the worker just built stays.
TEST(CompileCache, building_a_worker_trims_a_cache_past_its_limit) {
  TempDir cache("opsynth_compile_cache");
  const fs::path stale = worker_entry(cache.path, "0011stale", 1 << 20, hours(48));
  Toolchain toolchain = default_toolchain();
  toolchain.cache_dir = cache.path;
  toolchain.cache_limit = 1;
  toolchain.precompiled_prelude.reset();  // no 140 MB prelude build for this test
  WorkerBuild build;
  build.sources = {{"main.cpp", "int main() { return 0; }\n"}};
  build.shared_library = false;
  toolchain.link_libraries.clear();
  auto outcome = build_worker(build, toolchain);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  ASSERT_TRUE(outcome->ok) << outcome->diagnostics;
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(outcome->executable));
}

}  // namespace
}  // namespace opsynth

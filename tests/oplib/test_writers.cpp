// Concurrent and killed writers (DESIGN §3): many processes committing at once lose nothing, and a
// writer killed at any step leaves a library that loads, serves only complete versions, and passes
// `ops check` (leftovers aside), after which the next commit works.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "library_fixture.hpp"
#include "oplib/library/integrity.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::fresh_library_root;
using testing::sqrt_commit;

// Runs `body` in a child process; returns its wait status.
template <class Body>
pid_t spawn(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 0;
    try {
      code = body() ? 0 : 1;
    } catch (...) {
      code = 3;
    }
    ::_exit(code);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

void expect_consistent(oplib::Library& lib) {
  const auto report = oplib::check_integrity(lib);
  for (const auto& e : report.errors) ADD_FAILURE() << e;
  auto op = lib.load("math.sqrt");
  ASSERT_TRUE(op) << op.error().message;
  if (!*op) return;
  for (const auto& o : (*op)->overloads) {
    for (const auto& v : o.versions) {
      EXPECT_EQ(testing::read_text(lib.header_path("math.sqrt", o.name, v.number)).empty(), false);
    }
  }
}

TEST(Writers, concurrent_commits_from_many_processes_lose_nothing_and_number_versions_uniquely) {
  const fs::path root = fresh_library_root();
  constexpr int kWriters = 8, kEach = 5;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    children.push_back(spawn([&root, w] {
      oplib::Library lib(root);
      for (int k = 0; k < kEach; ++k) {
        // Two ops so writers also race on creating different op.json files.
        auto r = sqrt_commit("return x + " + std::to_string(w * 100 + k) + ".0;");
        if (k % 2) r.qualname = "math.cbrt", r.source = "namespace oplib::math { inline double cbrt(double x) { return x * " +
                                                          std::to_string(w * 100 + k) + "; } }";
        if (!lib.commit(r)) return false;
      }
      return true;
    }));
  }
  for (pid_t pid : children) {
    const int status = wait_for(pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  oplib::Library lib(root);
  std::size_t total = 0;
  for (const char* q : {"math.sqrt", "math.cbrt"}) {
    auto op = lib.load(q);
    ASSERT_TRUE(op && *op);
    std::set<int> numbers;
    for (const auto& v : (*op)->overloads.at(0).versions) numbers.insert(v.number);
    total += numbers.size();
    EXPECT_EQ(numbers.size(), (*op)->overloads.at(0).versions.size()) << q;
    EXPECT_EQ(*numbers.rbegin(), static_cast<int>(numbers.size())) << q << ": versions are 1..n without gaps";
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kWriters * kEach));
  const auto report = oplib::check_integrity(lib);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(report.leftovers.empty());
}

TEST(Writers, a_writer_killed_at_each_step_of_a_commit_leaves_the_library_consistent) {
  // Every crash point a commit passes, in order; "before-rename" is inside the first atomic write.
  for (const char* point : {"before-rename", "after-hpp", "after-provenance", "after-op-json"}) {
    SCOPED_TRACE(point);
    const fs::path root = fresh_library_root();
    oplib::Library lib(root);
    ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
    const pid_t pid = spawn([&root, point] {
      ::setenv("OPSYNTH_OPLIB_CRASH_AT", point, 1);
      oplib::Library child(root);
      return static_cast<bool>(child.commit(sqrt_commit("return x * 1.0;")));
    });
    const int status = wait_for(pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the crash point was not reached";
    expect_consistent(lib);
    auto found = lib.find("math.sqrt", parse_signature("float -> float")->params);
    ASSERT_TRUE(found && found->found);
    // Only a commit that reached its op.json is visible.
    EXPECT_EQ(found->found->version, std::string(point) == "after-op-json" ? 2 : 1);
    // The next writer is not blocked (the kernel released the lock) and its commit is clean.
    auto next = lib.commit(sqrt_commit("return x * 2.0 / 2.0;"));
    ASSERT_TRUE(next) << next.error().message;
    ASSERT_TRUE(oplib::remove_leftovers(lib));
    const auto report = oplib::check_integrity(lib);
    EXPECT_TRUE(report.errors.empty());
    EXPECT_TRUE(report.leftovers.empty());
  }
}

TEST(Writers, writers_killed_at_random_moments_never_corrupt_the_library) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  std::mt19937 rng(12345);
  for (int round = 0; round < 25; ++round) {
    const pid_t pid = spawn([&root, round] {
      oplib::Library child(root);
      for (int k = 0;; ++k) {
        if (!child.commit(sqrt_commit("return x + " + std::to_string(round * 1000 + k) + ".0;"))) return false;
      }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 20000)(rng)));
    ::kill(pid, SIGKILL);
    const int status = wait_for(pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own: " << status;
    expect_consistent(lib);
  }
  ASSERT_TRUE(oplib::remove_leftovers(lib));
  EXPECT_TRUE(oplib::check_integrity(lib).leftovers.empty());
}

}  // namespace
}  // namespace opsynth

// Tests for verify/sandbox + verify/worker: hostile workers from tests/verify/candidates/sandbox/ are each
// stopped for the reason their `// expect:` line declares, and nothing escapes.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "verify/compile.hpp"
#include "verify/sandbox.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  const char* dir = std::getenv("OPSYNTH_SOURCE_DIR");
  return dir ? fs::path(dir) : fs::current_path();
}

fs::path candidate_path(const std::string& name) { return source_dir() / "tests/verify/candidates/sandbox" / name; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The `// expect: <kind>` line of a candidate file: a FailureKind name, or "Reply".
std::string expectation(const std::string& text) {
  const std::string marker = "// expect: ";
  const auto at = text.find(marker);
  if (at == std::string::npos) return "";
  const auto end = text.find('\n', at);
  return text.substr(at + marker.size(), end - at - marker.size());
}

constexpr const char* kTestHarness = R"(// Test harness: the candidate file defines handle_batch.
#include <span>
#include <vector>
#include "verify/worker/worker.hpp"
std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch);
int main() { return opsynth::worker::worker_main(handle_batch); }
)";

Toolchain test_toolchain() {
  Toolchain toolchain = default_toolchain();
  const char* build = std::getenv("OPSYNTH_BUILD_DIR");
  toolchain.cache_dir = fs::path(build ? build : fs::temp_directory_path().string()) / "test-cache" / "compile";
  return toolchain;
}

fs::path build_candidate(const std::string& name, BuildFlavor flavor = BuildFlavor::Release) {
  WorkerBuild build;
  build.flavor = flavor;
  build.sources = {{"candidate.cpp", read_text(candidate_path(name))}, {"harness.cpp", kTestHarness}};
  auto outcome = build_worker(build, test_toolchain());
  EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().describe());
  if (!outcome.ok()) return {};
  EXPECT_TRUE(outcome->ok) << name << ":\n" << outcome->diagnostics;
  return outcome->executable;
}

SandboxLimits test_limits() {
  SandboxLimits limits;
  limits.start_timeout = std::chrono::milliseconds(5000);
  limits.exchange_timeout = std::chrono::milliseconds(1500);
  limits.cpu_seconds = 10;
  limits.address_space_bytes = 512ull << 20;
  return limits;
}

Frame batch(std::uint64_t sequence, std::vector<unsigned char> payload) {
  return Frame{FrameKind::Batch, sequence, std::move(payload)};
}

// One start / exchange / shutdown, reduced to what ended it: the reply, or the failure.
struct RunOutcome {
  std::optional<Frame> reply;
  std::optional<WorkerFailure> failure;
  std::string describe() const { return failure ? failure->describe() : "Reply"; }
};

RunOutcome run_once(const fs::path& exe, const SandboxLimits& limits, std::vector<unsigned char> payload = {'p', 'i', 'n', 'g'}) {
  RunOutcome outcome;
  auto session = WorkerSession::start(exe, limits);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().describe());
  if (!session.ok()) return outcome;
  if (session->failure()) {
    outcome.failure = session->failure();
    return outcome;
  }
  auto exchanged = session->exchange(batch(1, std::move(payload)));
  if (auto* failure = std::get_if<WorkerFailure>(&exchanged)) {
    outcome.failure = *failure;
    return outcome;
  }
  outcome.reply = std::get<Frame>(exchanged);
  outcome.failure = session->shutdown();
  return outcome;
}

// Builds the candidate, runs it once, and checks that it ended the way its file says it must.
RunOutcome expect_declared_outcome(const std::string& name, const SandboxLimits& limits = test_limits(),
                                   BuildFlavor flavor = BuildFlavor::Release) {
  const std::string expected = expectation(read_text(candidate_path(name)));
  EXPECT_FALSE(expected.empty()) << name << " has no // expect: line";
  const fs::path exe = build_candidate(name, flavor);
  if (exe.empty()) return {};
  RunOutcome outcome = run_once(exe, limits);
  const std::string got = outcome.failure ? failure_kind_name(outcome.failure->kind) : "Reply";
  EXPECT_EQ(got, expected) << name << ": " << outcome.describe();
  return outcome;
}

TEST(Sandbox, echo_worker_answers_many_frames_in_sequence) {
  const fs::path exe = build_candidate("echo.cpp");
  ASSERT_FALSE(exe.empty());
  auto session = WorkerSession::start(exe, test_limits());
  ASSERT_TRUE(session.ok()) << session.error().describe();
  ASSERT_FALSE(session->failure()) << session->failure()->describe();
  for (std::uint64_t sequence = 1; sequence <= 200; ++sequence) {
    std::vector<unsigned char> payload(sequence % 37, static_cast<unsigned char>(sequence));
    auto reply = session->exchange(batch(sequence, payload));
    ASSERT_TRUE(std::holds_alternative<Frame>(reply)) << std::get<WorkerFailure>(reply).describe();
    const Frame& frame = std::get<Frame>(reply);
    EXPECT_EQ(frame.kind, FrameKind::Results);
    EXPECT_EQ(frame.sequence, sequence);
    EXPECT_EQ(frame.payload, payload);
  }
  EXPECT_FALSE(session->shutdown().has_value());
}

TEST(Sandbox, echo_worker_carries_a_one_megabyte_frame) {
  const fs::path exe = build_candidate("echo.cpp");
  ASSERT_FALSE(exe.empty());
  std::vector<unsigned char> payload(1u << 20);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<unsigned char>(i * 31);
  const RunOutcome outcome = run_once(exe, test_limits(), payload);
  ASSERT_TRUE(outcome.reply.has_value()) << outcome.describe();
  EXPECT_EQ(outcome.reply->payload, payload);
  EXPECT_FALSE(outcome.failure.has_value()) << outcome.describe();
}

TEST(Sandbox, kills_worker_that_forks) { expect_declared_outcome("fork_bomb.cpp"); }

TEST(Sandbox, times_out_worker_that_never_answers) {
  const auto started = std::chrono::steady_clock::now();
  expect_declared_outcome("hang.cpp");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(Sandbox, stops_cpu_burn_at_the_cpu_limit) {
  SandboxLimits limits = test_limits();
  limits.cpu_seconds = 1;
  limits.exchange_timeout = std::chrono::milliseconds(8000);
  const RunOutcome outcome = expect_declared_outcome("cpu_burn.cpp", limits);
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_EQ(outcome.failure->signal, SIGXCPU);
}

TEST(Sandbox, times_out_cpu_burn_when_the_wall_clock_is_shorter) {
  const fs::path exe = build_candidate("cpu_burn.cpp");
  ASSERT_FALSE(exe.empty());
  SandboxLimits limits = test_limits();
  limits.exchange_timeout = std::chrono::milliseconds(300);
  const RunOutcome outcome = run_once(exe, limits);
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_EQ(outcome.failure->kind, FailureKind::Timeout) << outcome.describe();
}

TEST(Sandbox, reports_memory_bomb_as_memory_limit) {
  SandboxLimits limits = test_limits();
  limits.address_space_bytes = 256ull << 20;
  limits.exchange_timeout = std::chrono::milliseconds(10000);  // touching every page is slow on a loaded box
  expect_declared_outcome("memory_bomb.cpp", limits);
}

TEST(Sandbox, reports_segfault_as_crash_with_signal_name) {
  const RunOutcome outcome = expect_declared_outcome("segfault.cpp");
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_EQ(outcome.failure->signal, SIGSEGV);
  EXPECT_NE(outcome.failure->detail.find("SIGSEGV"), std::string::npos) << outcome.describe();
}

TEST(Sandbox, reports_stack_overflow_as_crash) { expect_declared_outcome("stack_overflow.cpp"); }

TEST(Sandbox, lets_abort_raise_sigabrt_on_itself) {
  const RunOutcome outcome = expect_declared_outcome("abort.cpp");
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_EQ(outcome.failure->signal, SIGABRT);
}

TEST(Sandbox, kills_worker_that_opens_etc_passwd) {
  const RunOutcome outcome = expect_declared_outcome("open_passwd.cpp");
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_NE(outcome.failure->detail.find("seccomp (SIGSYS)"), std::string::npos) << outcome.describe();
}

TEST(Sandbox, kills_worker_that_creates_files_and_leaves_none) {
  fs::remove("/tmp/opsynth_escape_marker");
  const fs::path exe = build_candidate("create_file.cpp");
  ASSERT_FALSE(exe.empty());
  fs::path workdir;
  {
    auto session = WorkerSession::start(exe, test_limits());
    ASSERT_TRUE(session.ok());
    workdir = session->workdir();
    ASSERT_TRUE(fs::is_directory(workdir));
    auto reply = session->exchange(batch(1, {}));
    ASSERT_TRUE(std::holds_alternative<WorkerFailure>(reply));
    EXPECT_EQ(std::get<WorkerFailure>(reply).kind, FailureKind::ForbiddenSyscall);
    EXPECT_TRUE(fs::is_empty(workdir));
    EXPECT_FALSE(fs::exists("/tmp/opsynth_escape_marker"));
  }
  EXPECT_FALSE(fs::exists(workdir)) << "the session's cwd outlived it";
}

TEST(Sandbox, kills_worker_that_connects_a_socket) { expect_declared_outcome("socket_connect.cpp"); }

TEST(Sandbox, kills_worker_that_execs_a_shell) { expect_declared_outcome("exec_shell.cpp"); }

TEST(Sandbox, kills_worker_that_writes_to_stdout) { expect_declared_outcome("write_stdout.cpp"); }

TEST(Sandbox, kills_worker_that_writes_to_stderr) { expect_declared_outcome("write_stderr.cpp"); }

TEST(Sandbox, kills_worker_that_maps_executable_memory) { expect_declared_outcome("mmap_exec.cpp"); }

TEST(Sandbox, rejects_forged_frame_with_wrong_sequence) {
  const RunOutcome outcome = expect_declared_outcome("forged_frame.cpp");
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_NE(outcome.failure->detail.find("sequence 999"), std::string::npos) << outcome.describe();
}

TEST(Sandbox, rejects_reply_followed_by_unrequested_bytes) { expect_declared_outcome("duplicate_reply.cpp"); }

TEST(Sandbox, rejects_garbage_on_the_response_channel) {
  const RunOutcome outcome = expect_declared_outcome("garbage_fd4.cpp");
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_NE(outcome.failure->detail.find("bad frame"), std::string::npos) << outcome.describe();
}

TEST(Sandbox, confines_static_initializers_before_hello) {
  auto session = WorkerSession::start(build_candidate("static_init_open.cpp"), test_limits());
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(session->failure().has_value()) << "static initializer ran unconfined";
  EXPECT_EQ(session->failure()->kind, FailureKind::ForbiddenSyscall) << session->failure()->describe();
  EXPECT_NE(session->failure()->detail.find("before Hello"), std::string::npos);
}

TEST(Sandbox, gives_the_worker_an_empty_environment) {
  ::setenv("OPSYNTH_SECRET_FOR_SANDBOX_TEST", "leaked", 1);
  const RunOutcome outcome = expect_declared_outcome("read_environ.cpp");
  ASSERT_TRUE(outcome.reply.has_value()) << outcome.describe();
  EXPECT_EQ(std::string(outcome.reply->payload.begin(), outcome.reply->payload.end()), "");
}

TEST(Sandbox, parent_survives_worker_that_kills_it) {
  const RunOutcome outcome = expect_declared_outcome("kill_parent.cpp");
  EXPECT_EQ(::kill(::getpid(), 0), 0);  // still here to say so
}

TEST(Sandbox, reports_heap_overflow_in_the_sanitizer_build_with_its_report) {
  SandboxLimits limits = test_limits();
  limits.address_space_bytes = 0;  // ASan reserves terabytes of shadow address space
  limits.stderr_is_diagnostic = true;
  limits.exchange_timeout = std::chrono::milliseconds(5000);
  const RunOutcome outcome = expect_declared_outcome("heap_overflow.cpp", limits, BuildFlavor::Sanitizer);
  ASSERT_TRUE(outcome.failure.has_value());
  EXPECT_NE(outcome.failure->diagnostics.find("heap-buffer-overflow"), std::string::npos)
      << outcome.failure->diagnostics;
}

TEST(Sandbox, sanitizer_build_still_kills_forbidden_syscalls) {
  SandboxLimits limits = test_limits();
  limits.address_space_bytes = 0;
  limits.stderr_is_diagnostic = true;
  limits.exchange_timeout = std::chrono::milliseconds(5000);
  const RunOutcome outcome = run_once(build_candidate("exec_shell.cpp", BuildFlavor::Sanitizer), limits);
  ASSERT_TRUE(outcome.failure.has_value()) << outcome.describe();
  EXPECT_EQ(outcome.failure->kind, FailureKind::ForbiddenSyscall) << outcome.describe();
}

TEST(Sandbox, reports_tool_error_for_missing_executable) {
  auto session = WorkerSession::start("/nonexistent/worker", test_limits());
  ASSERT_FALSE(session.ok());
  EXPECT_NE(session.error().describe().find("/nonexistent/worker"), std::string::npos);
}

TEST(Sandbox, every_candidate_file_declares_its_expected_outcome) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(candidate_path(""))) {
    const std::string expected = expectation(read_text(entry.path()));
    EXPECT_TRUE(expected == "Reply" || expected == "Crashed" || expected == "Timeout" ||
                expected == "ForbiddenSyscall" || expected == "MemoryLimit" || expected == "CpuLimit" ||
                expected == "ExitedEarly" || expected == "ProtocolViolation" || expected == "SanitizerReport")
        << entry.path() << ": '" << expected << "'";
    ++count;
  }
  EXPECT_GE(count, 15u);
}

// Measurements for the report; printed, bounded loosely so a slow CI machine does not flake.
TEST(Sandbox, measures_startup_round_trip_and_megabyte_cost) {
  const fs::path exe = build_candidate("echo.cpp");
  ASSERT_FALSE(exe.empty());
  auto session = WorkerSession::start(exe, test_limits());
  ASSERT_TRUE(session.ok());
  ASSERT_FALSE(session->failure());
  using Clock = std::chrono::steady_clock;
  auto time_exchanges = [&](std::uint64_t first, int count, std::size_t size) {
    const auto started = Clock::now();
    for (int i = 0; i < count; ++i) {
      auto reply = session->exchange(batch(first + i, std::vector<unsigned char>(size, 1)));
      EXPECT_TRUE(std::holds_alternative<Frame>(reply));
    }
    return std::chrono::duration<double, std::micro>(Clock::now() - started).count() / count;
  };
  const double small_us = time_exchanges(1, 1000, 16);
  const double megabyte_us = time_exchanges(2000, 20, 1u << 20);
  std::printf("[measure] startup (spawn to Hello): %lld us\n",
              static_cast<long long>(session->startup_time().count()));
  std::printf("[measure] echo round trip (16 B): %.1f us\n", small_us);
  std::printf("[measure] echo round trip (1 MiB): %.1f us\n", megabyte_us);
  EXPECT_GT(session->startup_time().count(), 0);
  EXPECT_GT(small_us, 0.0);
  EXPECT_FALSE(session->shutdown().has_value());
}

}  // namespace
}  // namespace opsynth

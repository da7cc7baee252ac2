// The parent side of the sandbox: spawn a candidate worker confined, talk frames to it, name why it died.
//
// Two kinds of trouble are kept apart: an Error (Result) is the tool's own failure (cannot fork, exe
// missing) and becomes verdict ERROR; a WorkerFailure is the candidate's doing and becomes a rejection.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "core/error.hpp"
#include "core/frame.hpp"

namespace opsynth {

struct SandboxLimits {
  std::chrono::milliseconds start_timeout{5000};     // spawn to Hello
  std::chrono::milliseconds exchange_timeout{5000};  // request sent to reply read, per exchange
  unsigned cpu_seconds = 10;                          // RLIMIT_CPU soft (SIGXCPU); hard = soft + 1
  std::uint64_t address_space_bytes = 1ull << 30;    // RLIMIT_AS; 0 = unlimited (sanitizer builds)
  std::size_t max_reply_bytes = 64u << 20;           // a larger reply frame is a protocol violation
  std::size_t max_diagnostic_bytes = 64u << 10;      // stderr kept for reports (sanitizer builds)
  bool stderr_is_diagnostic = false;                 // sanitizer build: stderr carries ASan/UBSan reports
};

enum class FailureKind {
  Crashed,            // died by a signal (SIGSEGV, SIGABRT, SIGFPE, ...)
  Timeout,            // wall clock ran out; the parent killed the process group
  ForbiddenSyscall,   // killed by seccomp (SIGSYS)
  MemoryLimit,        // allocation failed under RLIMIT_AS
  CpuLimit,           // RLIMIT_CPU (SIGXCPU, or SIGKILL at the hard limit)
  ExitedEarly,        // exited while the verifier still expected frames
  ProtocolViolation,  // bad frame, wrong sequence, extra bytes, wrote to stdout/stderr
  SanitizerReport,    // ASan/UBSan stopped it (sanitizer build)
};

const char* failure_kind_name(FailureKind kind);

struct WorkerFailure {
  FailureKind kind = FailureKind::Crashed;
  int signal = 0;          // terminating signal, if any
  int exit_code = -1;      // exit status, if it exited
  std::string detail;      // e.g. "killed by seccomp (SIGSYS)", "wrong sequence number 9, expected 8"
  std::string diagnostics; // bounded stderr (sanitizer reports); empty otherwise

  std::string describe() const;  // "ForbiddenSyscall: killed by seccomp (SIGSYS)"
};

// The reply to one request, or why there is none.
using ExchangeOutcome = std::variant<Frame, WorkerFailure>;

// One running worker. Move-only; the destructor kills the process group, reaps it and removes its cwd.
class WorkerSession {
 public:
  // Spawns `exe` confined and waits for its Hello. A worker that dies before Hello still yields a session,
  // with failure() set; only tool failures are Errors.
  static Result<WorkerSession> start(const std::filesystem::path& exe, const SandboxLimits& limits);

  WorkerSession(WorkerSession&& other) noexcept;
  WorkerSession& operator=(WorkerSession&& other) noexcept;
  WorkerSession(const WorkerSession&) = delete;
  WorkerSession& operator=(const WorkerSession&) = delete;
  ~WorkerSession();

  // Sends `request` (its sequence number must be fresh) and waits for the Results frame that answers it.
  // After a failure the session is dead and every later call returns that failure.
  ExchangeOutcome exchange(const Frame& request);
  // The same with a longer wall-clock budget than the limits' exchange_timeout (never a shorter one).
  ExchangeOutcome exchange(const Frame& request, std::chrono::milliseconds timeout);

  // Sends Shutdown and waits for a clean exit with no stray output. nullopt = clean.
  std::optional<WorkerFailure> shutdown();

  const std::optional<WorkerFailure>& failure() const { return failure_; }
  std::chrono::microseconds startup_time() const { return startup_time_; }  // spawn to Hello
  const std::filesystem::path& workdir() const { return workdir_; }
  pid_t pid() const { return pid_; }
  // CPU seconds the worker has used so far (user + system, from /proc); 0 when unknown. RLIMIT_CPU counts
  // a process's whole life, so a long run restarts its worker before the limit would end a healthy batch.
  double cpu_seconds() const;

 private:
  WorkerSession() = default;
  struct Io;  // poll loop over the pipes (sandbox.cpp)

  WorkerFailure fail(WorkerFailure failure);
  WorkerFailure fail_from_exit(std::string context);
  std::optional<WorkerFailure> await_frame(FrameKind kind, std::uint64_t sequence,
                                           std::chrono::milliseconds timeout, Frame* out);
  bool drain_output(int timeout_ms);
  void kill_and_reap();
  void release();

  pid_t pid_ = -1;
  int request_fd_ = -1;   // parent end of the worker's fd 3 (socket: writes never raise SIGPIPE)
  int response_fd_ = -1;  // parent end of the worker's fd 4
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::filesystem::path workdir_;
  SandboxLimits limits_;
  FrameReader reader_;
  std::string stray_stdout_;
  std::string stderr_text_;
  std::uint64_t last_sequence_ = 0;
  bool reaped_ = false;
  int wait_status_ = 0;
  bool killed_by_parent_ = false;
  std::optional<WorkerFailure> failure_;
  std::chrono::microseconds startup_time_{0};
};

}  // namespace opsynth

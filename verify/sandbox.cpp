// WorkerSession: spawns a candidate worker confined and holds it to the frame protocol (verify/sandbox.hpp).
//
// The child gets: an empty environment, stdin = /dev/null, stdout/stderr = pipes we drain (any byte there is
// a protocol violation unless it is a sanitizer report), fd 3 = request socket, fd 4 = response pipe, no other
// fd, a fresh empty cwd, its own process group, RLIMIT_CPU and RLIMIT_AS. The worker's .preinit_array adds
// the rest (verify/worker/sandbox_install.cpp). Every wait here is bounded by a wall-clock deadline.
#include "verify/sandbox.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "verify/worker/worker.hpp"

namespace opsynth {
namespace {

using Clock = std::chrono::steady_clock;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Everything the child needs, prepared before fork: after fork only async-signal-safe calls are allowed
// (the verifier embeds CPython and may have threads).
struct ChildPlan {
  std::string exe;
  std::string workdir;
  std::array<int, 5> fds;  // become fds 0..4
  rlimit cpu;
  rlimit address_space;
  bool limit_address_space;
  rlimit data;  // RLIMIT_DATA at its hard limit: the worker's bound is its own, not the parent's cap
};

[[noreturn]] void exec_child(const ChildPlan& plan) {
  ::setpgid(0, 0);
  // Move sources above 4 first so that placing one cannot clobber another.
  std::array<int, 5> high{};
  for (int i = 0; i < 5; ++i) {
    high[i] = ::fcntl(plan.fds[i], F_DUPFD, 10);
    if (high[i] < 0) ::_exit(127);
  }
  for (int i = 0; i < 5; ++i) {
    if (::dup2(high[i], i) < 0) ::_exit(127);
  }
  ::close_range(5, ~0u, 0);
  // exec keeps the signal mask and ignored signals (CPython ignores SIGPIPE): start from defaults.
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGSEGV, SIGABRT, SIGSYS}) ::signal(sig, SIG_DFL);
  if (::setrlimit(RLIMIT_CPU, &plan.cpu) != 0) ::_exit(127);
  if (plan.limit_address_space && ::setrlimit(RLIMIT_AS, &plan.address_space) != 0) ::_exit(127);
  // A sanitizer build maps terabytes of shadow memory, which a capped data segment would refuse.
  if (::setrlimit(RLIMIT_DATA, &plan.data) != 0) ::_exit(127);
  if (::chdir(plan.workdir.c_str()) != 0) ::_exit(127);
  char* const argv[] = {const_cast<char*>(plan.exe.c_str()), nullptr};
  char* const envp[] = {nullptr};
  ::execve(plan.exe.c_str(), argv, envp);
  ::_exit(127);
}

Result<std::filesystem::path> make_workdir() {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "opsynth-worker-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return Error{errno_text("mkdtemp"), pattern};
  return std::filesystem::path(pattern);
}

// Opened fds of one spawn; closes whatever was not handed over.
struct SpawnFds {
  int request[2] = {-1, -1};   // socketpair: [0] parent, [1] child fd 3
  int response[2] = {-1, -1};  // pipe: [0] parent, [1] child fd 4
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  int devnull = -1;
  ~SpawnFds() {
    for (int* fd : {&request[0], &request[1], &response[0], &response[1], &out[0], &out[1], &err[0], &err[1],
                    &devnull})
      close_fd(*fd);
  }
  bool open(std::string* error) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, request) != 0) return *error = errno_text("socketpair"), false;
    if (::pipe2(response, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
      return *error = errno_text("pipe2"), false;
    devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) return *error = errno_text("open /dev/null"), false;
    return true;
  }
};

int take(int& fd) {
  const int taken = fd;
  fd = -1;
  return taken;
}

WorkerFailure failure_of(FailureKind kind, std::string detail) {
  WorkerFailure failure;
  failure.kind = kind;
  failure.detail = std::move(detail);
  return failure;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

const char* failure_kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::Crashed: return "Crashed";
    case FailureKind::Timeout: return "Timeout";
    case FailureKind::ForbiddenSyscall: return "ForbiddenSyscall";
    case FailureKind::MemoryLimit: return "MemoryLimit";
    case FailureKind::CpuLimit: return "CpuLimit";
    case FailureKind::ExitedEarly: return "ExitedEarly";
    case FailureKind::ProtocolViolation: return "ProtocolViolation";
    case FailureKind::SanitizerReport: return "SanitizerReport";
  }
  return "Unknown";
}

std::string WorkerFailure::describe() const {
  return std::string(failure_kind_name(kind)) + (detail.empty() ? "" : ": " + detail);
}

Result<WorkerSession> WorkerSession::start(const std::filesystem::path& exe, const SandboxLimits& limits) {
  if (::access(exe.c_str(), X_OK) != 0) return Error{errno_text("worker executable"), exe.string()};
  auto workdir = make_workdir();
  if (!workdir) return workdir.error();

  WorkerSession session;
  session.workdir_ = *workdir;
  session.limits_ = limits;
  SpawnFds fds;
  std::string error;
  if (!fds.open(&error)) return Error{error, exe.string()};

  const rlim_t cpu = limits.cpu_seconds;
  rlimit data{RLIM_INFINITY, RLIM_INFINITY};
  if (::getrlimit(RLIMIT_DATA, &data) == 0) data.rlim_cur = data.rlim_max;
  const ChildPlan plan{exe.string(),
                       workdir->string(),
                       {fds.devnull, fds.out[1], fds.err[1], fds.request[1], fds.response[1]},
                       rlimit{cpu, cpu + 1},
                       rlimit{limits.address_space_bytes, limits.address_space_bytes},
                       limits.address_space_bytes != 0,
                       data};
  const auto started = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return Error{errno_text("fork"), exe.string()};
  if (pid == 0) exec_child(plan);
  ::setpgid(pid, pid);  // also from here, so a kill(-pid) cannot race the child's own setpgid
  session.pid_ = pid;
  session.request_fd_ = take(fds.request[0]);
  session.response_fd_ = take(fds.response[0]);
  session.stdout_fd_ = take(fds.out[0]);
  session.stderr_fd_ = take(fds.err[0]);
  for (int fd : {session.request_fd_, session.response_fd_, session.stdout_fd_, session.stderr_fd_})
    set_nonblocking(fd);
  // Drop our copies of the child's ends: from now on EOF on fd 4 means the worker is gone.
  for (int* fd : {&fds.request[1], &fds.response[1], &fds.out[1], &fds.err[1], &fds.devnull}) close_fd(*fd);
  Frame hello;
  session.await_frame(FrameKind::Hello, 0, limits.start_timeout, &hello);
  session.startup_time_ = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  return session;
}

WorkerSession::WorkerSession(WorkerSession&& other) noexcept { *this = std::move(other); }

WorkerSession& WorkerSession::operator=(WorkerSession&& other) noexcept {
  if (this == &other) return *this;
  release();
  pid_ = std::exchange(other.pid_, -1);
  request_fd_ = std::exchange(other.request_fd_, -1);
  response_fd_ = std::exchange(other.response_fd_, -1);
  stdout_fd_ = std::exchange(other.stdout_fd_, -1);
  stderr_fd_ = std::exchange(other.stderr_fd_, -1);
  workdir_ = std::exchange(other.workdir_, {});
  limits_ = other.limits_;
  reader_ = std::move(other.reader_);
  stray_stdout_ = std::move(other.stray_stdout_);
  stderr_text_ = std::move(other.stderr_text_);
  last_sequence_ = other.last_sequence_;
  reaped_ = std::exchange(other.reaped_, true);
  wait_status_ = other.wait_status_;
  killed_by_parent_ = other.killed_by_parent_;
  failure_ = std::move(other.failure_);
  startup_time_ = other.startup_time_;
  return *this;
}

WorkerSession::~WorkerSession() { release(); }

double WorkerSession::cpu_seconds() const {
  if (pid_ <= 0 || reaped_) return 0;
  const std::string path = "/proc/" + std::to_string(pid_) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::array<char, 1024> buf{};
  const ssize_t n = ::read(fd, buf.data(), buf.size() - 1);
  ::close(fd);
  if (n <= 0) return 0;
  // Fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
  const char* p = std::strrchr(buf.data(), ')');
  if (!p) return 0;
  unsigned long long utime = 0, stime = 0;
  if (std::sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void WorkerSession::release() {
  kill_and_reap();
  for (int* fd : {&request_fd_, &response_fd_, &stdout_fd_, &stderr_fd_}) close_fd(*fd);
  if (!workdir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(workdir_, ec);
    workdir_.clear();
  }
}

void WorkerSession::kill_and_reap() {
  if (pid_ <= 0 || reaped_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  rusage usage;
  while (::wait4(pid_, &wait_status_, 0, &usage) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

WorkerFailure WorkerSession::fail(WorkerFailure failure) {
  kill_and_reap();
  if (limits_.stderr_is_diagnostic) failure.diagnostics = stderr_text_;
  failure_ = failure;
  return failure;
}

// The worker is gone or going (its fd 4 closed): reap it within a bounded time and name why it ended.
WorkerFailure WorkerSession::fail_from_exit(std::string context) {
  rusage usage{};
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  while (!reaped_) {
    const pid_t got = ::wait4(pid_, &wait_status_, WNOHANG, &usage);
    if (got == pid_) {
      reaped_ = true;
    } else if (Clock::now() > deadline) {
      kill_and_reap();  // closed its pipes yet lives on: it still ends here
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  drain_output(0);  // a dying sanitizer runtime may still have report text in the pipe
  WorkerFailure failure;
  if (WIFSIGNALED(wait_status_)) {
    failure.signal = WTERMSIG(wait_status_);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec);
    if (failure.signal == SIGSYS) {
      failure.kind = FailureKind::ForbiddenSyscall;
      failure.detail = "killed by seccomp (SIGSYS) " + context;
    } else if (failure.signal == SIGXCPU ||
               (failure.signal == SIGKILL && cpu + 0.5 >= static_cast<double>(limits_.cpu_seconds))) {
      failure.kind = FailureKind::CpuLimit;
      failure.detail = "CPU limit of " + std::to_string(limits_.cpu_seconds) + " s (" +
                       signal_name(failure.signal) + ") " + context;
    } else {
      failure.kind = limits_.stderr_is_diagnostic && stderr_text_.find("Sanitizer") != std::string::npos
                         ? FailureKind::SanitizerReport
                         : FailureKind::Crashed;
      failure.detail = signal_name(failure.signal) + " " + context;
    }
  } else {
    failure.exit_code = WEXITSTATUS(wait_status_);
    switch (failure.exit_code) {
      case worker::kExitOutOfMemory:
        failure.kind = FailureKind::MemoryLimit;
        failure.detail = "allocation failed under the address-space limit " + context;
        break;
      case worker::kExitSanitizerReport:
        failure.kind = FailureKind::SanitizerReport;
        failure.detail = "sanitizer report " + context;
        break;
      case worker::kExitSandboxFailed:
        failure.kind = FailureKind::ExitedEarly;
        failure.detail = "sandbox could not be installed " + context;
        break;
      default:
        failure.kind = FailureKind::ExitedEarly;
        failure.detail = "exited with code " + std::to_string(failure.exit_code) + " " + context;
    }
  }
  return fail(std::move(failure));
}

// Reads whatever stdout/stderr hold. Returns false when the worker wrote where it must not.
bool WorkerSession::drain_output(int timeout_ms) {
  for (int* fd : {&stdout_fd_, &stderr_fd_}) {
    if (*fd < 0) continue;
    pollfd p{*fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(*fd, buffer, sizeof buffer);
    if (n == 0) close_fd(*fd);
    if (n <= 0) continue;
    if (fd == &stderr_fd_ && limits_.stderr_is_diagnostic) {
      const std::size_t room = limits_.max_diagnostic_bytes - std::min(limits_.max_diagnostic_bytes, stderr_text_.size());
      stderr_text_.append(buffer, std::min(room, static_cast<std::size_t>(n)));
      continue;
    }
    stray_stdout_ = std::string(fd == &stdout_fd_ ? "stdout" : "stderr") + " (" + std::to_string(n) + "+ bytes)";
    return false;
  }
  return true;
}

// Pumps the pipes until a frame is complete, then holds it to the protocol: the expected kind and sequence,
// and not one byte more.
std::optional<WorkerFailure> WorkerSession::await_frame(FrameKind kind, std::uint64_t sequence,
                                                        std::chrono::milliseconds timeout, Frame* out) {
  const std::string context = kind == FrameKind::Hello ? "before Hello" : "before reply " + std::to_string(sequence);
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (std::optional<Frame> frame = reader_.next()) {
      if (frame->kind != kind || frame->sequence != sequence)
        return fail(failure_of(FailureKind::ProtocolViolation,
                     "expected frame kind " + std::to_string(static_cast<int>(kind)) + " sequence " +
                         std::to_string(sequence) + ", got kind " + std::to_string(static_cast<int>(frame->kind)) +
                         " sequence " + std::to_string(frame->sequence)));
      if (reader_.buffered() != 0)
        return fail(failure_of(FailureKind::ProtocolViolation,
                     std::to_string(reader_.buffered()) + " extra bytes after the frame " + context));
      *out = std::move(*frame);
      return std::nullopt;
    }
    if (reader_.failed())
      return fail(failure_of(FailureKind::ProtocolViolation, "bad frame " + context + ": " + reader_.error()));
    if (reader_.buffered() > limits_.max_reply_bytes + kFrameHeaderSize)
      return fail(failure_of(FailureKind::ProtocolViolation, "reply larger than the limit " + context));

    std::array<pollfd, 3> polled{{{response_fd_, POLLIN, 0}, {stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}}};
    const int ready = ::poll(polled.data(), polled.size(), remaining_ms(deadline));
    if (ready < 0 && errno != EINTR) return fail(failure_of(FailureKind::Crashed, errno_text("poll")));
    if (ready == 0 && Clock::now() >= deadline) {
      killed_by_parent_ = true;
      return fail(failure_of(FailureKind::Timeout,
                   "no frame within " + std::to_string(timeout.count()) + " ms " + context));
    }
    if (!drain_output(0))
      return fail(failure_of(FailureKind::ProtocolViolation, "wrote to " + stray_stdout_ + " " + context));
    if (polled[0].revents == 0) continue;
    unsigned char buffer[65536];
    const ssize_t n = ::read(response_fd_, buffer, sizeof buffer);
    if (n > 0) reader_.feed(buffer, static_cast<std::size_t>(n));
    if (n == 0) {
      if (reader_.buffered() != 0)
        return fail(failure_of(FailureKind::ProtocolViolation, "truncated frame then EOF " + context));
      return fail_from_exit(context);
    }
  }
}

ExchangeOutcome WorkerSession::exchange(const Frame& request) { return exchange(request, limits_.exchange_timeout); }

ExchangeOutcome WorkerSession::exchange(const Frame& request, std::chrono::milliseconds timeout) {
  timeout = std::max(timeout, limits_.exchange_timeout);
  if (failure_) return *failure_;
  // Bytes that arrived since the last reply were never asked for.
  if (!drain_output(0))
    return fail(failure_of(FailureKind::ProtocolViolation, "wrote to " + stray_stdout_ + " between requests"));
  unsigned char probe[256];
  const ssize_t stray = ::read(response_fd_, probe, sizeof probe);
  if (stray > 0)
    return fail(failure_of(FailureKind::ProtocolViolation, "unrequested bytes on fd 4 after the previous reply"));
  if (stray == 0) return fail_from_exit("between requests");

  const std::vector<unsigned char> bytes = encode_frame(request);
  const auto deadline = Clock::now() + timeout;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    // Keep reading while writing: a worker that writes instead of reading must not deadlock us.
    std::array<pollfd, 2> polled{{{request_fd_, POLLOUT, 0}, {response_fd_, POLLIN, 0}}};
    const int ready = ::poll(polled.data(), polled.size(), remaining_ms(deadline));
    if (ready == 0 && Clock::now() >= deadline) {
      killed_by_parent_ = true;
      return fail(failure_of(FailureKind::Timeout, "request not consumed in time"));
    }
    if (polled[1].revents != 0) break;  // early output or death: await_frame judges it
    if (polled[0].revents & (POLLERR | POLLHUP)) break;
    if (polled[0].revents & POLLOUT) {
      const ssize_t n = ::send(request_fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) break;
    }
  }
  Frame reply;
  last_sequence_ = request.sequence;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (auto failed = await_frame(FrameKind::Results, request.sequence,
                                std::max(left, std::chrono::milliseconds(0)), &reply))
    return *failed;
  return reply;
}

std::optional<WorkerFailure> WorkerSession::shutdown() {
  if (failure_) return failure_;
  const std::vector<unsigned char> bytes = encode_frame(Frame{FrameKind::Shutdown, last_sequence_ + 1, {}});
  ::send(request_fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);  // 13 bytes: fits any socket buffer
  // After Shutdown the only acceptable event is EOF on fd 4 and exit status 0.
  const auto deadline = Clock::now() + limits_.exchange_timeout;
  for (;;) {
    pollfd p{response_fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready == 0 && Clock::now() >= deadline) {
      killed_by_parent_ = true;
      return fail(failure_of(FailureKind::Timeout, "did not exit after Shutdown"));
    }
    if (!drain_output(0))
      return fail(failure_of(FailureKind::ProtocolViolation, "wrote to " + stray_stdout_ + " at shutdown"));
    unsigned char buffer[256];
    const ssize_t n = ::read(response_fd_, buffer, sizeof buffer);
    if (n > 0) return fail(failure_of(FailureKind::ProtocolViolation, "unrequested bytes on fd 4 at shutdown"));
    if (n == 0) break;
  }
  WorkerFailure ended = fail_from_exit("at shutdown");
  if (ended.kind == FailureKind::ExitedEarly && ended.exit_code == 0) {
    failure_.reset();
    return std::nullopt;
  }
  return ended;
}

}  // namespace opsynth

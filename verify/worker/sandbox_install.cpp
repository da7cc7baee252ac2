// The worker's sandbox installer, run from .preinit_array before any other initializer of the process.
//
// glibc runs the executable's .preinit_array after the dynamic loader has mapped every library and
// before any .init_array entry: libstdc++'s, the candidate's static constructors, ours. So a hostile
// static initializer already runs confined. Only raw syscalls and plain libc here: no iostream, no
// allocation beyond warming malloc.
//
// Layers (the parent also sets RLIMIT_CPU and RLIMIT_AS between fork and execve, see verify/sandbox.cpp):
//   rlimits: no file may grow (FSIZE 0), no core dumps, no new processes, no fd beyond 0..4;
//   PR_SET_NO_NEW_PRIVS (required for an unprivileged filter, and stops setuid escalation);
//   PR_SET_DUMPABLE 0 (no ptrace or /proc/<pid>/mem from same-uid processes);
//   a seccomp BPF allowlist whose default action is SECCOMP_RET_KILL_PROCESS.
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>

#include "verify/worker/worker.hpp"

namespace opsynth::worker {
namespace {

bool g_sandbox_in_force = false;

// A fixed-size classic-BPF program builder: the installer must not depend on the heap it is confining.
class FilterProgram {
 public:
  bool overflowed() const { return overflowed_; }
  sock_fprog program() { return sock_fprog{static_cast<unsigned short>(size_), code_}; }

  void emit(std::uint16_t code, std::uint32_t k, std::uint8_t jt = 0, std::uint8_t jf = 0) {
    if (size_ == kCapacity) {
      overflowed_ = true;
      return;
    }
    code_[size_++] = sock_filter{code, jt, jf, k};
  }
  void load(std::uint32_t offset) { emit(BPF_LD | BPF_W | BPF_ABS, offset); }
  void ret(std::uint32_t action) { emit(BPF_RET | BPF_K, action); }

  // nr -> allow, whatever the arguments.
  void allow(long nr) {
    emit(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1);
    ret(SECCOMP_RET_ALLOW);
  }
  // nr -> allow only if the low 32 bits of argument `arg` equal one of `values` (fds and pids are ints).
  void allow_if_arg_in(long nr, int arg, std::initializer_list<std::uint32_t> values) {
    const auto count = static_cast<std::uint8_t>(values.size());
    emit(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, static_cast<std::uint8_t>(count + 3));
    load(arg_low_word(arg));
    std::uint8_t remaining = count;
    for (std::uint32_t value : values) emit(BPF_JMP | BPF_JEQ | BPF_K, value, remaining--, 0);
    ret(SECCOMP_RET_KILL_PROCESS);  // A was clobbered by the argument load: decide here
    ret(SECCOMP_RET_ALLOW);
  }
  // nr -> allow only if none of `mask` is set in argument `arg` (PROT_EXEC for mmap/mprotect).
  void allow_if_arg_lacks(long nr, int arg, std::uint32_t mask) {
    emit(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 4);
    load(arg_low_word(arg));
    emit(BPF_JMP | BPF_JSET | BPF_K, mask, 1, 0);
    ret(SECCOMP_RET_ALLOW);
    ret(SECCOMP_RET_KILL_PROCESS);
  }
  // nr -> fail with errno instead of dying (only the sanitizer runtime's probes need this).
  void deny_with_errno(long nr, int error) {
    emit(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1);
    ret(SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(error) & SECCOMP_RET_DATA));
  }

 private:
  static std::uint32_t arg_low_word(int arg) {
    // x86-64 is little-endian: the low 32 bits of args[i] come first.
    return static_cast<std::uint32_t>(offsetof(seccomp_data, args) + 8 * arg);
  }

  static constexpr std::size_t kCapacity = 128;
  sock_filter code_[kCapacity] = {};
  std::size_t size_ = 0;
  bool overflowed_ = false;
};

#if !defined(__x86_64__)
#error "the worker seccomp filter is written for x86-64 syscall numbers"
#endif

void build_filter(FilterProgram& filter, pid_t self) {
  // Refuse other syscall ABIs (i386 via int 0x80, x32): their numbers mean different calls.
  filter.load(offsetof(seccomp_data, arch));
  filter.emit(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  filter.ret(SECCOMP_RET_KILL_PROCESS);
  filter.load(offsetof(seccomp_data, nr));
  filter.emit(BPF_JMP | BPF_JSET | BPF_K, __X32_SYSCALL_BIT, 0, 1);
  filter.ret(SECCOMP_RET_KILL_PROCESS);

  // The frame channel, and nothing else of the file table.
  filter.allow_if_arg_in(SYS_read, 0, {kRequestFd});
#if defined(OPSYNTH_WORKER_SANITIZER)
  filter.allow_if_arg_in(SYS_write, 0, {kResponseFd, 2});  // fd 2: ASan/UBSan reports (see below)
#else
  filter.allow_if_arg_in(SYS_write, 0, {kResponseFd});
#endif
  // The allocator: never executable memory, so a candidate cannot write and run new code.
  filter.allow(SYS_brk);
  filter.allow_if_arg_lacks(SYS_mmap, 2, PROT_EXEC);
  filter.allow_if_arg_lacks(SYS_mprotect, 2, PROT_EXEC);
  filter.allow(SYS_munmap);
  filter.allow(SYS_mremap);
  filter.allow(SYS_madvise);
  // Ending, and abort(): it masks signals, then tgkill(getpid(), gettid(), SIGABRT) on itself only.
  filter.allow(SYS_exit_group);
  filter.allow(SYS_exit);
  filter.allow(SYS_rt_sigreturn);
  filter.allow(SYS_rt_sigprocmask);
  filter.allow(SYS_getpid);
  filter.allow(SYS_gettid);
  filter.allow_if_arg_in(SYS_tgkill, 0, {static_cast<std::uint32_t>(self)});
  // Uncontended locks in libstdc++ (static-local guards), and clocks when the vDSO is unavailable.
  filter.allow(SYS_futex);
  filter.allow(SYS_clock_gettime);
#if defined(OPSYNTH_WORKER_SANITIZER)
  // Sanitizer build only (runs candidates that already passed the release build): ASan/UBSan print their
  // report to fd 2 and inspect their own mappings; probes that would open files get EACCES, not death.
  filter.allow(SYS_sigaltstack);
  filter.allow(SYS_rt_sigaction);
  filter.allow(SYS_sched_yield);
  filter.allow(SYS_getrlimit);
  filter.allow(SYS_prlimit64);
  filter.allow(SYS_mincore);
  filter.allow(SYS_uname);
  filter.deny_with_errno(SYS_ioctl, 25);  // ENOTTY: isatty probes
  filter.deny_with_errno(SYS_open, 13);
  filter.deny_with_errno(SYS_openat, 13);
  filter.deny_with_errno(SYS_readlink, 13);
  filter.deny_with_errno(SYS_readlinkat, 13);
  // ASan's unwinder (taken on every C++ throw) probes whether memory is readable through a pipe; a failed
  // pipe makes it treat the range as unreadable, which only shortens its stack traces.
  filter.deny_with_errno(SYS_pipe, 1);
  filter.deny_with_errno(SYS_pipe2, 1);
#endif
  filter.ret(SECCOMP_RET_KILL_PROCESS);
}

bool limit(int resource, rlim_t value) {
  const rlimit bound{value, value};
  return ::setrlimit(resource, &bound) == 0;
}

bool install_rlimits() {
  // RLIMIT_NPROC does not bind root; seccomp (no clone/fork) is the real guard against new processes.
  return limit(RLIMIT_FSIZE, 0) && limit(RLIMIT_CORE, 0) && limit(RLIMIT_NPROC, 0) &&
         limit(RLIMIT_NOFILE, kResponseFd + 1);
}

bool install_seccomp() {
  FilterProgram filter;
  build_filter(filter, ::getpid());
  if (filter.overflowed()) return false;
  sock_fprog program = filter.program();
  return ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

void install_sandbox(int, char**, char**) {
  // glibc's malloc initialises lazily (tcache key from getrandom): do it now, while that is allowed.
  // volatile: the compiler may otherwise elide an unused malloc/free pair.
  void* volatile warm = std::malloc(1);
  std::free(warm);
  const bool ok = install_rlimits() && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && install_seccomp();
  if (!ok) ::_exit(kExitSandboxFailed);
  g_sandbox_in_force = true;
}

// Runs before every .init_array entry of the process (see the file comment).
[[gnu::used, gnu::section(".preinit_array")]] void (*g_install_sandbox)(int, char**, char**) =
    &install_sandbox;

}  // namespace

bool sandbox_in_force() { return g_sandbox_in_force; }

}  // namespace opsynth::worker

#if defined(OPSYNTH_WORKER_SANITIZER)
// The environment is empty, so sanitizer options are compiled in. A report ends the process with
// kExitSanitizerReport; no leak checker (it needs ptrace and threads), no symbolizer (it would exec).
extern "C" const char* __asan_default_options() {
  return "exitcode=74:detect_leaks=0:symbolize=0:color=never:allocator_may_return_null=0";
}
extern "C" const char* __ubsan_default_options() {
  return "exitcode=74:halt_on_error=1:print_stacktrace=0:symbolize=0:color=never";
}
#endif

// The generic half of a candidate worker: the frame loop a generated harness calls from main().
// Linking libopsynth_worker.a also links the sandbox installer (sandbox_install.cpp), which runs from
// .preinit_array, so the sandbox is in force before any static initializer of the candidate or libstdc++.
//
// Channel: Batch frames arrive on fd 3, Results frames leave on fd 4; nothing else is allowed.
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace opsynth::worker {

inline constexpr int kRequestFd = 3;
inline constexpr int kResponseFd = 4;

// Exit codes the parent (verify/sandbox.cpp) maps to failure kinds. A hostile candidate can exit with any
// of them itself; that only mislabels its own rejection.
inline constexpr int kExitProtocolError = 70;    // the verifier sent something out of protocol
inline constexpr int kExitOutOfMemory = 71;      // std::bad_alloc escaped the handler (RLIMIT_AS)
inline constexpr int kExitUncaughtException = 72;
inline constexpr int kExitSandboxFailed = 73;    // installer could not install the sandbox: never run
inline constexpr int kExitSanitizerReport = 74;  // ASan/UBSan found an error (sanitizer build)

// Maps one Batch payload to one Results payload. Encodings are the harness's business.
using BatchHandler = std::function<std::vector<unsigned char>(std::span<const unsigned char> batch)>;

// Sends Hello, then answers every Batch with a Results frame of the same sequence number until
// Shutdown or EOF. Returns the process exit code.
int worker_main(const BatchHandler& handler);

// True once the preinit installer has put rlimits, no_new_privs and the seccomp filter in force.
bool sandbox_in_force();

}  // namespace opsynth::worker

// The worker's frame loop: Hello, then Batch -> handler -> Results with the same sequence number.
#include <unistd.h>

#include <new>

#include "core/frame.hpp"
#include "verify/worker/worker.hpp"

namespace opsynth::worker {
namespace {

// Runs the candidate's batch; maps escaping C++ failures to exit codes the parent can name.
// _exit, not exit: a candidate's atexit handlers and static destructors have nothing to add.
std::vector<unsigned char> run_handler(const BatchHandler& handler, const std::vector<unsigned char>& batch) {
  try {
    return handler(std::span<const unsigned char>(batch.data(), batch.size()));
  } catch (const std::bad_alloc&) {
    ::_exit(kExitOutOfMemory);
  } catch (...) {
    ::_exit(kExitUncaughtException);
  }
}

}  // namespace

int worker_main(const BatchHandler& handler) {
  // Never run a candidate unconfined, whatever went wrong at link or load time.
  if (!sandbox_in_force()) ::_exit(kExitSandboxFailed);
  std::string error;
  if (!write_frame(kResponseFd, Frame{FrameKind::Hello, 0, {}}, &error)) return kExitProtocolError;
  for (;;) {
    std::optional<Frame> request = read_frame(kRequestFd, &error);
    if (!request) return error.empty() ? 0 : kExitProtocolError;  // EOF: the verifier is done with us
    if (request->kind == FrameKind::Shutdown) return 0;
    if (request->kind != FrameKind::Batch) return kExitProtocolError;
    Frame reply{FrameKind::Results, request->sequence, run_handler(handler, request->payload)};
    if (!write_frame(kResponseFd, reply, &error)) return kExitProtocolError;
  }
}

}  // namespace opsynth::worker

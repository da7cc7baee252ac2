// expect: Crashed
// Calls abort(): the sandbox must let it raise SIGABRT on itself (a crash, not a forbidden syscall).
#include <cstdlib>
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  if (!batch.empty()) std::abort();
  return {};
}

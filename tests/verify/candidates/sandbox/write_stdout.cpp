// expect: ForbiddenSyscall
// Prints to stdout, which the protocol forbids; seccomp stops the write itself.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  ::write(1, "hello from the candidate\n", 25);
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

// expect: ForbiddenSyscall
// Prints to stderr through stdio, which the protocol forbids.
#include <cstdio>
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  std::fprintf(stderr, "debug output from the candidate\n");
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

// expect: Crashed
// Unbounded recursion with a frame the optimiser cannot remove.
#include <span>
#include <vector>

int descend(int depth) {
  volatile char frame[4096];
  frame[0] = static_cast<char>(depth);
  return descend(depth + 1) + frame[0];
}

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  return {static_cast<unsigned char>(descend(0))};
}

// expect: Reply
// The well-behaved worker: answers each batch with its own bytes.
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

// expect: Crashed
// Writes through a null pointer.
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  volatile int* volatile nowhere = nullptr;
  *nowhere = static_cast<int>(batch.size());
  return {};
}

// expect: ProtocolViolation
// Writes bytes that are no frame at all (an unknown kind in the header) to fd 4.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  ::write(4, "this is not a frame, just garbage bytes", 39);
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

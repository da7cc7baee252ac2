// expect: ProtocolViolation
// Writes a correct-looking reply for sequence 1 itself, so the real reply becomes unrequested extra bytes.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  const unsigned char early[] = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3};
  ::write(4, early, sizeof early);
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

// expect: ProtocolViolation
// Writes its own Results frame with a wrong sequence number to fd 4 before the real reply.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  // u32 length 1 | u64 sequence 999 | u8 kind 3 (Results) | payload "X"
  const unsigned char forged[] = {1, 0, 0, 0, 0xe7, 0x03, 0, 0, 0, 0, 0, 0, 3, 'X'};
  ::write(4, forged, sizeof forged);
  return std::vector<unsigned char>(batch.begin(), batch.end());
}

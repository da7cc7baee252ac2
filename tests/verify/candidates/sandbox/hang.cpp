// expect: Timeout
// Never answers: blocks reading fd 3 (an allowed call) for bytes the verifier will not send.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  unsigned char byte;
  for (;;) ::read(3, &byte, 1);
}

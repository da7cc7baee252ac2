// expect: Reply
// Reports every environment entry it sees, NUL-separated; the verifier gives it none.
#include <unistd.h>

#include <cstring>
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  std::vector<unsigned char> seen;
  for (char** entry = environ; entry && *entry; ++entry) {
    seen.insert(seen.end(), *entry, *entry + std::strlen(*entry) + 1);
  }
  return seen;
}

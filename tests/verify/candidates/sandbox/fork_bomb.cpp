// expect: ForbiddenSyscall
// Forks without end; the first fork (clone) must be fatal.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  for (;;) ::fork();
}

// expect: ForbiddenSyscall
// A static initializer opens a file before main: proves the sandbox precedes static initialization.
#include <fcntl.h>

#include <span>
#include <vector>

namespace {
struct Sneaky {
  int fd = ::open("/etc/hostname", O_RDONLY);
};
Sneaky sneaky;
}  // namespace

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  return {static_cast<unsigned char>(sneaky.fd)};
}

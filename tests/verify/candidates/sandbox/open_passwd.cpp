// expect: ForbiddenSyscall
// Tries to read /etc/passwd and smuggle it out in the reply.
#include <fcntl.h>
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  std::vector<unsigned char> stolen(4096);
  const int fd = ::open("/etc/passwd", O_RDONLY);
  const ssize_t n = ::read(fd, stolen.data(), stolen.size());
  stolen.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return stolen;
}

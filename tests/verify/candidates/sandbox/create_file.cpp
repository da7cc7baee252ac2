// expect: ForbiddenSyscall
// Tries to leave files behind, in its cwd and in /tmp.
#include <fcntl.h>
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  for (const char* path : {"opsynth_escape_marker", "/tmp/opsynth_escape_marker"}) {
    const int fd = ::open(path, O_CREAT | O_WRONLY, 0644);
    ::write(fd, "escaped", 7);
  }
  return {'w', 'r', 'o', 't', 'e'};
}

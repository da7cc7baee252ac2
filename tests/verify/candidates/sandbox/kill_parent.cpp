// expect: ForbiddenSyscall
// Tries to kill the verifier that spawned it.
#include <signal.h>
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  ::kill(::getppid(), SIGKILL);
  ::kill(-1, SIGKILL);
  return {'a', 'l', 'i', 'v', 'e'};
}

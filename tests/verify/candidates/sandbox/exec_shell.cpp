// expect: ForbiddenSyscall
// Tries to replace itself with a shell.
#include <unistd.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  char* const argv[] = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>("id"), nullptr};
  char* const envp[] = {nullptr};
  ::execve("/bin/sh", argv, envp);
  return {'e', 'x', 'e', 'c', ' ', 'f', 'a', 'i', 'l', 'e', 'd'};
}

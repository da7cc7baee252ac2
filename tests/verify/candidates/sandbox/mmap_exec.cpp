// expect: ForbiddenSyscall
// Asks for writable+executable memory to run injected machine code.
#include <sys/mman.h>

#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  void* code = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return {static_cast<unsigned char>(code != MAP_FAILED)};
}

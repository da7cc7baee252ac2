// expect: MemoryLimit
// Allocates and touches 64 MiB blocks until the address-space limit stops it.
#include <cstring>
#include <memory>
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  std::vector<std::unique_ptr<char[]>> hoard;
  for (;;) {
    hoard.emplace_back(new char[64u << 20]);
    std::memset(hoard.back().get(), 1, 64u << 20);
  }
}

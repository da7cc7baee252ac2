// expect: CpuLimit
// Spins on the CPU forever without a single syscall.
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char>) {
  volatile unsigned long counter = 0;
  for (;;) counter = counter + 1;
}

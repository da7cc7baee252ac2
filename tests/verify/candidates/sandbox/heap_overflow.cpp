// expect: SanitizerReport
// Writes past the end of a heap buffer: silent in the release build, so it is run in the sanitizer build.
#include <span>
#include <vector>

std::vector<unsigned char> handle_batch(std::span<const unsigned char> batch) {
  std::vector<unsigned char> out(batch.begin(), batch.end());
  volatile unsigned char* past_the_end = out.data() + out.size() + 16;
  *past_the_end = 1;
  return out;
}

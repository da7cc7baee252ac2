// expect: accept
#include <array>
#include <cstdint>

namespace oplib::math {

constexpr std::array<int64_t, 6> kFactorials = {1, 1, 2, 6, 24, 120};
inline constexpr double kLn2 = 0.6931471805599453;
const char* const kNames[] = {"zero", "one"};
static const int kLimit = 20;

int64_t factorial(int64_t n) {
  static constexpr int64_t kSmall = 5;
  static const char* const kMessage = "factorial() not defined for negative values";
  if (n < 0) throw rt::ValueError(kMessage);
  if (n <= kSmall) return kFactorials[static_cast<std::size_t>(n)];
  int64_t r = kFactorials[kSmall];
  for (int64_t i = kSmall + 1; i <= n && i < kLimit; ++i) {
    if (__builtin_mul_overflow(r, i, &r)) throw rt::OverflowError("int too large");
  }
  return r;
}

}  // namespace oplib::math

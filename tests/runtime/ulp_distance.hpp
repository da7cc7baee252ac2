// Distance in units in the last place between two doubles, for the tests of the runtime's own math
// functions against glibc's.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace opsynth::testing {

// Across zero the distance counts the floats between (NaN: equal to NaN only, infinitely far from the rest).
inline std::int64_t ulps(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : std::numeric_limits<std::int64_t>::max();
  auto key = [](double x) {
    const auto bits = std::bit_cast<std::int64_t>(x);
    return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
  };
  const std::int64_t d = key(a) - key(b);
  return d < 0 ? -d : d;
}

}  // namespace opsynth::testing

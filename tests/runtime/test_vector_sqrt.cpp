// rt::vector_sqrt against std::sqrt, bit for bit: every run length around the two-, eight- and
// sixteen-at-a-time steps (whichever the CPU runs),
// unaligned starts, and the values where a square root is special (signed zeros, negatives, inf, NaN,
// subnormals, exact squares).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "runtime/rt/vector_sqrt.hpp"

namespace {

TEST(VectorSqrt, every_length_and_offset_gives_std_sqrt_bits) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> specials = {0.0,   -0.0, 1.0,  4.0,  2.0,  -1.0, inf, -inf,
                                        std::numeric_limits<double>::quiet_NaN(),
                                        -std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::denorm_min(),
                                        std::numeric_limits<double>::min(),
                                        std::numeric_limits<double>::max(), 1e-300, 0.25, 3.0};
  for (std::size_t offset = 0; offset < 3; ++offset) {
    for (std::size_t n = 0; n <= 3 * specials.size() + 1; ++n) {
      std::vector<double> in(offset, 7.0), out(offset + n + 1, -5.0);
      for (std::size_t k = 0; k < n; ++k) in.push_back(specials[(k * 7 + offset) % specials.size()]);
      rt::vector_sqrt::run(in.data() + offset, out.data() + offset, static_cast<std::int64_t>(n));
      for (std::size_t k = 0; k < n; ++k) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(out[offset + k]), std::bit_cast<std::uint64_t>(std::sqrt(in[offset + k])))
            << "sqrt(" << in[offset + k] << ") at " << k << " of " << n;
      }
      EXPECT_EQ(out[offset + n], -5.0) << "wrote past the run of " << n;
    }
  }
}

}  // namespace

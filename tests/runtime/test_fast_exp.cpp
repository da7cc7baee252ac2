// rt::fast_exp against glibc's exp: at most 1 ulp apart everywhere, glibc's own values for every special
// input, and the same bits from every path (scalar, AVX2, AVX-512, any position in a run, in place).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "rt/fast_exp.hpp"
#include "ulp_distance.hpp"

namespace {

using opsynth::testing::ulps;

std::vector<double> special_inputs() {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> xs{0.0, -0.0, 1.0, -1.0, inf, -inf, std::nan(""), -std::nan(""),
                         709.782712893384, 709.7827128933841, 710.0, 1e300, -745.1332191019411, -745.14, -1e300,
                         708.0, -708.0, std::nextafter(708.0, 0.0), std::nextafter(-708.0, 0.0), 707.5, -707.5,
                         -720.0, 5e-324, -5e-324, 1e-300, 1e-17, -1e-17, 0.5 * std::log(2.0), 88.72, -88.72};
  for (int k = -1100; k <= 1100; ++k) xs.push_back(k * std::log(2.0) / 128);  // table boundaries
  return xs;
}

std::vector<double> random_inputs(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> xs(n);
  for (std::size_t k = 0; k < n; ++k) {
    switch (k % 4) {
      case 0: xs[k] = std::uniform_real_distribution<double>(-750, 750)(rng); break;
      case 1: xs[k] = std::uniform_real_distribution<double>(-5, 5)(rng); break;
      case 2: xs[k] = std::bit_cast<double>(rng()); break;  // any bits: NaNs, huge, tiny, subnormal
      default: xs[k] = std::uniform_real_distribution<double>(-1e-3, 1e-3)(rng); break;
    }
  }
  return xs;
}

TEST(FastExp, special_values_are_glibcs) {
  for (double x : special_inputs()) {
    const double got = rt::fast_exp::one(x), want = std::exp(x);
    EXPECT_LE(ulps(got, want), 1) << std::hexfloat << x;
    if (!std::isfinite(x) || std::fabs(x) >= 708.0 || x == 0.0) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want)) << std::hexfloat << x;
    }
  }
  EXPECT_EQ(rt::fast_exp::one(0.0), 1.0);
  EXPECT_EQ(rt::fast_exp::one(-0.0), 1.0);
  EXPECT_EQ(rt::fast_exp::one(-std::numeric_limits<double>::infinity()), 0.0);
  EXPECT_TRUE(std::isinf(rt::fast_exp::one(710.0)));
}

TEST(FastExp, within_one_ulp_of_glibc_on_millions_of_inputs) {
  const std::vector<double> xs = random_inputs(4'000'000, 20261204);
  std::vector<double> out(xs.size());
  rt::fast_exp::run(xs.data(), out.data(), static_cast<std::int64_t>(xs.size()));
  std::int64_t worst = 0;
  std::size_t differ = 0;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const std::int64_t d = ulps(out[k], std::exp(xs[k]));
    ASSERT_LE(d, 1) << std::hexfloat << xs[k];
    worst = std::max(worst, d);
    differ += d != 0;
  }
  EXPECT_LT(differ, xs.size() / 100);  // the table method is glibc's within rounding: 1 ulp in under 1%
}

// Every path the CPU offers, every run length around the vector widths, every offset, in place too.
TEST(FastExp, every_path_and_position_gives_the_same_bits) {
  std::vector<double> xs = random_inputs(4096, 7);
  const std::vector<double> specials = special_inputs();
  for (std::size_t k = 0; k < specials.size() && k < xs.size(); k += 1) xs[(k * 37) % xs.size()] = specials[k];
  std::vector<double> want(xs.size());
  for (std::size_t k = 0; k < xs.size(); ++k) want[k] = rt::fast_exp::one(xs[k]);
  auto same = [&](const std::vector<double>& got, std::size_t from, std::size_t n, const char* path) {
    for (std::size_t k = 0; k < n; ++k)
      ASSERT_EQ(std::bit_cast<std::uint64_t>(got[k]), std::bit_cast<std::uint64_t>(want[from + k]))
          << path << " at " << from + k << " of a run of " << n << ", x = " << std::hexfloat << xs[from + k];
  };
  const auto& t = rt::fast_exp::detail::the_table();
  for (std::size_t from : {0, 1, 3, 7, 100}) {
    for (std::size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 1000, 3000}) {
      std::vector<double> out(n);
      rt::fast_exp::run(xs.data() + from, out.data(), static_cast<std::int64_t>(n));
      same(out, from, n, "run");
      std::vector<double> in_place(xs.begin() + from, xs.begin() + from + n);
      rt::fast_exp::run(in_place.data(), in_place.data(), static_cast<std::int64_t>(n));
      same(in_place, from, n, "run in place");
#ifdef OPSYNTH_RT_FAST_EXP_X86
      if (__builtin_cpu_supports("avx2")) {
        rt::fast_exp::detail::run_avx2(xs.data() + from, out.data(), static_cast<std::int64_t>(n), t);
        same(out, from, n, "AVX2");
      }
      if (__builtin_cpu_supports("avx512f")) {
        rt::fast_exp::detail::run_avx512(xs.data() + from, out.data(), static_cast<std::int64_t>(n), t);
        same(out, from, n, "AVX-512");
      }
#endif
      rt::fast_exp::detail::scalar_run(xs.data() + from, out.data(), 0, static_cast<std::int64_t>(n), t);
      same(out, from, n, "scalar");
    }
  }
}

}  // namespace

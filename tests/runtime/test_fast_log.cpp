// rt::fast_log against glibc's log and log1p: at most 1 ulp apart, glibc's own values for every special
// input, and the same bits from every path (scalar, AVX-512, any position in a run, in place).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "rt/fast_log.hpp"
#include "ulp_distance.hpp"

namespace {

using opsynth::testing::ulps;

std::vector<double> special_inputs() {
  const double inf = std::numeric_limits<double>::infinity(), tiny = std::numeric_limits<double>::min();
  std::vector<double> xs{0.0, -0.0, 1.0, -1.0, inf, -inf, std::nan(""), -std::nan(""), 5e-324, -5e-324, tiny,
                         std::nextafter(tiny, 0.0), std::numeric_limits<double>::max(), 0x1p-54, -0x1p-54,
                         0x1.fffffffffffffp-55, -0x1.fffffffffffffp-55, 0x1p-53, 1e-300, -1e-300, 2.0, 0.5,
                         std::nextafter(1.0, 0.0), std::nextafter(1.0, 2.0), std::nextafter(-1.0, 0.0), -2.0,
                         0x1p1023, std::nextafter(0x1p1023, 0.0), M_E, 10.0};
  for (std::uint64_t i = 0; i <= 64; ++i) {  // every table boundary, either side, and a few exponents
    const double edge = std::bit_cast<double>(0x3fe6000000000000 + (i << 47));
    for (double scale : {1.0, 0x1p-1000, 0x1p900, 0x1p-3})
      for (double v : {edge, std::nextafter(edge, 0.0), std::nextafter(edge, 4.0)}) xs.push_back(v * scale);
  }
  for (double v : std::vector<double>(xs)) xs.push_back(v - 1.0);  // the same points for log1p's 1 + x
  return xs;
}

std::vector<double> random_inputs(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> xs(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint64_t b = rng();
    const double unit = static_cast<double>(b >> 11) * 0x1p-53;
    switch (k % 5) {
      case 0: xs[k] = std::bit_cast<double>(b); break;           // any bits: NaNs, huge, tiny, subnormal
      case 1: xs[k] = 0.5 + unit; break;                         // around 1, log's hardest relative case
      case 2: xs[k] = std::ldexp(unit, static_cast<int>(b % 64) - 60) * ((b >> 7) & 1 ? -1 : 1); break;
      case 3: xs[k] = -1.0 + std::ldexp(unit, -static_cast<int>(b % 54)); break;  // just above -1
      default: xs[k] = std::exp(unit * 1400 - 700); break;       // every exponent
    }
  }
  return xs;
}

struct Fn {
  const char* name;
  double (*glibc)(double);
  double (*one)(double);
  void (*run)(const double*, double*, std::int64_t);
};
const Fn kFns[] = {{"log", [](double x) { return std::log(x); }, rt::fast_log::log, rt::fast_log::run_log},
                   {"log1p", [](double x) { return std::log1p(x); }, rt::fast_log::log1p, rt::fast_log::run_log1p}};

TEST(FastLog, special_values_are_glibcs) {
  for (const Fn& f : kFns) {
    for (double x : special_inputs()) {
      const double got = f.one(x), want = f.glibc(x);
      EXPECT_LE(ulps(got, want), 1) << f.name << " " << std::hexfloat << x;
      const bool special = f.glibc == kFns[0].glibc ? !(x >= std::numeric_limits<double>::min() && std::isfinite(x))
                                                    : !(x > -1.0 && std::isfinite(x) && std::fabs(x) >= 0x1p-54);
      if (special || x == 1.0)
        EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want)) << f.name << " " << std::hexfloat << x;
    }
  }
  EXPECT_EQ(std::bit_cast<std::uint64_t>(rt::fast_log::log1p(-0.0)), std::bit_cast<std::uint64_t>(-0.0));
  EXPECT_EQ(rt::fast_log::log(1.0), 0.0);
  EXPECT_TRUE(std::isinf(rt::fast_log::log(0.0)) && rt::fast_log::log(0.0) < 0);
  EXPECT_TRUE(std::isinf(rt::fast_log::log1p(-1.0)) && rt::fast_log::log1p(-1.0) < 0);
  EXPECT_TRUE(std::isnan(rt::fast_log::log(-1.0)));
}

TEST(FastLog, within_one_ulp_of_glibc_on_millions_of_inputs) {
  const std::vector<double> xs = random_inputs(4'000'000, 20261207);
  std::vector<double> out(xs.size());
  for (const Fn& f : kFns) {
    f.run(xs.data(), out.data(), static_cast<std::int64_t>(xs.size()));
    std::size_t differ = 0;
    for (std::size_t k = 0; k < xs.size(); ++k) {
      const std::int64_t d = ulps(out[k], f.glibc(xs[k]));
      ASSERT_LE(d, 1) << f.name << " " << std::hexfloat << xs[k];
      differ += d != 0;
    }
    EXPECT_LT(differ, xs.size() / 20) << f.name;  // glibc's within rounding: 1 ulp in a few percent at most
  }
}

// The scalar form of the table method, which the AVX-512 loop matches bit for bit, checked on any CPU
// (without AVX-512 the runs are glibc's, so the test above would not reach it).
TEST(FastLog, the_scalar_form_is_within_one_ulp_of_glibc) {
  const rt::fast_log::detail::table& t = rt::fast_log::detail::the_table();
  for (double x : random_inputs(400'000, 99)) {
    ASSERT_LE(ulps(rt::fast_log::detail::scalar_log(x, t), std::log(x)), 1) << std::hexfloat << x;
    ASSERT_LE(ulps(rt::fast_log::detail::scalar_log1p(x, t), std::log1p(x)), 1) << std::hexfloat << x;
  }
}

// Every run length around the vector width, every offset, in place too: the bits of the scalar form.
TEST(FastLog, every_path_and_position_gives_the_same_bits) {
  std::vector<double> xs = random_inputs(4096, 7);
  const std::vector<double> specials = special_inputs();
  for (std::size_t k = 0; k < specials.size(); ++k) xs[(k * 37) % xs.size()] = specials[k];
  for (const Fn& f : kFns) {
    std::vector<double> want(xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k) want[k] = f.one(xs[k]);
    for (std::size_t from : {0, 1, 3, 7, 8, 13}) {
      for (std::size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 100, 4000}) {
        if (from + n > xs.size()) continue;
        std::vector<double> got(n);
        f.run(xs.data() + from, got.data(), static_cast<std::int64_t>(n));
        std::vector<double> in_place(xs.begin() + from, xs.begin() + from + n);
        f.run(in_place.data(), in_place.data(), static_cast<std::int64_t>(n));
        for (std::size_t k = 0; k < n; ++k) {
          ASSERT_EQ(std::bit_cast<std::uint64_t>(got[k]), std::bit_cast<std::uint64_t>(want[from + k]))
              << f.name << " at " << from + k << ", x = " << std::hexfloat << xs[from + k];
          ASSERT_EQ(std::bit_cast<std::uint64_t>(in_place[k]), std::bit_cast<std::uint64_t>(want[from + k])) << f.name;
        }
      }
    }
  }
}

}  // namespace

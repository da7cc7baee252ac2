// rt::matmul_kernel: the blocked products must give, bit for bit, the naive loop's sums (from +0.0, one
// product after another in increasing inner index: reference BLAS's order), on every layout (transposed,
// reversed, stepped, broadcast) and at sizes crossing the register tile and the cache blocks, with NaN,
// infinities and signed zeros among the inputs.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "rt/prelude.hpp"

namespace {

namespace mk = rt::matmul_kernel;

// Random values, a few of them special when `specials` is set.
double draw(std::mt19937_64& g, bool specials) {
  const double inf = std::numeric_limits<double>::infinity();
  if (specials) {
    switch (g() % 40) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return inf;
      case 2: return -inf;
      case 3: return -0.0;
      case 4: return 0.0;
      default: break;
    }
  }
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  return u(g) * std::ldexp(1.0, static_cast<int>(g() % 41) - 20);  // magnitudes 2^-20 .. 2^20: rounding shows
}

// An m x n view with the given layout over a fresh buffer: 0 C order, 1 transposed (F order),
// 2 both axes reversed, 3 every other column, 4 rows broadcast (row stride 0).
rt::ndarray<double, 2> matrix(std::mt19937_64& g, std::int64_t m, std::int64_t n, int layout, bool specials) {
  const std::int64_t rows = layout == 4 ? 1 : m, cols = layout == 3 ? 2 * n : n;
  const bool transposed = layout == 1;
  auto base = rt::ndarray<double, 2>::empty(transposed ? rt::shape_t<2>{cols, rows} : rt::shape_t<2>{rows, cols});
  for (std::int64_t i = 0; i < base.size(); ++i) base.data()[i] = draw(g, specials);
  const std::int64_t ld = transposed ? rows : cols;
  std::int64_t s0 = transposed ? 1 : ld, s1 = transposed ? ld : 1;
  double* p = base.data();
  if (layout == 2) {
    p += (m - 1) * s0 + (n - 1) * s1;
    s0 = -s0, s1 = -s1;
  }
  if (layout == 3) s1 = 2;
  if (layout == 4) s0 = 0;
  if (m == 0 || n == 0) p = base.data();
  return rt::ndarray<double, 2>::wrap(p, {m, n}, {s0, s1}, base.owner());
}

rt::ndarray<double, 1> vector(std::mt19937_64& g, std::int64_t n, int layout, bool specials) {
  auto base = rt::ndarray<double, 1>::empty({layout == 0 ? n : 2 * n});
  for (std::int64_t i = 0; i < base.size(); ++i) base.data()[i] = draw(g, specials);
  if (layout == 0 || n == 0) return rt::ndarray<double, 1>::wrap(base.data(), {n}, {1}, base.owner());
  return rt::ndarray<double, 1>::wrap(base.data() + 2 * (n - 1), {n}, {-2}, base.owner());
}

double naive(std::int64_t k, const mk::view2& a, std::int64_t i, const mk::view2& b, std::int64_t j) {
  double acc = 0.0;
  for (std::int64_t l = 0; l < k; ++l) acc = acc + a.at(i, l) * b.at(l, j);
  return acc;
}

bool same(double x, double y) {
  return (std::isnan(x) && std::isnan(y)) || std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
}

std::int64_t size_near(std::mt19937_64& g) {
  static const std::int64_t edges[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 127, 128, 129, 255, 256, 257, 300};
  return edges[g() % (sizeof edges / sizeof edges[0])];
}

TEST(BlockedMatmul, MatrixProductEqualsTheOrderedLoopBitForBitOnEveryLayout) {
  std::mt19937_64 g(16);
  for (int round = 0; round < 300; ++round) {
    const std::int64_t m = size_near(g) % 140, k = size_near(g), n = size_near(g) % 140;
    const int la = static_cast<int>(g() % 5), lb = static_cast<int>(g() % 5);
    const bool specials = round % 3 == 0;
    const auto a = matrix(g, m, k, la, specials), b = matrix(g, k, n, lb, specials);
    const auto c = mk::matrix_matrix(a, b);
    ASSERT_EQ(c.shape(0), m);
    ASSERT_EQ(c.shape(1), n);
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j)
        ASSERT_TRUE(same(c(i, j), naive(k, mk::view_of(a), i, mk::view_of(b), j)))
            << "m=" << m << " k=" << k << " n=" << n << " layouts " << la << "," << lb << " at (" << i << "," << j
            << "): " << c(i, j) << " vs " << naive(k, mk::view_of(a), i, mk::view_of(b), j);
  }
}

// Each register tile on its own, whichever one gemm picks on this CPU: the same bits as the ordered loop,
// full tiles written in place and edge tiles through the padded copy.
template <class K>
void expect_tile_kernel_exact(std::uint64_t seed) {
  std::mt19937_64 g(seed);
  for (int round = 0; round < 60; ++round) {
    const std::int64_t m = 1 + static_cast<std::int64_t>(g() % 40), k = size_near(g), n = 1 + static_cast<std::int64_t>(g() % 40);
    const auto a = matrix(g, m, k, static_cast<int>(g() % 5), round % 2 == 0);
    const auto b = matrix(g, k, n, static_cast<int>(g() % 5), round % 3 == 0);
    std::vector<double> c(static_cast<std::size_t>(m * (n + 3)), 0.0);  // a row stride past n
    mk::detail::blocked<K>(m, k, n, mk::view_of(a), mk::view_of(b), c.data(), n + 3);
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j)
        ASSERT_TRUE(same(c[static_cast<std::size_t>(i * (n + 3) + j)], naive(k, mk::view_of(a), i, mk::view_of(b), j)))
            << "tile " << K::MR << "x" << K::NR << " m=" << m << " k=" << k << " n=" << n << " at (" << i << "," << j << ")";
  }
}

TEST(BlockedMatmul, EveryRegisterTileEqualsTheOrderedLoop) {
  expect_tile_kernel_exact<mk::detail::kernel_4x4>(41);
#if defined(OPSYNTH_RT_CPU_X86)
  if (rt::cpu::has_avx512f()) expect_tile_kernel_exact<mk::detail::kernel_8x16>(42);
#endif
}

TEST(BlockedMatmul, LargeProductCrossesEveryCacheBlock) {
  std::mt19937_64 g(1000);
  const std::int64_t m = 263, k = 600, n = 1100;  // past MC, KC (twice) and NC
  const auto a = matrix(g, m, k, 1, false), b = matrix(g, k, n, 0, false);
  const auto c = mk::matrix_matrix(a, b);
  for (std::int64_t i = 0; i < m; i += 7)
    for (std::int64_t j = 0; j < n; j += 3) ASSERT_TRUE(same(c(i, j), naive(k, mk::view_of(a), i, mk::view_of(b), j)));
}

// x @ x.T computes one triangle and mirrors it: still the ordered loop bit for bit in every element, on
// sizes around the register tiles and cache blocks, with zeros, -0.0 and infinities, and with NaN (then
// both triangles are computed, since two NaN factors keep the first one's sign).
TEST(BlockedMatmul, ProductWithItsOwnTransposeOnTheRightEqualsTheOrderedLoop) {
  std::mt19937_64 g(77);
  for (int round = 0; round < 80; ++round) {
    const std::int64_t m = round == 0 ? 1100 : 2 + static_cast<std::int64_t>(g() % 300), k = size_near(g) % 40 + 1;
    const auto x = matrix(g, m, k, static_cast<int>(g() % 4), round % 4 == 1);
    const auto xt = x.transpose();
    bool any_nan = false;
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t l = 0; l < k; ++l) any_nan = any_nan || std::isnan(x(i, l));
    ASSERT_EQ(mk::detail::own_transpose(m, k, m, mk::view_of(x), mk::view_of(xt)), !any_nan);
    const auto c = mk::matrix_matrix(x, xt);  // (matmul_numpy takes numpy's syrk path for an F-ordered x)
    for (std::int64_t i = 0; i < m; i += (round == 0 ? 13 : 1))
      for (std::int64_t j = 0; j < m; ++j)
        ASSERT_TRUE(same(c(i, j), naive(k, mk::view_of(x), i, mk::view_of(xt), j)))
            << "round " << round << " m=" << m << " k=" << k << " at (" << i << "," << j << "): " << c(i, j) << " vs "
            << naive(k, mk::view_of(x), i, mk::view_of(xt), j) << (any_nan ? " (NaN in x)" : "");
  }
}

TEST(BlockedMatmul, MatrixVectorAndVectorMatrixEqualTheOrderedLoop) {
  std::mt19937_64 g(6);
  for (int round = 0; round < 600; ++round) {
    const std::int64_t m = size_near(g), k = size_near(g);
    const bool specials = round % 3 == 0;
    const int la = static_cast<int>(g() % 5), lx = static_cast<int>(g() % 2);
    const auto a = matrix(g, m, k, la, specials);
    const auto x = vector(g, k, lx, specials);
    const mk::view2 xv{x.data(), x.strides()[0], 0};  // x as a k x 1 column
    const auto y = mk::matrix_vector(a, x);
    ASSERT_EQ(y.shape(0), m);
    for (std::int64_t i = 0; i < m; ++i)
      ASSERT_TRUE(same(y(i), naive(k, mk::view_of(a), i, xv, 0))) << "m=" << m << " k=" << k << " layout " << la;
    const auto xr = vector(g, m, lx, specials);
    const mk::view2 xrv{xr.data(), 0, xr.strides()[0]};  // xr as a 1 x m row
    const auto z = mk::vector_matrix(xr, a);
    ASSERT_EQ(z.shape(0), k);
    for (std::int64_t j = 0; j < k; ++j)
      ASSERT_TRUE(same(z(j), naive(m, xrv, 0, mk::view_of(a), j))) << "m=" << m << " k=" << k << " layout " << la;
  }
}

TEST(BlockedMatmul, EmptyInnerDimensionGivesPositiveZerosAndNanTimesZeroIsNan) {
  std::mt19937_64 g(3);
  const auto a = matrix(g, 3, 0, 0, false), b = matrix(g, 0, 5, 0, false);
  const auto c = mk::matrix_matrix(a, b);
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int64_t j = 0; j < 5; ++j) EXPECT_TRUE(same(c(i, j), 0.0));
  // -0.0 * 1 summed from +0.0 is +0.0, as BLAS gives; NaN * 0 stays NaN (no zero is skipped)
  auto z = rt::ndarray<double, 2>::zeros({6, 6});
  auto w = rt::ndarray<double, 2>::zeros({6, 6});
  for (std::int64_t i = 0; i < 6; ++i) z(i, 0) = -0.0, w(0, i) = 1.0;
  w(1, 2) = std::numeric_limits<double>::quiet_NaN();
  const auto p = mk::matrix_matrix(z, w);
  EXPECT_TRUE(same(p(0, 0), 0.0));
  EXPECT_TRUE(std::isnan(p(4, 2)));
  EXPECT_TRUE(same(p(4, 3), 0.0));
}

// numpy's own figures (1.24, netlib BLAS) for x = [[0, inf, 1], [2, 0, nan]]: x.T @ x goes to dsyrk, which
// skips a zero multiplier (so [0, 1] is 0, not 0 * inf = NaN) and mirrors its upper triangle.
TEST(BlockedMatmul, ProductWithItsOwnTransposeFollowsNumpysSyrkPath) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  auto buffer = std::make_shared<std::vector<double>>(std::vector<double>{0, inf, 1, 9, 9, 2, 0, nan, 9, 9});
  const auto padded = rt::ndarray<double, 2>::wrap(buffer->data(), {2, 3}, {5, 1}, buffer);  // rows of 5
  const auto x = padded.copy();
  const double want[3][3] = {{4, 0, nan}, {0, inf, inf}, {nan, inf, nan}};
  for (const auto* source : {&x, &padded}) {
    const auto got = mk::matmul_numpy(source->transpose(), *source);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_TRUE(same(got(i, j), want[i][j])) << i << "," << j;
  }
  // np.dot copies the padded operand first, so it takes dgemm there (0 * inf = NaN), and syrk on x itself.
  EXPECT_TRUE(std::isnan(mk::dot_numpy(padded.transpose(), padded)(0, 1)));
  EXPECT_TRUE(same(mk::dot_numpy(x.transpose(), x)(0, 1), 0.0));
  // A C-ordered left operand (x @ x.T) is a dgemm in numpy too: no zero is skipped.
  const auto y = rt::ndarray<double, 2>::wrap(buffer->data(), {2, 2}, {5, 1}, buffer).copy();  // [[0, inf], [2, 0]]
  EXPECT_TRUE(std::isnan(mk::matmul_numpy(y, y.transpose())(0, 1)));
  EXPECT_FALSE(mk::takes_syrk(y, y.transpose(), true));
  EXPECT_TRUE(mk::takes_syrk(y.transpose(), y, true));
}

TEST(BlockedMatmul, SyrkProductIsTheSkippingLoopBitForBitOnSpecialValues) {
  std::mt19937_64 g(5);
  const double specials[] = {0.0, -0.0, 1.5, -2.0, std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN(), 1e300, -3e-310};
  for (int round = 0; round < 200; ++round) {
    const std::int64_t m = 2 + static_cast<std::int64_t>(g() % 9), k = 2 + static_cast<std::int64_t>(g() % 6);
    auto x = rt::ndarray<double, 2>::zeros({k, m});  // x.T (m x k) is the column-stored left operand
    for (std::int64_t i = 0; i < x.size(); ++i) x.data()[i] = specials[g() % 8];
    const auto a = x.transpose();
    const auto got = mk::syrk_product(a);
    for (std::int64_t r = 0; r < m; ++r)
      for (std::int64_t c = r; c < m; ++c) {
        double want = 0.0;
        for (std::int64_t l = 0; l < k; ++l)
          if (a(r, l) != 0.0) want += a(r, l) * a(c, l);
        ASSERT_TRUE(same(got(r, c), want)) << m << "x" << k << " at " << r << "," << c;
        ASSERT_TRUE(same(got(c, r), want));
      }
  }
}

}  // namespace

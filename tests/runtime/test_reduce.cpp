// rt::reduce: numpy's add-reduction order. Sums of small integers are exact in any order, so they check
// that every element lands in its output element once, on every layout; a sum that rounds checks the
// pairwise order against the value numpy 1.24 gives.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "rt/prelude.hpp"

namespace {

// A 4-D view with the given per-axis steps (negative: reversed) over a fresh buffer of small integers.
rt::ndarray<double, 4> strided_view(std::mt19937& g, const rt::shape_t<4>& shape, const rt::shape_t<4>& steps) {
  rt::shape_t<4> full{};
  for (std::size_t k = 0; k < 4; ++k) full[k] = shape[k] * (steps[k] < 0 ? -steps[k] : steps[k]);
  auto base = rt::ndarray<double, 4>::zeros(full);
  for (std::int64_t i = 0; i < base.size(); ++i) base.data()[i] = static_cast<double>(g() % 100);
  rt::shape_t<4> strides{};
  std::int64_t offset = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    strides[k] = base.strides()[k] * steps[k];
    if (steps[k] < 0) offset += base.strides()[k] * (full[k] - 1);
  }
  return rt::ndarray<double, 4>::wrap(base.data() + offset, shape, strides, base.owner());
}

TEST(Reduce, SumOverAnyAxesCountsEveryElementOnceOnEveryLayout) {
  std::mt19937 g(7);
  for (int round = 0; round < 2000; ++round) {
    rt::shape_t<4> shape{}, steps{};
    for (auto& d : shape) d = static_cast<std::int64_t>(g() % 4);  // lengths 0-3: empty and length-1 axes too
    for (auto& s : steps) s = (g() % 2 ? 1 : 2) * (g() % 2 ? 1 : -1);
    const auto a = strided_view(g, shape, steps);
    std::array<bool, 4> reduced{};
    const std::size_t r1 = g() % 4, r2 = (r1 + 1 + g() % 3) % 4;
    reduced[r1] = reduced[r2] = true;
    const auto out = rt::reduce::sum_axes<2>(a, reduced);
    std::vector<double> want(static_cast<std::size_t>(out.size()), 0.0);
    for (std::int64_t i0 = 0; i0 < shape[0]; ++i0)
      for (std::int64_t i1 = 0; i1 < shape[1]; ++i1)
        for (std::int64_t i2 = 0; i2 < shape[2]; ++i2)
          for (std::int64_t i3 = 0; i3 < shape[3]; ++i3) {
            const std::array<std::int64_t, 4> idx{i0, i1, i2, i3};
            std::int64_t at = 0;
            for (std::size_t k = 0; k < 4; ++k)
              if (!reduced[k]) at = at * shape[k] + idx[k];
            want[static_cast<std::size_t>(at)] += a(i0, i1, i2, i3);
          }
    ASSERT_EQ(out.to_vector(), want) << "round " << round << " axes " << r1 << "," << r2;
    if (!reduced[0] || !reduced[1]) continue;
    std::array<bool, 4> last{};
    last[3] = true;
    EXPECT_EQ(rt::reduce::sum_axis(a, 3).to_vector(), (rt::reduce::sum_axes<1>(a, last).to_vector()));
  }
}

TEST(Reduce, InnerReducedAxesThatDoNotCoalesceAreOneRunAsNumpysBufferGathersThem) {
  // a[0, i1, i2, k] at element offset 4*i1 + 16*i2 + 64*k; np.add.reduce(a, axis=(1, 2)) visits i1
  // fastest and adds all four elements of each k as one run: 1 - 1e308 + 1e308 + 7e307 is 7e307 exactly,
  // where adding the i1-runs one by one gives 6.999999999999999e307; the other column overflows.
  std::vector<double> memory(85, 0.0);
  const double at[2][2][2] = {{{1.0, 1.5e308}, {1e308, 1.5e308}}, {{-1e308, 1.5e308}, {7e307, -1e308}}};
  for (int i1 = 0; i1 < 2; ++i1)
    for (int i2 = 0; i2 < 2; ++i2)
      for (int k = 0; k < 2; ++k) memory[static_cast<std::size_t>(4 * i1 + 16 * i2 + 64 * k)] = at[i1][i2][k];
  const auto a = rt::ndarray<double, 4>::wrap(memory.data(), {1, 2, 2, 2}, {2, 4, 16, 64});
  const auto out = rt::reduce::sum_axes<2>(a, std::array<bool, 4>{false, true, true, false});
  EXPECT_EQ(out.to_vector(), (std::vector<double>{7e307, std::numeric_limits<double>::infinity()}));
}

TEST(Reduce, ContiguousRunsArePairwiseAsNumpySumsThem) {
  // np.sum(np.array([1e16] + [1.0] * 15)) == 1.0000000000000014e16 in numpy 1.24 (eight accumulators); a
  // left-to-right sum gives 1e16 (each 1.0 is lost) and a reversed one 1.0000000000000016e16.
  std::vector<double> v(16, 1.0);
  v[0] = 1e16;
  const auto a = rt::ndarray<double, 1>::from_vector(v, {16});
  EXPECT_EQ(rt::reduce::sum_all(a), 1.0000000000000014e16);
  // A strided run is the same pairwise sum.
  std::vector<double> w(32, 0.0);
  for (std::size_t k = 0; k < 16; ++k) w[2 * k] = v[k];
  const auto b = rt::ndarray<double, 1>::from_vector(w, {32});
  EXPECT_EQ(rt::reduce::sum_all(b.slice(0, rt::slice{0, 32, 2})), 1.0000000000000014e16);
}

// numpy's pairwise_sum written the plain way: the contiguous fast path must give its bits exactly.
double scalar_pairwise(const double* p, std::int64_t n, std::int64_t s) {
  if (n < 8) {
    double r = 0.;
    for (std::int64_t i = 0; i < n; ++i) r += p[i * s];
    return r;
  }
  if (n <= 128) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = p[k * s];
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int k = 0; k < 8; ++k) r[k] += p[(i + k) * s];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += p[i * s];
    return res;
  }
  std::int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return scalar_pairwise(p, n2, s) + scalar_pairwise(p + n2 * s, n - n2, s);
}

TEST(Reduce, ContiguousPairwiseAndFlatSlabsGiveTheScalarLoopsBits) {
  std::mt19937_64 g(11);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (std::int64_t n = 0; n <= 1100; n += (n < 300 ? 1 : 37)) {
    std::vector<double> x(static_cast<std::size_t>(n));
    for (auto& v : x) v = u(g) * std::ldexp(1.0, static_cast<int>(g() % 60) - 30);  // magnitudes that round
    const double got = rt::reduce::pairwise(x.data(), n, 1), want = scalar_pairwise(x.data(), n, 1);
    ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0) << "n=" << n << " " << got << " vs " << want;
  }
  // sum over the first axis of a C-ordered array (flat slabs) against the same sum taken element by element
  for (std::int64_t rows : {1, 2, 7, 130}) {
    auto a = rt::ndarray<double, 3>::zeros({rows, 3, 5});
    for (std::int64_t i = 0; i < a.size(); ++i) a.data()[i] = u(g) * 1e10;
    const auto got = rt::reduce::sum_axis(a, 0);
    for (std::int64_t j = 0; j < 3; ++j)
      for (std::int64_t k = 0; k < 5; ++k) {
        double want = 0.0;
        for (std::int64_t i = 0; i < rows; ++i) want = want + a(i, j, k);
        ASSERT_EQ(got(j, k), want) << rows << " " << j << " " << k;
      }
  }
}

// numpy 1.24's strides (in elements) of a sum's result: the kept axes keep the input's memory order.
TEST(Reduce, ResultsAreLaidOutInTheInputsOrderAsNumpyAllocatesThem) {
  auto buffer = rt::ndarray<double, 1>::zeros({60});
  for (std::int64_t i = 0; i < 60; ++i) buffer.data()[i] = static_cast<double>(i % 7);
  const auto f = rt::ndarray<double, 3>::wrap(buffer.data(), {3, 4, 5}, {1, 3, 12}, buffer.owner());  // Fortran
  EXPECT_EQ(rt::reduce::sum_axis(f, 2).strides(), (rt::shape_t<2>{1, 3}));
  EXPECT_EQ(rt::reduce::sum_axis(f, 1).strides(), (rt::shape_t<2>{1, 3}));
  EXPECT_EQ(rt::reduce::sum_axis(f, 0).strides(), (rt::shape_t<2>{1, 4}));
  const auto t = rt::ndarray<double, 3>::wrap(buffer.data(), {4, 3, 5}, {3, 1, 12}, buffer.owner());
  EXPECT_EQ(rt::reduce::sum_axis(t, 1).strides(), (rt::shape_t<2>{1, 4}));
  EXPECT_EQ(rt::reduce::sum_axis(t, 0).strides(), (rt::shape_t<2>{1, 3}));
  std::array<bool, 3> first{};
  first[0] = true;
  EXPECT_EQ((rt::reduce::sum_axes<1>(t, first).strides()), (rt::shape_t<2>{1, 3}));
  // the values: every element of the slab summed whatever the layout
  const auto s = rt::reduce::sum_axis(f, 1);
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int64_t k = 0; k < 5; ++k) {
      double want = 0.0;
      for (std::int64_t j = 0; j < 4; ++j) want = want + f(i, j, k);
      EXPECT_EQ(s(i, k), want);
    }
}

TEST(Reduce, AxesAreCheckedAsNumpyChecksThem) {
  EXPECT_THROW((rt::reduce::axes_of<2>(std::tuple<std::int64_t, std::int64_t>{0, 2})), rt::AxisError);
  EXPECT_THROW((rt::reduce::axes_of<2>(std::tuple<std::int64_t, std::int64_t>{1, -1})), rt::ValueError);
  EXPECT_THROW((rt::reduce::axes_of<2>(std::tuple<std::int64_t, std::int64_t>{0, std::int64_t{1} << 40})), rt::OverflowError);
  const auto axes = rt::reduce::axes_of<3>(std::tuple<std::int64_t, std::int64_t>{-1, 0});
  EXPECT_EQ(axes, (std::array<bool, 3>{true, false, true}));
}

}  // namespace

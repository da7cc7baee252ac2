// Fused elementwise chains (runtime/rt/ufunc_fusion.hpp) against the same chains computed operator by
// operator: the same bits, the same shape and the same memory layout for every layout the operands come
// in, the inner operator's own ValueError where its operands do not broadcast, and a capturing function
// computed at once instead of deferred.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "rt/ufunc.hpp"

namespace {

using rt::ufunc::apply;
using rt::ufunc::force;
using rt::ufunc::lazy;

const auto sub = [](double a, double b) { return a - b; };
const auto div = [](double a, double b) { return a / b; };
const auto mul = [](double a, double b) { return a * b; };
const auto gt = [](double a, double b) { return a > b; };
const auto times = [](auto a, auto b) { return static_cast<std::int64_t>(a) * static_cast<std::int64_t>(b); };

// A view over a fresh buffer holding awkward values (signed zeros, inf, NaN, subnormals) in memory order.
template <std::size_t N>
rt::ndarray<double, N> view(rt::shape_t<N> shape, rt::shape_t<N> strides, std::int64_t span, std::int64_t offset = 0) {
  auto buffer = std::make_shared<std::vector<double>>(static_cast<std::size_t>(span));
  const double awkward[] = {-0.0, 0.0, 1.5, -2.25, std::numeric_limits<double>::infinity(), std::nan(""), 4.9e-324, 1e308, 3.0};
  for (std::size_t i = 0; i < buffer->size(); ++i) (*buffer)[i] = awkward[i % 9] + static_cast<double>(i % 5) * 0.125;
  return rt::ndarray<double, N>::wrap(buffer->data() + offset, shape, strides, buffer);
}

template <class T, std::size_t N>
void expect_same(const rt::ndarray<T, N>& got, const rt::ndarray<T, N>& want) {
  ASSERT_EQ(got.shape(), want.shape());
  EXPECT_EQ(got.strides(), want.strides());
  std::vector<T> g, w;
  got.for_each([&](const T& v) { g.push_back(v); });
  want.for_each([&](const T& v) { w.push_back(v); });
  ASSERT_EQ(g.size(), w.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(w[i])) {
        EXPECT_TRUE(std::isnan(g[i])) << "at " << i;  // which NaN an operation gives is the hardware's choice
        continue;
      }
    }
    EXPECT_EQ(0, std::memcmp(&g[i], &w[i], sizeof(T))) << "at " << i << ": " << g[i] << " against " << w[i];  // -0.0 too
  }
}

TEST(UfuncFusion, a_chain_over_a_vector_defers_to_its_root_and_gives_the_bits_of_two_passes) {
  const auto x = view<1>({1000}, {1}, 1000);
  const double lo = -2.0, span = 3.5;
  const auto inner = apply<double>(sub, lazy(x), lo);
  static_assert(rt::ufunc::is_deferred<std::decay_t<decltype(inner)>>::value);
  const auto root = apply<double>(div, inner, span);
  static_assert(rt::ufunc::is_deferred<std::decay_t<decltype(root)>>::value);
  EXPECT_TRUE(rt::ufunc::fuses(root));
  expect_same(force(root), apply<double>(div, apply<double>(sub, x, lo), span));
}

TEST(UfuncFusion, rows_broadcast_against_a_matrix_as_they_do_operator_by_operator) {
  const auto m = view<2>({7, 5}, {5, 1}, 35);
  const auto mu = view<1>({5}, {1}, 5, 0);
  const auto sd = view<1>({5}, {1}, 9, 4);
  EXPECT_TRUE(rt::ufunc::fuses(apply<double>(div, apply<double>(sub, lazy(m), mu), sd)));
  expect_same(force(apply<double>(div, apply<double>(sub, lazy(m), mu), sd)),
              apply<double>(div, apply<double>(sub, m, mu), sd));
  const auto column = view<2>({7, 1}, {1, 1}, 7);
  expect_same(force(apply<double>(mul, apply<double>(sub, lazy(column), mu), 2.0)),
              apply<double>(mul, apply<double>(sub, column, mu), 2.0));
}

TEST(UfuncFusion, every_layout_gives_the_result_numpy_would_allocate_for_the_last_operator) {
  const auto c = view<2>({6, 4}, {4, 1}, 24);
  const auto f = view<2>({6, 4}, {1, 6}, 24);
  const auto every_other = view<2>({6, 4}, {8, 2}, 48, 1);
  const auto reversed = view<2>({6, 4}, {-4, -1}, 24, 23);
  const std::vector<rt::ndarray<double, 2>> layouts{c, f, every_other, reversed};
  EXPECT_TRUE(rt::ufunc::fuses(apply<double>(mul, apply<double>(sub, lazy(f), f), f)));
  EXPECT_TRUE(rt::ufunc::fuses(apply<double>(mul, apply<double>(sub, lazy(every_other), c), 2.0)));
  int fused = 0;
  for (const auto& a : layouts) {
    for (const auto& b : layouts) {
      for (const auto& d : layouts) {
        fused += rt::ufunc::fuses(apply<double>(mul, apply<double>(sub, lazy(a), b), d));
        expect_same(force(apply<double>(mul, apply<double>(sub, lazy(a), b), d)),
                    apply<double>(mul, apply<double>(sub, a, b), d));
        expect_same(force(apply<double>(mul, d, apply<double>(sub, lazy(a), b))),
                    apply<double>(mul, d, apply<double>(sub, a, b)));
      }
    }
  }
  EXPECT_GT(fused, 32);  // most mixes agree on the layout; the rest are computed operator by operator
}

TEST(UfuncFusion, results_convert_at_each_node_as_apply_converts_them) {
  const auto x = view<1>({50}, {1}, 50);
  // bool from a comparison, then an int64 product: each node's type as the operator by operator path has it
  const auto fused = force(apply<std::int64_t>(times, apply<bool>(gt, lazy(x), 1.0), std::int64_t{3}));
  const auto eager = apply<std::int64_t>(times, apply<bool>(gt, x, 1.0), std::int64_t{3});
  expect_same(fused, eager);
}

TEST(UfuncFusion, an_inner_operator_whose_operands_do_not_broadcast_raises_its_own_error) {
  const auto a = view<1>({3}, {1}, 3), b = view<1>({4}, {1}, 4);
  std::string fused, eager;
  try {
    (void)force(apply<double>(mul, apply<double>(sub, lazy(a), b), 2.0));
  } catch (const rt::ValueError& e) {
    fused = e.what();
  }
  try {
    (void)apply<double>(mul, apply<double>(sub, a, b), 2.0);
  } catch (const rt::ValueError& e) {
    eager = e.what();
  }
  EXPECT_FALSE(eager.empty());
  EXPECT_EQ(fused, eager);
}

TEST(UfuncFusion, a_node_whose_operands_do_not_broadcast_raises_when_it_is_made) {
  const auto a = view<1>({3}, {1}, 3), b = view<1>({4}, {1}, 4);
  const auto inner = apply<double>(sub, lazy(a), a);
  std::string fused, eager;
  try {
    (void)apply<double>(mul, inner, b);  // not forced: the eager call would have raised here
  } catch (const rt::ValueError& e) {
    fused = e.what();
  }
  try {
    (void)apply<double>(mul, apply<double>(sub, a, a), b);
  } catch (const rt::ValueError& e) {
    eager = e.what();
  }
  EXPECT_FALSE(eager.empty());
  EXPECT_EQ(fused, eager);
}

TEST(UfuncFusion, empty_arrays_keep_their_shape) {
  const auto e = view<2>({0, 3}, {3, 1}, 1);
  expect_same(force(apply<double>(div, apply<double>(sub, lazy(e), 1.0), 2.0)),
              apply<double>(div, apply<double>(sub, e, 1.0), 2.0));
}

// An operator with its own contiguous kernel (np.exp's, through apply_runs) over a deferred operand.
template <class X>
auto tripled(const X& x, std::int64_t& longest_run) {
  return rt::ufunc::apply_runs<double>(
      [](double v) { return v * 3.0; },
      [&longest_run](double* out, std::int64_t n, auto in) {
        longest_run = std::max(longest_run, n);
        if constexpr (std::is_pointer_v<decltype(in)>) {
          for (std::int64_t k = 0; k < n; ++k) out[k] = in[k] * 3.0;
        } else {
          for (std::int64_t k = 0; k < n; ++k) out[k] = in * 3.0;
        }
      },
      x);
}

TEST(UfuncFusion, a_kernel_of_its_own_takes_a_contiguous_chain_a_block_at_a_time) {
  for (std::int64_t n : {0, 1, 511, 512, 513, 5000}) {
    const auto x = view<1>({n}, {1}, n + 1);
    std::int64_t fused_run = 0, eager_run = 0;
    const auto fused = tripled(apply<double>(sub, lazy(x), 0.5), fused_run);
    static_assert(std::is_same_v<std::decay_t<decltype(fused)>, rt::ndarray<double, 1>>);
    expect_same(fused, tripled(apply<double>(sub, x, 0.5), eager_run));
    EXPECT_LE(fused_run, 512) << n;  // no temporary of the whole length
    if (n > 1) EXPECT_EQ(eager_run, n);  // (one element goes through the scalar function)
  }
  const auto m = view<2>({40, 30}, {30, 1}, 1200);
  std::int64_t run = 0;
  expect_same(tripled(apply<double>(div, apply<double>(sub, lazy(m), m), 2.0), run),
              tripled(apply<double>(div, apply<double>(sub, m, m), 2.0), run));
  // a Fortran operand or a broadcast row: the chain is computed first, then the kernel runs as before
  const auto f = view<2>({40, 30}, {1, 40}, 1200);
  const auto row = view<1>({30}, {1}, 30);
  for (const auto& other : {f, m}) {
    std::int64_t a = 0, b = 0;
    expect_same(tripled(apply<double>(sub, lazy(f), other), a), tripled(apply<double>(sub, f, other), b));
  }
  std::int64_t a = 0, b = 0;
  expect_same(tripled(apply<double>(sub, lazy(m), row), a), tripled(apply<double>(sub, m, row), b));
}

TEST(UfuncFusion, a_function_that_captures_is_computed_at_once) {
  const auto x = view<1>({10}, {1}, 10);
  const double k = 2.0;
  const auto scaled = apply<double>([&k](double a) { return a * k; }, lazy(x));
  static_assert(std::is_same_v<std::decay_t<decltype(scaled)>, rt::ndarray<double, 1>>);
  expect_same(scaled, apply<double>([](double a) { return a * 2.0; }, x));
}

TEST(UfuncFusion, a_deferred_chain_keeps_its_operands_alive) {
  auto make = [] {
    const auto x = view<1>({100}, {1}, 100);
    return apply<double>(mul, apply<double>(sub, lazy(x), 1.0), 0.5);  // x's last handle dies here
  };
  const auto chain = make();
  const auto again = view<1>({100}, {1}, 100);
  expect_same(force(chain), apply<double>(mul, apply<double>(sub, again, 1.0), 0.5));
}

}  // namespace

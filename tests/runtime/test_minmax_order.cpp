// Tests for rt::minmax (runtime/rt/minmax.hpp): numpy's maximum/minimum reductions keep one of two tied
// zeros by where they fall in numpy's kernel, so arrays of 0.0, -0.0, +-1 and the odd NaN, at lengths
// across the kernel's unrolled blocks, in several layouts, are reduced here and in the embedded numpy (on
// its baseline kernels, as the verifier runs it) and compared bit for bit.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "python_env.hpp"
#include "rt/minmax.hpp"

namespace {

namespace py = pybind11;
using namespace pybind11::literals;
using opsynth::testing::py_eval;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Zeros of both signs dominate, so ties are the common case; a NaN now and then.
std::vector<double> tie_prone_values(std::size_t count) {
  const auto pick = rc::gen::weightedElement<double>({{8, 0.0}, {8, -0.0}, {2, 1.0}, {2, -1.0}, {1, kNaN}});
  return *rc::gen::container<std::vector<double>>(count, pick);
}

// Same value and same sign of zero, or both NaN (numpy's NaN payload is not part of the contract).
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b)); }

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}

// The logical array `values` (C order, rows x cols) in memory laid out C-ordered, Fortran-ordered, with
// rows reversed, or every other element of a buffer twice as long; with its numpy twin.
enum class Layout { C, F, ReversedRows, EveryOther };

struct Operand {
  rt::ndarray<double, 2> rt_view;
  std::string numpy;
};

Operand laid_out(const std::vector<double>& values, std::int64_t rows, std::int64_t cols, Layout layout) {
  const std::int64_t n = rows * cols;
  auto buffer = std::shared_ptr<double[]>(new double[static_cast<std::size_t>(2 * n + 1)]);
  double* origin = buffer.get();
  rt::shape_t<2> strides{cols, 1};
  std::string numpy = "np.array(v).reshape(s)";
  switch (layout) {
    case Layout::C: break;
    case Layout::F:
      strides = {1, rows};
      numpy = "np.asfortranarray(" + numpy + ")";
      break;
    case Layout::ReversedRows:
      strides = {-cols, 1};
      origin += (rows > 0 ? rows - 1 : 0) * cols;
      numpy = "np.ascontiguousarray(" + numpy + "[::-1])[::-1]";
      break;
    case Layout::EveryOther:
      strides = {2 * cols, 2};
      numpy = "np.repeat(np.array(v), 2).reshape(s[0], 2 * s[1])[:, ::2]";
      break;
  }
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) origin[r * strides[0] + c * strides[1]] = values[r * cols + c];
  return {rt::ndarray<double, 2>::wrap(origin, {rows, cols}, strides, buffer), numpy};
}

Layout any_layout() { return *rc::gen::element(Layout::C, Layout::F, Layout::ReversedRows, Layout::EveryOther); }

double numpy_reduce(const std::string& expr, const std::vector<double>& v, std::int64_t rows, std::int64_t cols) {
  return py_eval("float(" + expr + ")", py::dict("v"_a = v, "s"_a = py::make_tuple(rows, cols))).cast<double>();
}

// Each property draws this many arrays per run: a tie shows only where the kernel's blocks put it.
constexpr int kTrials = 16;

RC_GTEST_PROP(MinMaxOrder, a_whole_1d_array_keeps_the_zero_numpy_keeps_at_every_length_and_stride, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto n = *rc::gen::inRange<std::int64_t>(1, 80);
    const auto values = tie_prone_values(static_cast<std::size_t>(n));
    auto a = laid_out(values, 1, n, *rc::gen::element(Layout::C, Layout::EveryOther));
    const auto row = rt::ndarray<double, 1>::wrap(a.rt_view.data(), {n}, {a.rt_view.strides()[1]}, a.rt_view.owner());
    const std::string x = a.numpy + "[0]";
    RC_ASSERT(same(rt::minmax::all<false>(row, "minimum"), numpy_reduce("np.min(" + x + ")", values, 1, n)));
    RC_ASSERT(same(rt::minmax::all<true>(row, "maximum"), numpy_reduce("np.max(" + x + ")", values, 1, n)));
  }
}

// Long runs are first reduced in any order on wide vectors, and in numpy's order only when that meets a
// NaN or ends on a zero: each palette makes one of those outcomes common (all zeros, zeros and negatives
// for max, a rare NaN at any position, distinct values that are neither).
RC_GTEST_PROP(MinMaxOrder, a_long_1d_array_gives_numpys_result_whichever_path_reduces_it, ()) {
  for (int trial = 0; trial < kTrials / 2; ++trial) {
    const auto n = *rc::gen::inRange<std::int64_t>(256, 1100);
    const int palette = *rc::gen::inRange(0, 5);
    // Zeros of both signs weigh 8 each; -1.5 and 3.25 weigh 2, a NaN 1, when the palette has them. The
    // last palette has zeros of one sign only, beside 3.25 (a min ends on that zero) or -1.5 (a max does).
    std::vector<double> weighted(8, 0.0);
    weighted.insert(weighted.end(), 8, -0.0);
    if (palette == 4) {
      const double zero = *rc::gen::element(0.0, -0.0);
      weighted.assign(8, zero);
      weighted.insert(weighted.end(), 2, *rc::gen::element(3.25, -1.5));
    }
    if (palette >= 1 && palette <= 3) weighted.insert(weighted.end(), 2, -1.5);
    if (palette == 2 || palette == 3) weighted.insert(weighted.end(), 2, 3.25);
    if (palette == 3) weighted.push_back(kNaN);
    std::vector<double> values(static_cast<std::size_t>(n));
    for (auto& v : values) v = weighted[*rc::gen::inRange<std::size_t>(0, weighted.size())];
    // A lone NaN, often at an end: the first element starts the reduction apart from the rest.
    if (palette == 2 && *rc::gen::inRange(0, 3) == 0) {
      const auto at = *rc::gen::oneOf(rc::gen::just<std::size_t>(0), rc::gen::just(values.size() - 1),
                                      rc::gen::inRange<std::size_t>(0, values.size()));
      values[at] = kNaN;
    }
    // Contiguous (the wide-vector pass), every other element (numpy's strided loop), or reversed.
    const int layout = *rc::gen::inRange(0, 4);
    auto a = laid_out(values, 1, n, layout == 2 ? Layout::EveryOther : Layout::C);
    auto row = rt::ndarray<double, 1>::wrap(a.rt_view.data(), {n}, {a.rt_view.strides()[1]}, a.rt_view.owner());
    std::string x = a.numpy + "[0]";
    if (layout == 3) {
      std::reverse(a.rt_view.data(), a.rt_view.data() + n);
      row = rt::ndarray<double, 1>::wrap(a.rt_view.data() + n - 1, {n}, {-1}, a.rt_view.owner());
      x = "np.ascontiguousarray(np.array(v)[::-1])[::-1]";
    }
    RC_ASSERT(same(rt::minmax::all<false>(row, "minimum"), numpy_reduce("np.min(" + x + ")", values, 1, n)));
    RC_ASSERT(same(rt::minmax::all<true>(row, "maximum"), numpy_reduce("np.max(" + x + ")", values, 1, n)));
  }
}

// numpy's reduction loops take at most 8192 elements each, the first from element 1 to 8191: past that
// length the zero a tie keeps depends on where those loops start (one loop over the whole array kept the
// other zero for about one array in ten).
RC_GTEST_PROP(MinMaxOrder, an_array_longer_than_numpys_loop_keeps_the_zero_numpy_keeps, ()) {
  const auto n = *rc::gen::element<std::int64_t>(8191, 8192, 8193, 12288, 16385, 24577, 40000);
  const double other = *rc::gen::element(-1.0, 1.0);
  std::vector<double> values(static_cast<std::size_t>(n));
  for (auto& v : values) v = *rc::gen::weightedElement<double>({{9, 0.0}, {9, -0.0}, {2, other}});
  auto a = laid_out(values, 1, n, *rc::gen::element(Layout::C, Layout::EveryOther));
  const auto row = rt::ndarray<double, 1>::wrap(a.rt_view.data(), {n}, {a.rt_view.strides()[1]}, a.rt_view.owner());
  const std::string x = a.numpy + "[0]";
  RC_ASSERT(same(rt::minmax::all<false>(row, "minimum"), numpy_reduce("np.min(" + x + ")", values, 1, n)));
  RC_ASSERT(same(rt::minmax::all<true>(row, "maximum"), numpy_reduce("np.max(" + x + ")", values, 1, n)));
  const auto square = laid_out(values, 2, n / 2, Layout::C);  // a C-ordered 2-D array is one run
  const auto half = std::vector<double>(values.begin(), values.begin() + 2 * (n / 2));
  RC_ASSERT(same(rt::minmax::all<true>(square.rt_view, "maximum"),
                 numpy_reduce("np.max(" + square.numpy + ")", half, 2, n / 2)));
  const auto column = laid_out(values, n, 1, *rc::gen::element(Layout::C, Layout::EveryOther));  // along a long axis 0
  double got = 0;
  rt::minmax::along_axis<true>(column.rt_view, 0, &got, "maximum");
  RC_ASSERT(same(got, numpy_reduce("np.max(" + column.numpy + ", axis=0)[0]", values, n, 1)));
}

// The wide-vector pass once lost a NaN that started the reduction (max/min_pd keep their second operand
// when either is NaN): np.min([nan, 2.0, -1.5, ...]) came out -1.5.
TEST(MinMaxOrder, a_long_array_that_starts_with_nan_reduces_to_nan) {
  for (const std::int64_t n : {256, 300, 1000}) {
    std::vector<double> values(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) values[i] = i % 7 == 3 ? -1.5 : 2.0;
    values[0] = kNaN;
    auto a = laid_out(values, 1, n, Layout::C);
    const auto row = rt::ndarray<double, 1>::wrap(a.rt_view.data(), {n}, {1}, a.rt_view.owner());
    EXPECT_TRUE(std::isnan(rt::minmax::all<false>(row, "minimum"))) << "n = " << n;
    EXPECT_TRUE(std::isnan(rt::minmax::all<true>(row, "maximum"))) << "n = " << n;
  }
}

RC_GTEST_PROP(MinMaxOrder, a_whole_2d_array_keeps_the_zero_numpy_keeps_in_every_layout, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 7), cols = *rc::gen::inRange<std::int64_t>(1, 24);
    const auto values = tie_prone_values(static_cast<std::size_t>(rows * cols));
    const auto a = laid_out(values, rows, cols, any_layout());
    RC_ASSERT(same(rt::minmax::all<false>(a.rt_view, "minimum"), numpy_reduce("np.min(" + a.numpy + ")", values, rows, cols)));
    RC_ASSERT(same(rt::minmax::all<true>(a.rt_view, "maximum"), numpy_reduce("np.max(" + a.numpy + ")", values, rows, cols)));
  }
}

RC_GTEST_PROP(MinMaxOrder, along_either_axis_every_output_keeps_the_zero_numpy_keeps_in_every_layout, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 24), cols = *rc::gen::inRange<std::int64_t>(1, 24);
    const auto values = tie_prone_values(static_cast<std::size_t>(rows * cols));
    const auto a = laid_out(values, rows, cols, any_layout());
    const int axis = *rc::gen::inRange(0, 2);
    const bool is_max = *rc::gen::arbitrary<bool>();
    std::vector<double> got(static_cast<std::size_t>(axis == 0 ? cols : rows));
    if (is_max) {
      rt::minmax::along_axis<true>(a.rt_view, axis, got.data(), "maximum");
    } else {
      rt::minmax::along_axis<false>(a.rt_view, axis, got.data(), "minimum");
    }
    const std::string call = std::string(is_max ? "np.max(" : "np.min(") + a.numpy + ", axis=" + std::to_string(axis) + ")";
    const auto want = py_eval(call + ".tolist()", py::dict("v"_a = values, "s"_a = py::make_tuple(rows, cols)))
                          .cast<std::vector<double>>();
    RC_ASSERT(same(got, want));
  }
}

// min and max together (a.min() then a.max(), read in one pass where the order cannot matter) give what
// each gives alone, bit for bit: long C-ordered runs with and without NaNs and zeros take the one-pass
// path, other layouts and short arrays the separate ones.
RC_GTEST_PROP(MinMaxOrder, min_and_max_together_are_each_alone, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 40), cols = *rc::gen::inRange<std::int64_t>(1, 60);
    const int palette = *rc::gen::inRange(0, 5);
    std::vector<double> values(static_cast<std::size_t>(rows * cols));
    for (std::size_t i = 0; i < values.size(); ++i) {
      switch (palette) {
        case 0: values[i] = *rc::gen::inRange(-1000, 1000) / 8.0; break;        // zeros rare, no NaN
        case 1: values[i] = 1.0 + *rc::gen::inRange(0, 1000) / 8.0; break;     // all positive: no zero result
        case 2: values[i] = -1.0 - *rc::gen::inRange(0, 1000) / 8.0; break;    // all negative
        case 3: values[i] = tie_prone_values(1)[0]; break;                     // zeros, ties and NaNs
        default: values[i] = *rc::gen::element(0.0, 0.0, 2.5); break;          // one zero, the least
      }
    }
    if (palette != 3 && *rc::gen::inRange(0, 4) == 0) {  // a lone NaN or zero, often at an end
      const auto at = *rc::gen::oneOf(rc::gen::just<std::size_t>(0), rc::gen::just(values.size() - 1),
                                      rc::gen::inRange<std::size_t>(0, values.size()));
      values[at] = *rc::gen::element(kNaN, 0.0, -0.0);
    }
    const auto a = laid_out(values, rows, cols, *rc::gen::element(Layout::C, Layout::C, any_layout()));
    const bool max_first = *rc::gen::arbitrary<bool>();
    const auto [lo, hi] = rt::minmax::both(a.rt_view, max_first);
    RC_ASSERT(same(lo, rt::minmax::all<false>(a.rt_view, "minimum")));
    RC_ASSERT(same(hi, rt::minmax::all<true>(a.rt_view, "maximum")));
  }
}

TEST(MinMaxOrder, min_and_max_together_of_an_empty_array_raise_for_the_one_asked_first) {
  const auto empty = rt::ndarray<double, 2>::zeros({3, 0});
  for (const bool max_first : {false, true}) {
    try {
      (void)rt::minmax::both(empty, max_first);
      FAIL() << "no exception";
    } catch (const rt::ValueError& e) {
      EXPECT_EQ(std::string(e.what()), std::string("zero-size array to reduction operation ") +
                                           (max_first ? "maximum" : "minimum") + " which has no identity");
    }
  }
}

TEST(MinMaxOrder, an_empty_array_raises_numpys_value_error) {
  const auto empty = rt::ndarray<double, 1>::zeros({0});
  try {
    (void)rt::minmax::all<false>(empty, "minimum");
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_STREQ(e.what(), "zero-size array to reduction operation minimum which has no identity");
  }
}

TEST(MinMaxOrder, the_tied_zero_follows_the_baseline_kernels_lanes) {
  // np.min(np.array([0., -0., 1.])) is 0.0 on numpy's x86-64 baseline kernel (the two elements after the
  // first fill one 16-byte vector, whose lanes fold low to high) and -0.0 one element at a time.
  std::vector<double> v{0.0, -0.0, 1.0};
  const auto a = rt::ndarray<double, 1>::wrap(v.data(), {3}, {1}, nullptr);
  EXPECT_TRUE(same(rt::minmax::all<false>(a, "minimum"), 0.0));
  EXPECT_TRUE(same(numpy_reduce("np.min(np.array(v))", v, 1, 3), 0.0));
}

}  // namespace

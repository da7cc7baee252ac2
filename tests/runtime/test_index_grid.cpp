// Tests for rt::mgrid (runtime/rt/index_grid.hpp): dense grids of two and three int slices, with
// positive and negative steps, empty axes and axes of negative length, against np.mgrid in the embedded numpy, element by element.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "python_env.hpp"
#include "rt/index_grid.hpp"

namespace {

using opsynth::testing::py_eval;
using opsynth::testing::py_try;

rt::slice any_slice() {
  const auto start = *rc::gen::inRange<std::int64_t>(-6, 7);
  const auto stop = *rc::gen::inRange<std::int64_t>(-6, 12);
  const auto step = *rc::gen::element<std::int64_t>(1, 1, 2, 3, -1, -2);
  return rt::slice{start, stop, step};
}

std::string spelled(const rt::slice& s) {
  return std::to_string(*s.start) + ":" + std::to_string(*s.stop) + ":" + std::to_string(*s.step);
}

template <std::size_t K>
void expect_numpys_grid(const std::array<rt::slice, K>& key) {
  std::string index;
  for (const auto& s : key) index += (index.empty() ? "" : ", ") + spelled(s);
  const auto numpy = py_try("np.mgrid[" + index + "]");
  if (!numpy.exception.empty()) {  // an axis of negative length: numpy's ValueError
    RC_ASSERT(numpy.exception == "ValueError");
    RC_ASSERT_THROWS_AS(rt::mgrid<K>(key), rt::ValueError);
    return;
  }
  const auto got = rt::mgrid<K>(key);
  const auto want_shape = py_eval("list(np.mgrid[" + index + "].shape)").cast<std::vector<std::int64_t>>();
  const auto want = py_eval("np.mgrid[" + index + "].ravel().tolist()").cast<std::vector<std::int64_t>>();
  RC_ASSERT(std::vector<std::int64_t>(got.shape().begin(), got.shape().end()) == want_shape);
  RC_ASSERT(got.to_vector() == want);
}

RC_GTEST_PROP(IndexGrid, a_dense_grid_of_two_slices_is_numpys, ()) {
  expect_numpys_grid<2>({any_slice(), any_slice()});
}

RC_GTEST_PROP(IndexGrid, a_dense_grid_of_three_slices_is_numpys, ()) {
  expect_numpys_grid<3>({any_slice(), any_slice(), any_slice()});
}

TEST(IndexGrid, each_axis_repeats_its_points_over_the_axes_after_it) {
  const auto g = rt::mgrid<2>({rt::slice{0, 2, 1}, rt::slice{5, 8, 1}});
  EXPECT_EQ(g.to_vector(), (std::vector<std::int64_t>{0, 0, 0, 1, 1, 1, 5, 6, 7, 5, 6, 7}));
}

}  // namespace

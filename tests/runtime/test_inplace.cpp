// Tests for rt::inplace_scalar / rt::inplace_array (runtime/rt/inplace.hpp) and rt::assign_array's
// write-back of a view onto itself (runtime/rt/broadcast_assign.hpp): every layout the in-place loops
// take (C and Fortran contiguous, a column, every other element, a 3-d view of a transposed array)
// changes exactly the elements it covers, each by one operation, and leaves the rest of the buffer alone.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "rt/broadcast_assign.hpp"
#include "rt/inplace.hpp"

namespace {

// A buffer of n doubles 0, 1, 2, ... and a view of it.
struct Buffer {
  std::shared_ptr<double[]> data;
  std::int64_t n;
  explicit Buffer(std::int64_t count) : data(new double[static_cast<std::size_t>(count)]), n(count) {
    for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<double>(i);
  }
  template <std::size_t N>
  rt::ndarray<double, N> view(std::int64_t offset, const rt::shape_t<N>& shape, const rt::shape_t<N>& strides) const {
    return rt::ndarray<double, N>::wrap(data.get() + offset, shape, strides, data);
  }
  std::vector<double> values() const { return std::vector<double>(data.get(), data.get() + n); }
};

// The buffer after `divide` ran on the elements at `covered` (offsets), each divided by d exactly once.
std::vector<double> divided_at(std::int64_t n, const std::vector<std::int64_t>& covered, double d) {
  std::vector<double> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<double>(i);
  for (std::int64_t k : covered) out[k] /= d;
  return out;
}

const auto divide = [](double x, double y) { return x / y; };

TEST(Inplace, a_contiguous_array_is_divided_element_by_element_in_both_orders) {
  Buffer c(37), f(37);
  rt::inplace_scalar(c.view<2>(0, {6, 6}, {6, 1}), 3.0, divide);
  rt::inplace_scalar(f.view<2>(0, {6, 6}, {1, 6}), 3.0, divide);
  std::vector<std::int64_t> first36;
  for (std::int64_t i = 0; i < 36; ++i) first36.push_back(i);
  EXPECT_EQ(c.values(), divided_at(37, first36, 3.0));  // the 37th element is outside the view
  EXPECT_EQ(f.values(), divided_at(37, first36, 3.0));
}

TEST(Inplace, a_column_and_every_other_element_are_divided_where_they_lie) {
  Buffer column(20), strided(20);
  rt::inplace_scalar(column.view<1>(1, {5}, {4}), 7.0, divide);  // A[:, 1] of a 5 x 4 array
  rt::inplace_scalar(strided.view<1>(0, {10}, {2}), 7.0, divide);
  EXPECT_EQ(column.values(), divided_at(20, {1, 5, 9, 13, 17}, 7.0));
  EXPECT_EQ(strided.values(), divided_at(20, {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, 7.0));
}

// Columns are divided eight elements at a time with a remainder one by one: every length across two
// blocks, forwards and backwards (A[::-1, j]), covers each element once.
TEST(Inplace, a_column_of_any_length_either_way_is_divided_once_per_element) {
  for (std::int64_t rows = 0; rows <= 19; ++rows) {
    Buffer down(3 * 20), up(3 * 20);
    rt::inplace_scalar(down.view<1>(1, {rows}, {3}), 7.0, divide);
    rt::inplace_scalar(up.view<1>(1 + 3 * 19, {rows}, {-3}), 7.0, divide);
    std::vector<std::int64_t> first, last;
    for (std::int64_t i = 0; i < rows; ++i) {
      first.push_back(1 + 3 * i);
      last.push_back(1 + 3 * (19 - i));
    }
    EXPECT_EQ(down.values(), divided_at(60, first, 7.0)) << rows;
    EXPECT_EQ(up.values(), divided_at(60, last, 7.0)) << rows;
  }
}

// A stride of 0 (np.lib.stride_tricks.as_strided(x, (n,), (0,)), writeable) makes each step read what
// the one before wrote, as numpy's loop does: n halvings of one element.
TEST(Inplace, a_zero_stride_view_applies_every_step_to_the_one_element) {
  Buffer b(4);
  rt::inplace_scalar(b.view<1>(2, {10}, {0}), 2.0, divide);
  EXPECT_EQ(b.values(), (std::vector<double>{0.0, 1.0, 2.0 / 1024, 3.0}));
}

TEST(Inplace, a_three_dimensional_view_with_rows_of_any_stride_is_divided_once_per_element) {
  Buffer b(60);
  // shape (3, 2, 4) with strides (1, 12, 3): neither C nor Fortran contiguous, rows strided
  rt::inplace_scalar(b.view<3>(0, {3, 2, 4}, {1, 12, 3}), 2.0, divide);
  std::vector<std::int64_t> covered;
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int64_t j = 0; j < 2; ++j)
      for (std::int64_t k = 0; k < 4; ++k) covered.push_back(i + 12 * j + 3 * k);
  EXPECT_EQ(b.values(), divided_at(60, covered, 2.0));
}

TEST(Inplace, an_array_operand_of_the_same_shape_is_taken_element_by_element) {
  Buffer a(12), b(12);
  rt::inplace_array(a.view<2>(0, {3, 4}, {4, 1}), b.view<2>(0, {3, 4}, {4, 1}), [](double x, double y) { return x - 2 * y; });
  for (std::int64_t i = 0; i < 12; ++i) EXPECT_EQ(a.data[i], -static_cast<double>(i));
}

TEST(Inplace, an_operand_that_overlaps_the_target_is_read_as_it_was) {
  Buffer a(10);
  // a[1:] += a[:-1]: numpy adds the old values (from a copy), not the ones already updated
  rt::inplace_array(a.view<1>(1, {9}, {1}), a.view<1>(0, {9}, {1}), [](double x, double y) { return x + y; });
  for (std::int64_t i = 1; i < 10; ++i) EXPECT_EQ(a.data[i], static_cast<double>(2 * i - 1));
  EXPECT_EQ(a.data[0], 0.0);
}

TEST(Inplace, a_view_written_back_onto_itself_is_unchanged_and_a_shifted_one_is_copied) {
  Buffer a(10);
  const auto column = a.view<1>(0, {5}, {2});
  rt::assign_array(column, column);
  EXPECT_EQ(a.values(), divided_at(10, {}, 1.0));
  rt::assign_array(a.view<1>(1, {9}, {1}), a.view<1>(0, {9}, {1}));  // a[1:] = a[:-1]: the old values
  for (std::int64_t i = 1; i < 10; ++i) EXPECT_EQ(a.data[i], static_cast<double>(i - 1));
}

}  // namespace

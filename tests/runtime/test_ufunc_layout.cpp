// rt::ufunc::apply lays its result out as numpy does (KEEPORDER, positive strides): the figures are
// numpy 1.24's `(x * y).strides` for the same layouts, in elements.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "rt/ufunc.hpp"

namespace {

using A3 = rt::ndarray<double, 3>;

// A view over a buffer big enough for any of these layouts, with element strides and a first offset.
A3 view(rt::shape_t<3> shape, rt::shape_t<3> strides, std::int64_t offset = 0) {
  auto buffer = std::make_shared<std::vector<double>>(64, 1.0);
  return A3::wrap(buffer->data() + offset, shape, strides, buffer);
}

rt::shape_t<3> strides_of_product(const A3& x, const A3& y) {
  return rt::ufunc::apply<double>([](double a, double b) { return a * b; }, x, y).strides();
}

TEST(UfuncLayout, the_result_follows_the_operands_memory_order_as_numpy_allocates_it) {
  const A3 c = view({2, 3, 4}, {12, 4, 1}), f = view({2, 3, 4}, {1, 2, 6});
  EXPECT_EQ(strides_of_product(f, f), (rt::shape_t<3>{1, 2, 6}));
  EXPECT_EQ(strides_of_product(f, c), (rt::shape_t<3>{12, 4, 1}));  // a conflict keeps C order
  const A3 reversed = view({2, 3, 4}, {-12, 4, -1}, 15);  // C[::-1, :, ::-1]
  EXPECT_EQ(rt::ufunc::apply<double>([](double a, double b) { return a * b; }, reversed, 2.0).strides(),
            (rt::shape_t<3>{12, 4, 1}));
  const A3 t = view({3, 2, 4}, {2, 1, 6});  // ones((4, 3, 2)).transpose(1, 2, 0)
  EXPECT_EQ(strides_of_product(t, t), (rt::shape_t<3>{2, 1, 6}));
  const A3 x = view({3, 2, 4}, {8, 1, 2});  // ones((3, 4, 2)).transpose(0, 2, 1)
  EXPECT_EQ(strides_of_product(x, x), (rt::shape_t<3>{8, 1, 2}));
  EXPECT_EQ(strides_of_product(x, view({3, 1, 1}, {1, 1, 1})), (rt::shape_t<3>{8, 1, 2}));
  EXPECT_EQ(strides_of_product(view({2, 3, 1}, {1, 2, 6}), c), (rt::shape_t<3>{12, 4, 1}));
}

TEST(UfuncLayout, a_fortran_result_holds_the_same_values_as_numpy_gives) {
  A3 f = view({2, 3, 4}, {1, 2, 6});
  for (std::int64_t i = 0; i < 2; ++i)
    for (std::int64_t j = 0; j < 3; ++j)
      for (std::int64_t k = 0; k < 4; ++k) f(i, j, k) = static_cast<double>(100 * i + 10 * j + k);
  const auto row = rt::ndarray<double, 1>::full({4}, 0.5);
  const A3 r = rt::ufunc::apply<double>([](double a, double b) { return a + b; }, f, row);
  EXPECT_EQ(r.strides(), (rt::shape_t<3>{1, 2, 6}));
  for (std::int64_t i = 0; i < 2; ++i)
    for (std::int64_t j = 0; j < 3; ++j)
      for (std::int64_t k = 0; k < 4; ++k) EXPECT_EQ(r(i, j, k), 100 * i + 10 * j + k + 0.5);
}

// An operand repeated along the inner axis (`x[:, None] - y`, `y - x[:, None]`, with a scalar beside
// them) takes the vectorised row loop: every element is still f of the right operands, in their order.
TEST(UfuncLayout, an_operand_repeated_along_rows_gives_every_element_of_the_outer_form) {
  using A2 = rt::ndarray<double, 2>;
  std::vector<double> xs = {1.0, -2.0, 3.5}, ys = {10.0, 20.0, 30.0, 40.0, 50.0};
  const auto x = rt::ndarray<double, 1>::from_vector(xs, {3}).reshape<2>({3, 1});
  const auto y = rt::ndarray<double, 1>::from_vector(ys, {5});
  const auto f = [](double a, double b, double c) { return (a - b) * c; };
  const A2 left = rt::ufunc::apply<double>(f, x, y, 2.0), right = rt::ufunc::apply<double>(f, y, x, 2.0);
  ASSERT_EQ(left.shape(), (rt::shape_t<2>{3, 5}));
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int64_t j = 0; j < 5; ++j) {
      EXPECT_EQ(left(i, j), (xs[i] - ys[j]) * 2.0) << i << "," << j;
      EXPECT_EQ(right(i, j), (ys[j] - xs[i]) * 2.0) << i << "," << j;
    }
  // two repeated operands (neither runs along the rows) take the strided loop
  const A2 both = rt::ufunc::apply<double>(f, x, x, y);
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int64_t j = 0; j < 5; ++j) EXPECT_EQ(both(i, j), 0.0 * ys[j]);
}

}  // namespace

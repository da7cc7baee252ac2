// Tests for rt::ndarray (runtime/rt/ndarray.hpp): layout, indexing, views and broadcasting against numpy.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <complex>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "python_env.hpp"
#include "rt/inplace.hpp"
#include "rt/ndarray.hpp"

namespace {

using opsynth::testing::py_eval;
using opsynth::testing::py_try;
namespace py = pybind11;
using namespace pybind11::literals;

// 0, 1, 2, ... in C order, so every element names its own position in the base array.
template <std::size_t N>
rt::ndarray<std::int64_t, N> arange(const rt::shape_t<N>& shape) {
  std::vector<std::int64_t> values(static_cast<std::size_t>(rt::detail::shape_size(shape)));
  std::iota(values.begin(), values.end(), 0);
  return rt::ndarray<std::int64_t, N>::from_vector(std::move(values), shape);
}

// The same array in numpy (a copy in C order).
template <class T, std::size_t N>
py::object to_numpy(const rt::ndarray<T, N>& a) {
  py::tuple shape(N);
  for (std::size_t k = 0; k < N; ++k) shape[k] = a.shape(k);
  return py_eval("np.array(v, dtype=np.int64).reshape(s)", py::dict("v"_a = a.to_vector(), "s"_a = shape));
}

template <std::size_t N>
std::vector<std::int64_t> shape_vector(const rt::shape_t<N>& s) {
  return {s.begin(), s.end()};
}

// Runs statements with numpy imported, leaving their variables in `locals`.
void py_run(const std::string& code, py::dict locals) { py::exec(code, py_eval("globals()"), locals); }

py::object py_optional(const std::optional<std::int64_t>& v) { return v ? py::object(py::int_(*v)) : py::none(); }

py::object py_slice(const rt::slice& s) {
  return py_eval("slice(a, b, c)", py::dict("a"_a = py_optional(s.start), "b"_a = py_optional(s.stop),
                                            "c"_a = py_optional(s.step)));
}

std::string describe(const rt::slice& s) {
  auto part = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  return part(s.start) + ":" + part(s.stop) + ":" + part(s.step);
}

// Expects `a` to hold exactly numpy's `expr` (evaluated with `locals`): same shape, same elements in C order.
template <class T, std::size_t N>
void expect_same_as_numpy(const rt::ndarray<T, N>& a, const std::string& expr, py::dict locals) {
  py::object expected = py_eval(expr, locals);
  RC_ASSERT(shape_vector(a.shape()) == py::cast<std::vector<std::int64_t>>(expected.attr("shape")));
  RC_ASSERT(a.to_vector() == py::cast<std::vector<T>>(expected.attr("ravel")().attr("tolist")()));
}

rc::Gen<std::optional<std::int64_t>> maybe_int(std::int64_t lo, std::int64_t hi) {
  return rc::gen::map(rc::gen::maybe(rc::gen::inRange<std::int64_t>(lo, hi)), [](const rc::Maybe<std::int64_t>& m) {
    return m ? std::optional<std::int64_t>(*m) : std::nullopt;
  });
}

// Bounds inside and outside a small axis, steps of either sign (never 0), each part sometimes omitted.
rc::Gen<rt::slice> any_slice() {
  return rc::gen::map(rc::gen::tuple(maybe_int(-6, 7), maybe_int(-6, 7), maybe_int(1, 4), rc::gen::arbitrary<bool>()),
                      [](const auto& t) {
    auto [start, stop, magnitude, negative] = t;
    if (magnitude && negative) *magnitude = -*magnitude;
    return rt::slice{start, stop, magnitude};
  });
}

template <std::size_t N>
rc::Gen<rt::shape_t<N>> any_shape(std::int64_t max_dim = 4) {
  return rc::gen::map(rc::gen::container<std::vector<std::int64_t>>(N, rc::gen::inRange<std::int64_t>(0, max_dim + 1)),
                      [](const std::vector<std::int64_t>& v) {
                        rt::shape_t<N> s{};
                        std::copy(v.begin(), v.end(), s.begin());
                        return s;
                      });
}

TEST(Ndarray, FactoriesGiveCOrderedBuffersWithNumpyStrides) {
  auto a = rt::ndarray<double, 3>::full({2, 3, 4}, 1.5);
  EXPECT_EQ(a.size(), 24);
  EXPECT_EQ(a.ndim(), 3u);
  EXPECT_TRUE(a.is_c_contiguous());
  EXPECT_FALSE(a.is_f_contiguous());
  py::object np_strides = py_eval("tuple(s // 8 for s in np.full((2, 3, 4), 1.5).strides)");
  EXPECT_EQ(shape_vector(a.strides()), py::cast<std::vector<std::int64_t>>(np_strides));
  for (double v : a) EXPECT_EQ(v, 1.5);

  auto z = rt::ndarray<std::complex<double>, 2>::zeros({2, 2});
  EXPECT_EQ(z(1, 1), std::complex<double>(0, 0));
  auto flags = rt::ndarray<bool, 1>::from_vector({true, false, true}, {3});
  EXPECT_EQ(flags.to_vector(), (std::vector<bool>{true, false, true}));
  auto i32 = rt::ndarray<std::int32_t, 2>::full({3, 0}, 7);
  EXPECT_EQ(i32.size(), 0);
  EXPECT_TRUE(i32.is_c_contiguous() && i32.is_f_contiguous());  // numpy: an empty array is both
  EXPECT_EQ((rt::ndarray<float, 1>::full({2}, 0.25f).at(-1)), 0.25f);
}

TEST(Ndarray, FactoriesRaiseNumpyErrorsForBadShapes) {
  auto expected = py_try("np.array([1, 2, 3, 4, 5]).reshape((2, 3))");
  try {
    rt::ndarray<std::int64_t, 2>::from_vector({1, 2, 3, 4, 5}, {2, 3});
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(expected.exception, "ValueError");
    EXPECT_EQ(e.message(), expected.message);
  }
  auto negative = py_try("np.zeros((2, -1))");
  try {
    rt::ndarray<double, 2>::zeros({2, -1});
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(e.message(), negative.message);
  }
}

TEST(Ndarray, AtNormalizesNegativeIndicesAndRaisesNumpysIndexError) {
  auto a = arange<2>({3, 4});
  EXPECT_EQ(a.at(-1, -1), 11);
  EXPECT_EQ(a.at(1, -4), a(1, 0));
  for (auto [i, j] : std::vector<std::pair<int, int>>{{3, 0}, {-4, 0}, {0, 4}, {1, -5}}) {
    auto expected = py_try("np.arange(12).reshape(3, 4)[i, j]", py::dict("i"_a = i, "j"_a = j));
    ASSERT_EQ(expected.exception, "IndexError");
    try {
      a.at(i, j);
      ADD_FAILURE() << "no exception for " << i << ", " << j;
    } catch (const rt::IndexError& e) {
      EXPECT_EQ(e.message(), expected.message);
    }
  }
}

RC_GTEST_PROP(Ndarray, SlicedViewsHoldTheSameElementsAsNumpy, ()) {
  const auto shape = *any_shape<3>();
  const std::array<rt::slice, 3> s{*any_slice(), *any_slice(), *any_slice()};
  RC_LOG() << "a[" << describe(s[0]) << ", " << describe(s[1]) << ", " << describe(s[2]) << "]\n";
  auto a = arange(shape);
  py::dict locals("a"_a = to_numpy(a), "s0"_a = py_slice(s[0]), "s1"_a = py_slice(s[1]), "s2"_a = py_slice(s[2]));
  auto view = a.slice(s);
  expect_same_as_numpy(view, "a[s0, s1, s2]", locals);
  RC_ASSERT(view.is_c_contiguous() == py::cast<bool>(py_eval("a[s0, s1, s2].flags.c_contiguous", locals)));
  // Slicing a view again (here: its transpose, one axis) composes like numpy.
  expect_same_as_numpy(view.transpose().slice(1, s[0]), "a[s0, s1, s2].T[:, s0]", locals);
}

RC_GTEST_PROP(Ndarray, GetitemWithIntegersDropsAxesLikeNumpy, ()) {
  const auto shape = *any_shape<3>();
  const auto i = *rc::gen::inRange<std::int64_t>(-5, 5);
  const auto j = *rc::gen::inRange<std::int64_t>(-5, 5);
  const auto s = *any_slice();
  auto a = arange(shape);
  py::dict locals("a"_a = to_numpy(a), "i"_a = i, "j"_a = j, "s"_a = py_slice(s));
  auto check = [&](auto get, const std::string& expr) {
    auto expected = py_try(expr, locals);
    try {
      auto got = get();
      RC_ASSERT(expected.exception.empty());
      if constexpr (std::is_same_v<decltype(got), std::int64_t>) {
        RC_ASSERT(got == py::cast<std::int64_t>(expected.value));
      } else {
        expect_same_as_numpy(got, expr, locals);
      }
    } catch (const rt::IndexError& e) {
      RC_ASSERT(expected.exception == "IndexError");
      RC_ASSERT(e.message() == expected.message);
    }
  };
  check([&] { return a.getitem(i); }, "a[i]");
  check([&] { return a.getitem(s, j); }, "a[s, j]");
  check([&] { return a.getitem(rt::slice{}, i, s); }, "a[:, i, s]");
  check([&] { return a.getitem(i, j); }, "a[i, j]");
  check([&] { return a.getitem(i, s, j); }, "a[i, s, j]");
  check([&] { return a.getitem(j).getitem(i).getitem(i); }, "a[j][i][i]");
}

TEST(Ndarray, WritesThroughViewsAreVisibleInTheBaseLikeNumpy) {
  auto a = arange<2>({4, 5});
  auto v = a.slice({rt::slice{1, std::nullopt, std::nullopt}, rt::slice{std::nullopt, std::nullopt, -2}});
  v(0, 1) = 100;
  v.getitem(2).fill(-7);
  a.transpose().slice(0, rt::slice{0, 1, std::nullopt}).fill(55);
  py::dict locals;
  py_run(R"(
a = np.arange(20).reshape(4, 5)
v = a[1:, ::-2]
v[0, 1] = 100
v[2].fill(-7)
a.T[0:1].fill(55)
)",
         locals);
  EXPECT_EQ(a.to_vector(), py::cast<std::vector<std::int64_t>>(py_eval("a.ravel().tolist()", locals)));
  EXPECT_EQ(v.to_vector(), py::cast<std::vector<std::int64_t>>(py_eval("v.ravel().tolist()", locals)));
  EXPECT_TRUE(v.shares_buffer_with(a));
}

TEST(Ndarray, AssignBroadcastsAndReadsOverlappingSourcesFirstLikeNumpy) {
  auto a = arange<2>({3, 4});
  a.slice(1, rt::slice{1, std::nullopt, std::nullopt}).assign(a.getitem(0).slice(0, rt::slice{std::nullopt, 3, std::nullopt}));
  auto row = rt::ndarray<std::int64_t, 1>::from_vector({9, 8, 7, 6}, {4});
  a.slice(0, rt::slice{std::nullopt, std::nullopt, -2}).assign(row);
  py::dict locals;
  py_run("a = np.arange(12).reshape(3, 4)\na[:, 1:] = a[0, :3]\na[::-2] = [9, 8, 7, 6]\n", locals);
  EXPECT_EQ(a.to_vector(), py::cast<std::vector<std::int64_t>>(py_eval("a.ravel().tolist()", locals)));
  // Self-overlap with reversed order: numpy reads the source before writing.
  auto b = arange<1>({6});
  b.assign(b.slice(0, rt::slice{std::nullopt, std::nullopt, -1}));
  EXPECT_EQ(b.to_vector(), (std::vector<std::int64_t>{5, 4, 3, 2, 1, 0}));
}

// a[s] += a[t] on one buffer, slices drawn at random (contiguous, strided, reversed, overlapping): the
// in-place loop has a contiguous fast path and must still read an overlapping source before writing.
RC_GTEST_PROP(Ndarray, InplaceAddOverOneBufferMatchesNumpy, ()) {
  const std::int64_t n = *rc::gen::inRange<std::int64_t>(1, 40);
  const std::int64_t len = *rc::gen::inRange<std::int64_t>(0, n + 1);
  const auto window = [&](std::int64_t step) {
    if (len == 0) return rt::slice{0, 0, step};
    const std::int64_t span = (len - 1) * std::abs(step) + 1;
    const std::int64_t start = *rc::gen::inRange<std::int64_t>(0, n - span + 1);
    return step > 0 ? rt::slice{start, start + span, step}
                    : rt::slice{start + span - 1, start == 0 ? std::optional<std::int64_t>{} : start - 1, step};
  };
  const std::int64_t sa = *rc::gen::element<std::int64_t>(1, 1, 2, -1), sb = *rc::gen::element<std::int64_t>(1, 1, -1, 3);
  RC_PRE(len == 0 || ((len - 1) * std::abs(sa) < n && (len - 1) * std::abs(sb) < n));
  const rt::slice to = window(sa), from = window(sb);
  auto base = arange<1>({n});
  py::dict locals("a"_a = to_numpy(base), "s"_a = py_slice(to), "t"_a = py_slice(from));
  auto target = base.slice(0, to);
  rt::inplace_array(target, base.slice(0, from), [](std::int64_t x, std::int64_t y) { return x + y; });
  py_run("a[s] += a[t]", locals);
  RC_LOG() << "a[" << describe(to) << "] += a[" << describe(from) << "], n=" << n << "\n";
  expect_same_as_numpy(base, "a", locals);
}

RC_GTEST_PROP(Ndarray, ReshapeGivesAViewExactlyWhenNumpyDoes, ()) {
  const auto shape = *any_shape<3>();
  const std::array<rt::slice, 3> s{*any_slice(), *any_slice(), *any_slice()};
  auto a = arange(shape);
  auto view = a.slice(s);
  const std::int64_t n = view.size();
  const std::int64_t first = n == 0 ? 1 : *rc::gen::element<std::int64_t>(1, n);
  const std::int64_t rows = n % first == 0 ? first : 1;
  py::dict locals("a"_a = to_numpy(a), "s0"_a = py_slice(s[0]), "s1"_a = py_slice(s[1]), "s2"_a = py_slice(s[2]),
                  "r"_a = rows);
  py_run("v = a[s0, s1, s2]\nw = v.reshape(r, -1)", locals);
  auto reshaped = view.reshape(rt::shape_t<2>{rows, -1});
  expect_same_as_numpy(reshaped, "w", locals);
  RC_LOG() << "a[" << describe(s[0]) << ", " << describe(s[1]) << ", " << describe(s[2]) << "].reshape(" << rows
            << ", -1)\n";
  if (n > 0) {  // numpy never reports memory shared by empty arrays
    const bool numpy_view = py::cast<bool>(py_eval("np.shares_memory(w, a)", locals));
    RC_ASSERT(reshaped.shares_buffer_with(a) == numpy_view);
  }
  expect_same_as_numpy(view.reshape(rt::shape_t<1>{-1}), "v.reshape(-1)", locals);
}

TEST(Ndarray, ReshapeRaisesNumpysValueErrors) {
  auto a = arange<1>({6});
  auto expect_error = [&](auto shape, const std::string& numpy_shape) {
    auto expected = py_try("np.arange(6).reshape(" + numpy_shape + ")");
    ASSERT_EQ(expected.exception, "ValueError");
    try {
      a.reshape(shape);
      ADD_FAILURE() << "no exception for " << numpy_shape;
    } catch (const rt::ValueError& e) {
      EXPECT_EQ(e.message(), expected.message);
    }
  };
  expect_error(rt::shape_t<1>{4}, "(4,)");
  expect_error(rt::shape_t<2>{4, 2}, "(4, 2)");
  expect_error(rt::shape_t<0>{}, "()");
  expect_error(rt::shape_t<2>{4, -1}, "(4, -1)");
  expect_error(rt::shape_t<2>{-1, 4}, "(-1, 4)");
  expect_error(rt::shape_t<2>{-1, -1}, "(-1, -1)");
}

RC_GTEST_PROP(Ndarray, BroadcastShapesMatchesNumpyIncludingErrors, ()) {
  const auto a = *any_shape<2>(3);
  const auto b = *any_shape<3>(3);
  const auto c = *any_shape<1>(3);
  py::dict locals("a"_a = shape_vector(a), "b"_a = shape_vector(b), "c"_a = shape_vector(c));
  auto expected = py_try("np.broadcast_shapes(tuple(a), tuple(b), tuple(c))", locals);
  try {
    const auto got = rt::broadcast_shapes(a, b, c);
    RC_ASSERT(expected.exception.empty());
    RC_ASSERT(shape_vector(got) == py::cast<std::vector<std::int64_t>>(expected.value));
  } catch (const rt::ValueError& e) {
    RC_ASSERT(expected.exception == "ValueError");
    RC_ASSERT(e.message() == expected.message);
  }
}

TEST(Ndarray, BroadcastShapesMessageNamesTheDisagreeingArguments) {
  auto expected = py_try("np.broadcast_shapes((2,), (3,))");
  try {
    rt::broadcast_shapes(rt::shape_t<1>{2}, rt::shape_t<1>{3});
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(e.message(), expected.message);
    EXPECT_EQ(e.message(),
              "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with "
              "shape (2,) and arg 1 with shape (3,).");
  }
  EXPECT_EQ(rt::broadcast_shapes(rt::shape_t<0>{}, rt::shape_t<2>{0, 1}), (rt::shape_t<2>{0, 1}));
}

TEST(Ndarray, BroadcastToIsAReadOnlyZeroStrideViewWithNumpysErrors) {
  auto col = arange<2>({3, 1});
  auto wide = col.broadcast_to(rt::shape_t<3>{2, 3, 4});
  py::dict locals("c"_a = to_numpy(col));
  EXPECT_EQ(wide.to_vector(),
            py::cast<std::vector<std::int64_t>>(py_eval("np.broadcast_to(c, (2, 3, 4)).ravel().tolist()", locals)));
  EXPECT_EQ(wide.strides(), (rt::shape_t<3>{0, 1, 0}));
  EXPECT_FALSE(wide.writeable());
  auto read_only = py_try("exec('np.broadcast_to(c, (2, 3, 4)).fill(1)')", locals);
  try {
    wide.fill(1);
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(e.message(), read_only.message);
  }
  auto mismatch = py_try("np.broadcast_to(c, (3, 2, 4, 2))", locals);
  try {
    col.broadcast_to(rt::shape_t<4>{3, 2, 4, 2});
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(e.message(), mismatch.message);
  }
  auto fewer = py_try("np.broadcast_to(c, (3,))", locals);
  EXPECT_THROW(
      {
        try {
          col.broadcast_to(rt::shape_t<1>{3});
        } catch (const rt::ValueError& e) {
          EXPECT_EQ(e.message(), fewer.message);
          throw;
        }
      },
      rt::ValueError);
}

RC_GTEST_PROP(Ndarray, IterationVisitsTransposedAndReversedViewsInCOrder, ()) {
  const auto shape = *any_shape<3>(5);
  const std::array<rt::slice, 3> s{*any_slice(), *any_slice(), *any_slice()};
  auto a = arange(shape);
  py::dict locals("a"_a = to_numpy(a), "s0"_a = py_slice(s[0]), "s1"_a = py_slice(s[1]), "s2"_a = py_slice(s[2]));
  const auto view = a.slice(s).transpose(std::array<std::int64_t, 3>{1, -1, 0});
  const auto expected = py::cast<std::vector<std::int64_t>>(
      py_eval("a[s0, s1, s2].transpose(1, -1, 0).ravel().tolist()", locals));
  std::vector<std::int64_t> by_iterator(view.begin(), view.end());
  std::vector<std::int64_t> by_for_each;
  view.for_each([&](std::int64_t v) { by_for_each.push_back(v); });
  RC_ASSERT(by_iterator == expected);
  RC_ASSERT(by_for_each == expected);
  RC_ASSERT(view.copy().to_vector() == expected);
  RC_ASSERT(view.copy().is_c_contiguous());
}

TEST(Ndarray, TransposeWithAxesRaisesNumpysErrors) {
  auto a = arange<2>({2, 3});
  auto repeated = py_try("np.zeros((2, 3)).transpose(0, 0)");
  try {
    a.transpose({0, 0});
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(e.message(), repeated.message);
  }
  auto out_of_range = py_try("np.zeros((2, 3)).transpose(0, 2)");
  ASSERT_EQ(out_of_range.exception, "AxisError");
  try {
    a.transpose({0, 2});
    FAIL() << "no exception";
  } catch (const rt::AxisError& e) {
    EXPECT_EQ(e.message(), out_of_range.message);
  }
}

TEST(Ndarray, ZeroDimensionalArraysHoldOneElement) {
  auto scalar = rt::ndarray<double, 0>::full({}, 2.5);
  EXPECT_EQ(scalar.size(), 1);
  EXPECT_EQ(scalar.item(), 2.5);
  EXPECT_EQ(scalar.getitem(), 2.5);  // a[()] on a 0-d array is a scalar in numpy
  scalar() = 4.0;
  auto as_vector = scalar.reshape(rt::shape_t<1>{-1});
  EXPECT_EQ(as_vector.shape(), (rt::shape_t<1>{1}));
  EXPECT_EQ(as_vector.at(0), 4.0);
  EXPECT_EQ(scalar.broadcast_to(rt::shape_t<2>{2, 2}).to_vector(), (std::vector<double>(4, 4.0)));
  auto element = arange<2>({2, 3}).getitem(1).getitem(2);
  EXPECT_EQ(element, 5);
  auto back = arange<1>({1}).reshape(rt::shape_t<0>{});
  EXPECT_EQ(back.item(), 0);
}

TEST(Ndarray, WrappedMemoryIsSharedNotCopied) {
  std::vector<double> storage{0, 1, 2, 3, 4, 5};
  // A reversed-rows view of a 2x3 C array: data points at row 1, row stride -3.
  auto a = rt::ndarray<double, 2>::wrap(storage.data() + 3, {2, 3}, {-3, 1});
  EXPECT_EQ(a.to_vector(), (std::vector<double>{3, 4, 5, 0, 1, 2}));
  a.at(-1, 0) = 42;
  EXPECT_EQ(storage[0], 42);
  auto bytes = rt::ndarray<double, 1>::wrap_byte_strides(storage.data(), {3}, {16});
  EXPECT_EQ(bytes.to_vector(), (std::vector<double>{42, 2, 4}));
  EXPECT_THROW((rt::ndarray<double, 1>::wrap_byte_strides(storage.data(), {3}, {12})), rt::ValueError);
}

TEST(Ndarray, ViewsKeepTheBufferAlive) {
  rt::ndarray<std::int64_t, 1> tail;
  {
    auto a = arange<2>({3, 3});
    tail = a.getitem(2).slice(0, rt::slice{std::nullopt, std::nullopt, -1});
  }
  EXPECT_EQ(tail.to_vector(), (std::vector<std::int64_t>{8, 7, 6}));
  EXPECT_EQ(tail.owner().use_count(), 1);
}

}  // namespace

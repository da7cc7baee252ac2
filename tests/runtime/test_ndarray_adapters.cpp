// Tests for the ndarray adapters (runtime/rt/xtensor.hpp, runtime/rt/eigen.hpp) against numpy.
#include <gtest/gtest.h>
#include <pybind11/stl.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "python_env.hpp"
#include "rt/eigen.hpp"
#include "rt/xtensor.hpp"

namespace {

using opsynth::testing::py_eval;
namespace py = pybind11;
using namespace pybind11::literals;

void py_run(const std::string& code, py::dict locals) { py::exec(code, py_eval("globals()"), locals); }

// 0.0, 1.0, 2.0, ... in C order: small integers keep every sum and product exact in float64.
template <std::size_t N>
rt::ndarray<double, N> arange(const rt::shape_t<N>& shape) {
  std::vector<double> values(static_cast<std::size_t>(rt::detail::shape_size(shape)));
  std::iota(values.begin(), values.end(), 0.0);
  return rt::ndarray<double, N>::from_vector(std::move(values), shape);
}

template <std::size_t N>
py::object to_numpy(const rt::ndarray<double, N>& a) {
  return py_eval("np.array(v, dtype=np.float64).reshape(s)",
                 py::dict("v"_a = a.to_vector(), "s"_a = std::vector<std::int64_t>(a.shape().begin(), a.shape().end())));
}

std::vector<double> numpy_values(const std::string& expr, py::dict locals) {
  return py::cast<std::vector<double>>(py_eval("np.asarray(" + expr + ").ravel().tolist()", locals));
}

py::object py_optional(const std::optional<std::int64_t>& v) { return v ? py::object(py::int_(*v)) : py::none(); }

py::object py_slice(const rt::slice& s) {
  return py_eval("slice(a, b, c)", py::dict("a"_a = py_optional(s.start), "b"_a = py_optional(s.stop),
                                            "c"_a = py_optional(s.step)));
}

rc::Gen<std::optional<std::int64_t>> maybe_int(std::int64_t lo, std::int64_t hi) {
  return rc::gen::map(rc::gen::maybe(rc::gen::inRange<std::int64_t>(lo, hi)), [](const rc::Maybe<std::int64_t>& m) {
    return m ? std::optional<std::int64_t>(*m) : std::nullopt;
  });
}

// Bounds inside and outside a small axis, steps of either sign (never 0), each part sometimes omitted.
rc::Gen<rt::slice> any_slice() {
  return rc::gen::map(rc::gen::tuple(maybe_int(-7, 8), maybe_int(-7, 8), maybe_int(1, 4), rc::gen::arbitrary<bool>()),
                      [](const auto& t) {
                        auto [start, stop, magnitude, negative] = t;
                        if (magnitude && negative) *magnitude = -*magnitude;
                        return rt::slice{start, stop, magnitude};
                      });
}

RC_GTEST_PROP(NdarrayXtensor, SumOfAStridedViewEqualsNumpys, ()) {
  const auto d0 = *rc::gen::inRange<std::int64_t>(0, 6);
  const auto d1 = *rc::gen::inRange<std::int64_t>(0, 6);
  const auto d2 = *rc::gen::inRange<std::int64_t>(0, 6);
  const std::array<rt::slice, 3> s{*any_slice(), *any_slice(), *any_slice()};
  auto a = arange<3>({d0, d1, d2});
  py::dict locals("a"_a = to_numpy(a), "s0"_a = py_slice(s[0]), "s1"_a = py_slice(s[1]), "s2"_a = py_slice(s[2]));
  const auto view = a.slice(s).transpose();
  const double got = xt::sum(rt::as_xtensor(view))();
  RC_ASSERT(got == py::cast<double>(py_eval("float(a[s0, s1, s2].T.sum())", locals)));
  // Element access and evaluation through the adaptor follow the view's C order.
  RC_ASSERT(rt::from_xtensor(rt::as_xtensor(view)).to_vector() == numpy_values("a[s0, s1, s2].T", locals));
}

TEST(NdarrayXtensor, ExpressionsOverViewsEvaluateIntoNewCContiguousArrays) {
  auto a = arange<2>({4, 5});
  auto column = a.slice({rt::slice{std::nullopt, std::nullopt, -1}, rt::slice{2, 3, std::nullopt}});  // (4, 1)
  auto rows = a.slice({rt::slice{1, std::nullopt, 2}, rt::slice{std::nullopt, std::nullopt, -2}});    // (2, 3)
  py::dict locals("a"_a = to_numpy(a));
  // Length-1 axes broadcast even though the view's stride on them is not 0.
  auto sum = rt::from_xtensor(rt::as_xtensor(column) * 2.0 + xt::view(rt::as_xtensor(rows), 0, xt::all()));
  EXPECT_EQ(sum.shape(), (rt::shape_t<2>{4, 3}));
  EXPECT_TRUE(sum.is_c_contiguous());
  EXPECT_EQ(sum.to_vector(), numpy_values("a[::-1, 2:3] * 2.0 + a[1::2, ::-2][0]", locals));

  xt::xarray<double> dynamic = xt::ones<double>({2, 2});
  EXPECT_EQ(rt::from_xtensor<2>(dynamic).to_vector(), (std::vector<double>(4, 1.0)));
  EXPECT_THROW(rt::from_xtensor<3>(dynamic), rt::ValueError);
}

TEST(NdarrayXtensor, WritesThroughTheAdaptorReachEveryAlias) {
  auto a = arange<2>({3, 4});
  auto view = a.slice({rt::slice{std::nullopt, std::nullopt, -1}, rt::slice{1, std::nullopt, 2}});
  auto x = rt::as_xtensor(view);
  x += 100.0;
  x(0, 0) = -1.0;
  py::dict locals("a"_a = to_numpy(arange<2>({3, 4})));
  py_run("v = a[::-1, 1::2]\nv += 100.0\nv[0, 0] = -1.0\n", locals);
  EXPECT_EQ(a.to_vector(), numpy_values("a", locals));
  auto whole = rt::as_xtensor(a);
  EXPECT_EQ(whole.layout(), xt::layout_type::row_major);  // contiguous arrays take xtensor's linear paths
  EXPECT_EQ(xt::sum(whole)(), py::cast<double>(py_eval("float(a.sum())", locals)));
}

TEST(NdarrayEigen, MatrixProductsOnMapsEqualNumpys) {
  auto a = arange<2>({3, 4});
  auto b = arange<2>({4, 2});
  auto big = arange<2>({6, 9});
  py::dict locals("a"_a = to_numpy(a), "b"_a = to_numpy(b), "big"_a = to_numpy(big));
  // C order, Fortran order (a transposed C array) and general strides (every other row and column).
  auto ab = rt::from_eigen(rt::as_eigen(a) * rt::as_eigen(b));
  EXPECT_EQ(ab.to_vector(), numpy_values("a @ b", locals));
  auto bt_at = rt::from_eigen(rt::as_eigen_colmajor(b.transpose()) * rt::as_eigen_colmajor(a.transpose()));
  EXPECT_EQ(bt_at.to_vector(), numpy_values("b.T @ a.T", locals));
  const auto strided = big.slice({rt::slice{1, std::nullopt, 2}, rt::slice{std::nullopt, 8, 2}});  // (3, 4)
  auto sb = rt::from_eigen(rt::as_eigen_strided(strided) * rt::as_eigen(b));
  EXPECT_EQ(sb.to_vector(), numpy_values("big[1::2, :8:2] @ b", locals));
  auto col = big.getitem(rt::slice{std::nullopt, 4, std::nullopt}, 3);  // (4,), stride 9
  rt::eigen_vector<double> av = rt::as_eigen(a) * rt::as_eigen_strided(col);
  EXPECT_EQ(std::vector<double>(av.data(), av.data() + av.size()), numpy_values("a @ big[:4, 3]", locals));
}

TEST(NdarrayEigen, MapsShareMemoryWithTheArray) {
  auto a = arange<2>({3, 3});
  rt::as_eigen(a).row(1).setConstant(-1.0);
  auto diagonal = a.reshape(rt::shape_t<1>{-1}).slice(0, rt::slice{std::nullopt, std::nullopt, 4});
  rt::as_eigen_strided(diagonal).array() += 10.0;
  auto transposed = a.transpose();  // a named view: a temporary would only map as const
  rt::as_eigen_strided(transposed)(0, 2) = 42.0;
  py::dict locals("a"_a = to_numpy(arange<2>({3, 3})));
  py_run("a[1] = -1.0\na.ravel()[::4] += 10.0\na.T[0, 2] = 42.0\n", locals);
  EXPECT_EQ(a.to_vector(), numpy_values("a", locals));
}

TEST(NdarrayEigen, RefusesLayoutsEigenCannotMap) {
  auto a = arange<2>({3, 4});
  try {
    rt::as_eigen_strided(a.slice(0, rt::slice{std::nullopt, std::nullopt, -1}));
    FAIL() << "no exception";
  } catch (const rt::ValueError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot map an ndarray with shape (3, 4) and element strides (-4, 1) as an Eigen matrix: Eigen "
              "needs non-negative strides; copy() it first");
  }
  EXPECT_THROW(rt::as_eigen(a.transpose()), rt::ValueError);
  EXPECT_THROW(rt::as_eigen_colmajor(a), rt::ValueError);
  EXPECT_THROW(rt::as_eigen(a.getitem(rt::slice{}, 1)), rt::ValueError);  // a column: stride 4
  // A broadcast view is read-only: it maps for reading (zero strides) but never for writing.
  auto row = a.getitem(2);
  auto repeated = row.broadcast_to(rt::shape_t<2>{3, 4});
  EXPECT_THROW(rt::as_eigen_strided(repeated), rt::ValueError);
  const auto& read_only = repeated;
  EXPECT_EQ(rt::as_eigen_strided(read_only).colwise().sum()(0, 3), 3 * 11.0);
}

}  // namespace

// Tests for numpy's write order in advanced assignment (runtime/rt/iteration_order.hpp): a position
// written twice keeps what numpy keeps, whatever the layouts of the index arrays and the value.
// Every case runs the same assignment in the embedded numpy and compares the whole array.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "python_env.hpp"
#include "rt/advanced_index.hpp"
#include "rt/advanced_tuple_index.hpp"

namespace {

namespace py = pybind11;
using namespace pybind11::literals;
using opsynth::testing::py_eval;

// How a 2-D operand lies in memory: C order, Fortran order, or C order with its rows reversed.
enum class Layout { C, F, ReversedRows };

// A 2-D rt array holding `values` (C order of the logical array) in `layout`.
template <class T>
rt::ndarray<T, 2> laid_out(const std::vector<T>& values, std::int64_t rows, std::int64_t cols, Layout layout) {
  auto buffer = std::shared_ptr<T[]>(new T[values.size()]);  // not a vector: vector<bool> has no data()
  T* base = buffer.get();
  rt::shape_t<2> strides{cols, 1};
  T* origin = base;
  if (layout == Layout::F) strides = {1, rows};
  if (layout == Layout::ReversedRows) {
    strides = {-cols, 1};
    origin = base + (rows - 1) * cols;
  }
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) origin[r * strides[0] + c * strides[1]] = values[r * cols + c];
  return rt::ndarray<T, 2>::wrap(origin, {rows, cols}, strides, buffer);
}

// The numpy expression that lays `name` (a C-ordered array) out like `layout`.
std::string numpy_layout(const std::string& name, Layout layout) {
  switch (layout) {
    case Layout::C: return name;
    case Layout::F: return "np.asfortranarray(" + name + ")";
    case Layout::ReversedRows: return "np.ascontiguousarray(" + name + "[::-1])[::-1]";
  }
  return name;
}

Layout any_layout() { return *rc::gen::element(Layout::C, Layout::F, Layout::ReversedRows); }

// Index values in [0, n) over a rows x cols array: small n so that positions repeat.
std::vector<std::int64_t> repeating_index(std::int64_t rows, std::int64_t cols, std::int64_t n) {
  return *rc::gen::container<std::vector<std::int64_t>>(static_cast<std::size_t>(rows * cols),
                                                         rc::gen::inRange<std::int64_t>(0, n));
}

std::vector<double> distinct_values(std::size_t count) {
  std::vector<double> v(count);
  for (std::size_t i = 0; i < count; ++i) v[i] = static_cast<double>(i + 1);
  return v;
}

// Each property draws this many cases per run: a wrong order shows only when a non-C layout meets a
// repeated position, so rapidcheck's default 100 runs would leave it to chance.
constexpr int kTrials = 12;

std::vector<double> numpy_values(const py::object& a) { return py_eval("a.ravel().tolist()", py::dict("a"_a = a)).cast<std::vector<double>>(); }

// a[mask] with the mask over every axis: the one-pass path for two C-ordered operands of one shape and the
// offset path for the other layouts give numpy's selection, in numpy's order.
RC_GTEST_PROP(AdvancedWriteOrder, a_mask_over_every_axis_selects_what_numpy_selects_in_every_layout, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(0, 5), cols = *rc::gen::inRange<std::int64_t>(0, 5);
    const auto count = static_cast<std::size_t>(rows * cols);
    const auto mask_values = *rc::gen::container<std::vector<bool>>(count, rc::gen::arbitrary<bool>());
    const Layout a_layout = any_layout(), mask_layout = any_layout();
    const auto values = distinct_values(count);
    const auto picked = rt::mask_select(laid_out(values, rows, cols, a_layout),
                                        laid_out(mask_values, rows, cols, mask_layout));
    py::dict env("m"_a = mask_values, "v"_a = values, "s"_a = py::make_tuple(rows, cols));
    const std::string a = numpy_layout("np.array(v).reshape(s)", a_layout);
    const std::string m = numpy_layout("np.array(m, dtype=bool).reshape(s)", mask_layout);
    RC_ASSERT(picked.to_vector() == py_eval(a + "[" + m + "].tolist()", env).cast<std::vector<double>>());
  }
}

// The one-pass select of two C-ordered operands writes every element to the next free slot and stops at
// the last selected one: masks of every density (none, all, one in eight, only the last element) over
// rows long enough to pass several cache lines select what numpy selects, and nothing past the result.
RC_GTEST_PROP(AdvancedWriteOrder, a_c_ordered_mask_of_any_density_selects_what_numpy_selects, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4), cols = *rc::gen::inRange<std::int64_t>(0, 70);
    const auto count = static_cast<std::size_t>(rows * cols);
    const int density = *rc::gen::inRange(0, 5);
    std::vector<bool> mask_values(count);
    for (std::size_t i = 0; i < count; ++i) {
      const bool coin = *rc::gen::inRange(0, 8) == 0;
      mask_values[i] = density == 1 || (density == 2 && coin) || (density == 3 && i + 1 == count) ||
                       (density == 4 && !coin);
    }
    const auto values = distinct_values(count);
    const auto picked = rt::mask_select(laid_out(values, rows, cols, Layout::C), laid_out(mask_values, rows, cols, Layout::C));
    py::dict env("m"_a = mask_values, "v"_a = values, "s"_a = py::make_tuple(rows, cols));
    RC_ASSERT(picked.to_vector() ==
              py_eval("np.array(v).reshape(s)[np.array(m, dtype=bool).reshape(s)].tolist()", env).cast<std::vector<double>>());
  }
}

// a[mask] = value: the one-pass select for two C-ordered operands of one shape and the offset path for
// the other layouts write what numpy writes; a mask that is the array itself reads before it writes.
RC_GTEST_PROP(AdvancedWriteOrder, a_mask_assignment_writes_what_numpy_writes_in_every_layout, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(0, 5), cols = *rc::gen::inRange<std::int64_t>(0, 5);
    const auto count = static_cast<std::size_t>(rows * cols);
    const auto mask_values = *rc::gen::container<std::vector<bool>>(count, rc::gen::arbitrary<bool>());
    const Layout a_layout = any_layout(), mask_layout = any_layout();
    const auto values = distinct_values(count);
    const auto a = laid_out(values, rows, cols, a_layout);
    rt::mask_assign(a, laid_out(mask_values, rows, cols, mask_layout), -1.5);
    py::dict env("m"_a = mask_values, "v"_a = values, "s"_a = py::make_tuple(rows, cols));
    py::exec("a = np.array(v).reshape(s)\na[np.array(m, dtype=bool).reshape(s)] = -1.5", py_eval("globals()"), env);
    RC_ASSERT(a.to_vector() == numpy_values(env["a"]));
    const auto flags = laid_out(mask_values, rows, cols, a_layout);
    rt::mask_assign(flags, flags, false);
    for (bool f : flags.to_vector()) RC_ASSERT(!f);
  }
}

// a[mask] = values: one value per true position (or a single one), through the one-pass path for two
// C-ordered operands of one shape and the offset path otherwise, as numpy writes them; a's own selection
// negated (pos[low] = -pos[low]) and a wrong count (ValueError, nothing written) included.
RC_GTEST_PROP(AdvancedWriteOrder, a_mask_assignment_of_values_writes_what_numpy_writes_in_every_layout, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(0, 6), cols = *rc::gen::inRange<std::int64_t>(0, 40);
    const auto count = static_cast<std::size_t>(rows * cols);
    const auto mask_values = *rc::gen::container<std::vector<bool>>(count, rc::gen::arbitrary<bool>());
    const Layout a_layout = any_layout(), mask_layout = any_layout();
    const auto start = distinct_values(count);
    const auto a = laid_out(start, rows, cols, a_layout);
    const auto mask = laid_out(mask_values, rows, cols, mask_layout);
    const int kind = *rc::gen::inRange(0, 4);  // 0: fresh values, 1: one value, 2: a's own selection, 3: too few
    py::dict env("m"_a = mask_values, "v"_a = start, "s"_a = py::make_tuple(rows, cols), "kind"_a = kind);
    py::exec(R"(
a = np.array(v).reshape(s)
mm = np.array(m, dtype=bool).reshape(s)
k = int(mm.sum())
vals = {0: np.arange(k) * 0.5 - 3.0, 1: np.array([7.25]), 2: None, 3: np.arange(max(k - 1, 0)) + 0.5}[kind]
if kind == 2:
    a[mm] = -a[mm]
    err = None
else:
    try:
        a[mm] = vals
        err = None
    except ValueError as e:
        err = str(e)
)", py_eval("globals()"), env);
    std::string error;
    try {
      if (kind == 2) {
        const auto picked = rt::mask_select(a, mask);
        for (std::int64_t i = 0; i < picked.size(); ++i) const_cast<double*>(picked.data())[i] = -picked.data()[i];
        rt::mask_assign(a, mask, picked);
      } else {
        const auto vals = env["vals"].cast<std::vector<double>>();
        rt::mask_assign(a, mask, rt::ndarray<double, 1>::from_vector(vals, {static_cast<std::int64_t>(vals.size())}));
      }
    } catch (const rt::ValueError& e) {
      error = e.what();
    }
    const bool numpy_raised = !env["err"].is_none();
    RC_ASSERT(numpy_raised == !error.empty());
    if (numpy_raised) RC_ASSERT(error == env["err"].cast<std::string>());
    RC_ASSERT(a.to_vector() == numpy_values(env["a"]));
  }
}

// lut[idx] through a C-ordered index: negative indices count from the end, and the first index out of
// range in C order raises numpy's IndexError.
TEST(AdvancedWriteOrder, a_table_read_takes_negative_indices_and_raises_numpys_index_error) {
  const auto lut = rt::ndarray<double, 1>::from_vector({10.0, 20.0, 30.0}, {3});
  const auto idx = rt::ndarray<std::int64_t, 2>::from_vector({0, -1, 2, -3}, {2, 2});
  EXPECT_EQ(rt::take_rows<rt::write_order::numpy>(lut, idx).to_vector(), (std::vector<double>{10.0, 30.0, 30.0, 10.0}));
  const auto bad = rt::ndarray<std::int64_t, 1>::from_vector({1, 5, -4}, {3});
  try {
    (void)rt::take_rows<rt::write_order::numpy>(lut, bad);
    FAIL() << "no IndexError";
  } catch (const rt::IndexError& e) {
    EXPECT_EQ(std::string(e.what()), "index 5 is out of bounds for axis 0 with size 3");  // numpy 1.24's words
  }
}

RC_GTEST_PROP(AdvancedWriteOrder, a_repeated_position_keeps_numpys_value_for_one_index_array_over_a_1d_array, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4), cols = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto n = *rc::gen::inRange<std::int64_t>(1, 3);
    const auto idx_values = repeating_index(rows, cols, n);
    const Layout idx_layout = any_layout(), value_layout = any_layout();
    const auto value_values = distinct_values(static_cast<std::size_t>(rows * cols));

    auto a = rt::ndarray<double, 1>::zeros({n});
    rt::rows_assign<rt::write_order::numpy>(a, laid_out(idx_values, rows, cols, idx_layout),
                                            laid_out(value_values, rows, cols, value_layout));

    py::dict env("i"_a = idx_values, "v"_a = value_values, "s"_a = py::make_tuple(rows, cols), "n"_a = n);
    const std::string i = numpy_layout("np.array(i, dtype=np.int64).reshape(s)", idx_layout);
    const std::string v = numpy_layout("np.array(v).reshape(s)", value_layout);
    py::exec("a = np.zeros(n)\na[" + i + "] = " + v, py_eval("globals()"), env);
    RC_ASSERT(a.to_vector() == numpy_values(env["a"]));
  }
}

RC_GTEST_PROP(AdvancedWriteOrder, a_repeated_position_keeps_numpys_value_for_a_tuple_of_arrays_and_a_broadcast_value,
              ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4), cols = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto r_values = repeating_index(rows, cols, 2), c_values = repeating_index(rows, cols, 2);
    const Layout r_layout = any_layout(), c_layout = any_layout(), value_layout = any_layout();
    // The value: one per position, or a row or a column broadcast over the positions.
    const int value_shape = *rc::gen::inRange(0, 3);
    const std::int64_t v_rows = value_shape == 1 ? 1 : rows, v_cols = value_shape == 2 ? 1 : cols;
    const auto value_values = distinct_values(static_cast<std::size_t>(v_rows * v_cols));

    auto a = rt::ndarray<double, 2>::zeros({2, 2});
    rt::advanced_assign<rt::write_order::numpy>(a, laid_out(value_values, v_rows, v_cols, value_layout),
                                                laid_out(r_values, rows, cols, r_layout),
                                                laid_out(c_values, rows, cols, c_layout));

    py::dict env("r"_a = r_values, "c"_a = c_values, "v"_a = value_values, "s"_a = py::make_tuple(rows, cols),
                 "vs"_a = py::make_tuple(v_rows, v_cols));
    const std::string r = numpy_layout("np.array(r, dtype=np.int64).reshape(s)", r_layout);
    const std::string c = numpy_layout("np.array(c, dtype=np.int64).reshape(s)", c_layout);
    const std::string v = numpy_layout("np.array(v).reshape(vs)", value_layout);
    py::exec("a = np.zeros((2, 2))\na[" + r + ", " + c + "] = " + v, py_eval("globals()"), env);
    RC_ASSERT(a.to_vector() == numpy_values(env["a"]));
  }
}

RC_GTEST_PROP(AdvancedWriteOrder, with_a_subspace_numpy_writes_the_positions_in_c_order, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4), cols = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto idx_values = repeating_index(rows, cols, 2);
    const Layout idx_layout = any_layout();
    const auto value_values = distinct_values(static_cast<std::size_t>(rows * cols * 2));
    auto values = rt::ndarray<double, 3>::from_vector(value_values, {rows, cols, 2});

    auto a = rt::ndarray<double, 2>::zeros({2, 2});
    rt::advanced_assign<rt::write_order::numpy>(a, values, laid_out(idx_values, rows, cols, idx_layout), rt::slice{});

    py::dict env("i"_a = idx_values, "v"_a = value_values, "s"_a = py::make_tuple(rows, cols, 2),
                 "si"_a = py::make_tuple(rows, cols));
    const std::string i = numpy_layout("np.array(i, dtype=np.int64).reshape(si)", idx_layout);
    py::exec("a = np.zeros((2, 2))\na[" + i + ", :] = np.array(v).reshape(s)", py_eval("globals()"), env);
    RC_ASSERT(a.to_vector() == numpy_values(env["a"]));
  }
}

RC_GTEST_PROP(AdvancedWriteOrder, a_read_through_an_index_array_is_laid_out_as_numpy_lays_it_out, ()) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4), cols = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto idx_values = repeating_index(rows, cols, 3);
    const Layout idx_layout = any_layout();
    auto a = rt::ndarray<double, 1>::from_vector({10.0, 20.0, 30.0}, {3});
    const auto idx = laid_out(idx_values, rows, cols, idx_layout);
    const auto ours = rt::take_rows<rt::write_order::numpy>(a, idx);
    const auto tupled = rt::advanced_index<rt::write_order::numpy>(a, idx);

    py::dict env("i"_a = idx_values, "s"_a = py::make_tuple(rows, cols));
    const std::string i = numpy_layout("np.array(i, dtype=np.int64).reshape(s)", idx_layout);
    const py::object theirs = py_eval("np.array([10.0, 20.0, 30.0])[" + i + "]", env);
    const auto strides = py_eval("[s // 8 for s in x.strides]", py::dict("x"_a = theirs)).cast<std::vector<std::int64_t>>();
    RC_ASSERT(ours.to_vector() == numpy_values(theirs));
    RC_ASSERT(tupled.to_vector() == numpy_values(theirs));
    if (rows > 1 && cols > 1) {  // numpy's strides along an axis of length 1 say nothing
      RC_ASSERT(std::vector<std::int64_t>(ours.strides().begin(), ours.strides().end()) == strides);
      RC_ASSERT(std::vector<std::int64_t>(tupled.strides().begin(), tupled.strides().end()) == strides);
    }
  }
}

TEST(AdvancedWriteOrder, c_order_stays_the_default_that_the_first_operator_versions_were_verified_with) {
  // idx in Fortran order writes position 0 from (0,0), (1,1), (0,2): numpy keeps 3, C order keeps 5.
  const auto idx = laid_out<std::int64_t>({0, 1, 0, 1, 0, 1}, 2, 3, Layout::F);
  const auto values = laid_out<double>({1, 2, 3, 4, 5, 6}, 2, 3, Layout::F);
  auto c = rt::ndarray<double, 1>::zeros({2});
  rt::rows_assign(c, idx, values);
  EXPECT_EQ(c.to_vector(), (std::vector<double>{5, 6}));
  auto numpy = rt::ndarray<double, 1>::zeros({2});
  rt::rows_assign<rt::write_order::numpy>(numpy, idx, values);
  EXPECT_EQ(numpy.to_vector(), (std::vector<double>{3, 6}));
}

TEST(AdvancedWriteOrder, one_index_array_of_one_axis_is_walked_forwards_even_when_both_run_backwards) {
  // numpy's one-array path walks a 1-D index in its own order: a[R(zeros)] = R([1, 2, 3, 4]) keeps 4,
  // where its iterator, walking memory forwards, would keep 1 (as a[r, c] = v does with all three reversed).
  const auto idx = laid_out<std::int64_t>({0, 0, 0, 0}, 4, 1, Layout::ReversedRows);
  const auto values = laid_out<double>({1, 2, 3, 4}, 4, 1, Layout::ReversedRows);
  const auto idx1 = rt::ndarray<std::int64_t, 1>::wrap(const_cast<std::int64_t*>(idx.data()), {4}, {-1}, idx.owner());
  const auto values1 = rt::ndarray<double, 1>::wrap(const_cast<double*>(values.data()), {4}, {-1}, values.owner());
  auto a = rt::ndarray<double, 1>::zeros({1});
  rt::rows_assign<rt::write_order::numpy>(a, idx1, values1);
  EXPECT_EQ(a.to_vector(), (std::vector<double>{4}));
  auto b = rt::ndarray<double, 2>::zeros({1, 1});
  rt::advanced_assign<rt::write_order::numpy>(b, values1, idx1, idx1);
  EXPECT_EQ(b.to_vector(), (std::vector<double>{1}));
}

}  // namespace

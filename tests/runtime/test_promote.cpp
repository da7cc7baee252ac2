// rt/promote.hpp against numpy itself: np.promote_types over every pair of dtypes, and the integer
// arithmetic numpy does differently from C++ (wrapping in the dtype's width, division by zero is 0).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <complex>
#include <cstdint>
#include <string>
#include <tuple>

#include "python_env.hpp"
#include "rt/ndarray.hpp"
#include "rt/promote.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::py_eval;

using Elements =
    std::tuple<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t,
               std::uint32_t, std::uint64_t, float, double, std::complex<float>, std::complex<double>>;

template <class A, class B>
void expect_promotes_as_numpy() {
  const std::string a = rt::promote::dtype_name<A>(), b = rt::promote::dtype_name<B>();
  const std::string want = py::str(py_eval("str(np.promote_types('" + a + "', '" + b + "'))"));
  using P = rt::promote::promote_t<A, B>;
  EXPECT_EQ(std::string(rt::promote::dtype_name<P>()), want) << a << " with " << b;
}

template <std::size_t I, std::size_t... J>
void row(std::index_sequence<J...>) {
  (expect_promotes_as_numpy<std::tuple_element_t<I, Elements>, std::tuple_element_t<J, Elements>>(), ...);
}

TEST(Promote, promote_t_is_numpys_promote_types_for_every_pair) {
  constexpr auto n = std::tuple_size_v<Elements>;
  [&]<std::size_t... I>(std::index_sequence<I...>) { (row<I>(std::make_index_sequence<n>{}), ...); }
  (std::make_index_sequence<n>{});
}

// numpy's own +, -, *, //, % on one-element arrays of dtype T, as Python ints.
template <class T>
std::int64_t numpy_op(const char* op, T a, T b) {
  const std::string dt = rt::promote::dtype_name<T>();
  const std::string expr = "int((np.array([" + std::to_string(+a) + "], dtype='" + dt + "') " + op +
                           " np.array([" + std::to_string(+b) + "], dtype='" + dt + "'))[0])";
  return py_eval(expr).cast<std::int64_t>();
}

template <class T>
void check_arithmetic(T a, T b) {
  py_eval("__import__('warnings').simplefilter('ignore')");
  RC_ASSERT(static_cast<std::int64_t>(rt::promote::wrapping_add<T>(a, b)) == numpy_op("+", a, b));
  RC_ASSERT(static_cast<std::int64_t>(rt::promote::wrapping_sub<T>(a, b)) == numpy_op("-", a, b));
  RC_ASSERT(static_cast<std::int64_t>(rt::promote::wrapping_mul<T>(a, b)) == numpy_op("*", a, b));
  RC_ASSERT(static_cast<std::int64_t>(rt::promote::floor_divide<T>(a, b)) == numpy_op("//", a, b));
  RC_ASSERT(static_cast<std::int64_t>(rt::promote::remainder<T>(a, b)) == numpy_op("%", a, b));
}

RC_GTEST_PROP(Promote, narrow_integer_arithmetic_wraps_and_divides_as_numpy, ()) {
  const auto small = [](auto lo, auto hi) {
    return *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(lo, hi + 1),
                           rc::gen::element<std::int64_t>(lo, hi, 0, -1, 1));
  };
  check_arithmetic<std::uint8_t>(static_cast<std::uint8_t>(small(0, 255)),
                                 static_cast<std::uint8_t>(small(0, 255)));
  check_arithmetic<std::int8_t>(static_cast<std::int8_t>(small(-128, 127)),
                                static_cast<std::int8_t>(small(-128, 127)));
  check_arithmetic<std::int16_t>(static_cast<std::int16_t>(small(-32768, 32767)),
                                 static_cast<std::int16_t>(small(-32768, 32767)));
  check_arithmetic<std::uint16_t>(static_cast<std::uint16_t>(small(0, 65535)),
                                  static_cast<std::uint16_t>(small(0, 65535)));
}

TEST(Promote, a_python_int_outside_a_narrow_dtype_raises_numpy_2s_overflow_error) {
  EXPECT_EQ(rt::promote::python_int_as<std::uint8_t>(255), 255);
  EXPECT_EQ(rt::promote::python_int_as<std::int16_t>(-32768), -32768);
  try {
    rt::promote::python_int_as<std::uint8_t>(300);
    FAIL() << "no error";
  } catch (const rt::OverflowError& e) {
    EXPECT_STREQ(e.what(), "Python integer 300 out of bounds for uint8");
  }
  EXPECT_THROW(rt::promote::python_int_as<std::uint16_t>(-1), rt::OverflowError);
  static_assert(std::is_same_v<rt::promote::result_t<rt::ndarray<std::uint8_t, 1>, double>, double>);
  static_assert(std::is_same_v<rt::promote::result_t<rt::ndarray<float, 2>, std::int64_t>, float>);
}

}  // namespace

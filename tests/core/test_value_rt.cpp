// Tests for Value <-> rt conversions: every runtime type round trips, mismatches throw, literals check values.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "core/value_rt.hpp"
#include "edge_gen.hpp"

namespace {

using namespace opsynth;

template <class T>
void expect_round_trip(const Value& v) {
  EXPECT_EQ(from_rt(to_rt<T>(v)), v) << repr(v);
}

TEST(ValueRt, scalars_none_and_str_round_trip) {
  expect_round_trip<bool>(Value(true));
  expect_round_trip<std::int64_t>(Value(std::numeric_limits<std::int64_t>::min()));
  expect_round_trip<double>(Value(-0.0));
  expect_round_trip<double>(Value(std::numeric_limits<double>::quiet_NaN()));
  expect_round_trip<std::complex<double>>(Value(std::complex<double>(1, -0.0)));
  expect_round_trip<rt::none>(Value(NoneValue{}));
  expect_round_trip<rt::str>(Value(StrValue{"h\xc3\xa9llo \xf0\x9f\x98\x80"}));
  EXPECT_EQ(to_rt<rt::str>(Value(StrValue{"h\xc3\xa9"})).len(), 2);
}

TEST(ValueRt, containers_round_trip_with_nested_types) {
  using Nested = rt::list<std::tuple<std::int64_t, rt::str>>;
  const Value nested = ListValue{{Value(TupleValue{{Value(std::int64_t{1}), Value(StrValue{"a"})}}),
                                  Value(TupleValue{{Value(std::int64_t{2}), Value(StrValue{"b"})}})}};
  expect_round_trip<Nested>(nested);
  DictValue d;
  d.items.emplace_back(StrValue{"z"}, Value(ListValue{{Value(1.5)}}));
  d.items.emplace_back(StrValue{"a"}, Value(ListValue{}));
  expect_round_trip<rt::dict<rt::str, rt::list<double>>>(Value(d));  // insertion order kept
  expect_round_trip<std::tuple<>>(Value(TupleValue{}));
}

TEST(ValueRt, a_union_takes_the_alternative_of_the_values_kind) {
  using FloatOrF64 = std::variant<double, rt::float64>;
  NpScalarValue f64;
  f64.dtype = Dtype::Float64;
  f64.c = 2.5;
  EXPECT_EQ(to_rt<FloatOrF64>(Value(2.5)).index(), 0u);
  EXPECT_EQ(to_rt<FloatOrF64>(Value(f64)).index(), 1u);
  expect_round_trip<FloatOrF64>(Value(2.5));
  expect_round_trip<FloatOrF64>(Value(f64));
  expect_round_trip<std::variant<rt::none, std::int64_t>>(Value(NoneValue{}));
  // True is not 1: a bool is no int alternative's value, and a value of no alternative throws.
  using IntOrFloat = std::variant<std::int64_t, double>;
  EXPECT_THROW(to_rt<IntOrFloat>(Value(true)), RtMismatch);
  EXPECT_THROW(to_rt<FloatOrF64>(Value(std::int64_t{1})), RtMismatch);
}

TEST(ValueRt, numpy_scalars_and_arrays_keep_dtype_shape_and_bits) {
  NpScalarValue f32;
  f32.dtype = Dtype::Float32;
  f32.c = static_cast<double>(0.1f);
  expect_round_trip<rt::float32>(Value(f32));
  EXPECT_EQ(to_rt<rt::float32>(Value(f32)).value, 0.1f);
  NpScalarValue i32;
  i32.dtype = Dtype::Int32;
  i32.i = -5;
  expect_round_trip<rt::int32>(Value(i32));
  EXPECT_THROW(to_rt<rt::int64>(Value(i32)), RtMismatch);

  NDArrayValue a;
  a.shape = {2, 3};
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0, -0.0}) {
    const auto* p = reinterpret_cast<const unsigned char*>(&x);
    a.data.insert(a.data.end(), p, p + 8);
  }
  expect_round_trip<rt::ndarray<double, 2>>(Value(a));
  const auto arr = to_rt<rt::ndarray<double, 2>>(Value(a));
  EXPECT_EQ(arr(1, 0), 4.0);
  EXPECT_THROW((to_rt<rt::ndarray<double, 1>>(Value(a))), RtMismatch);
  EXPECT_THROW((to_rt<rt::ndarray<float, 2>>(Value(a))), RtMismatch);
  // A transposed view becomes C-ordered data of the transposed shape.
  const Value t = from_rt(arr.transpose());
  EXPECT_EQ(t.as<NDArrayValue>().shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ((to_rt<rt::ndarray<double, 2>>(t)(0, 1)), 4.0);
}

TEST(ValueRt, mismatched_values_throw_naming_what_was_expected) {
  EXPECT_THROW(to_rt<std::int64_t>(Value(1.0)), RtMismatch);
  EXPECT_THROW(to_rt<double>(Value(std::int64_t{1})), RtMismatch);  // no coercion, as in from_python
  EXPECT_THROW(to_rt<bool>(Value(std::int64_t{1})), RtMismatch);
  EXPECT_THROW((to_rt<std::tuple<std::int64_t>>(Value(TupleValue{}))), RtMismatch);
  EXPECT_THROW(to_rt<rt::list<std::int64_t>>(Value(ListValue{{Value(std::int64_t{1}), Value(2.0)}})), RtMismatch);
  try {
    to_rt<rt::str>(Value(std::int64_t{7}));
    FAIL() << "no throw";
  } catch (const RtMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("expected str, got 7"), std::string::npos) << e.what();
  }
}

TEST(ValueRt, literal_checks_the_value_and_its_kind) {
  EXPECT_NO_THROW(to_rt<rt::lit<"fro">>(Value(StrValue{"fro"})));
  EXPECT_THROW(to_rt<rt::lit<"fro">>(Value(StrValue{"nuc"})), RtMismatch);
  EXPECT_NO_THROW(to_rt<rt::lit<1>>(Value(std::int64_t{1})));
  EXPECT_THROW(to_rt<rt::lit<1>>(Value(true)), RtMismatch);
  EXPECT_THROW(to_rt<rt::lit<false>>(Value(std::int64_t{0})), RtMismatch);
  EXPECT_EQ(from_rt(rt::lit<2.5>{}), Value(2.5));
}

RC_GTEST_PROP(ValueRt, float_lists_round_trip_bit_exactly, ()) {
  const auto xs = *rc::gen::container<std::vector<double>>(opsynth::testing::any_double());
  ListValue l;
  for (double x : xs) l.items.emplace_back(x);
  RC_ASSERT(from_rt(to_rt<rt::list<double>>(Value(l))) == Value(l));
}

}  // namespace

// Tests for Value behaviour (equality, conforms, repr) and its JSON encoding.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>

#include "core/value.hpp"
#include "core/value_json.hpp"
#include "edge_gen.hpp"
#include "value_gen.hpp"

namespace opsynth {
void showValue(const Value& v, std::ostream& os) { os << repr(v); }
}  // namespace opsynth

namespace {

using namespace opsynth;
using nlohmann::json;

Value ints(std::initializer_list<std::int64_t> xs) {
  ListValue l;
  for (auto x : xs) l.items.emplace_back(x);
  return l;
}

NDArrayValue f64_array(std::vector<std::int64_t> shape, std::vector<double> xs) {
  NDArrayValue a;
  a.shape = std::move(shape);
  a.data.resize(xs.size() * 8);
  std::memcpy(a.data.data(), xs.data(), a.data.size());
  return a;
}

NpScalarValue np_float(Dtype dt, double x) {
  NpScalarValue s;
  s.dtype = dt;
  s.c = x;
  return s;
}

// ---- equality, conforms, repr ----

TEST(Value, equality_is_bitwise_nan_equals_itself_and_signed_zeros_differ) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Value(nan), Value(nan));
  EXPECT_NE(Value(0.0), Value(-0.0));
  EXPECT_NE(Value(nan), Value(-nan));
  EXPECT_NE(Value(std::int64_t{1}), Value(1.0));
  EXPECT_NE(Value(true), Value(std::int64_t{1}));
  EXPECT_NE(Value(np_float(Dtype::Float64, 1.0)), Value(1.0));
  EXPECT_EQ(Value(std::complex<double>(nan, -0.0)), Value(std::complex<double>(nan, -0.0)));
  EXPECT_NE(Value(std::complex<double>(1, 0.0)), Value(std::complex<double>(1, -0.0)));
  EXPECT_EQ(Value(ListValue{{Value(nan)}}), Value(ListValue{{Value(nan)}}));
  EXPECT_NE(Value(ListValue{{Value(1.0)}}), Value(TupleValue{{Value(1.0)}}));
}

TEST(Value, conforms_checks_element_types_dtype_ndim_and_literals) {
  EXPECT_TRUE(conforms(ints({1, 2}), Type::list(Type::scalar(TypeKind::Int))));
  EXPECT_FALSE(conforms(ints({1, 2}), Type::list(Type::scalar(TypeKind::Float))));
  EXPECT_TRUE(conforms(ListValue{}, Type::list(Type::scalar(TypeKind::Float))));
  EXPECT_TRUE(conforms(f64_array({1, 2}, {1, 2}), Type::ndarray(Dtype::Float64, 2)));
  EXPECT_FALSE(conforms(f64_array({1, 2}, {1, 2}), Type::ndarray(Dtype::Float64, 1)));
  EXPECT_FALSE(conforms(f64_array({2}, {1, 2}), Type::ndarray(Dtype::Float32, 1)));
  EXPECT_TRUE(conforms(np_float(Dtype::Float64, 1), Type::np_scalar(Dtype::Float64)));
  EXPECT_FALSE(conforms(Value(1.0), Type::np_scalar(Dtype::Float64)));
  EXPECT_FALSE(conforms(TupleValue{{Value(1.0)}}, Type::tuple({Type::scalar(TypeKind::Float), Type::scalar(TypeKind::Int)})));
  LiteralValue fro;
  fro.kind = LiteralValue::Kind::Str;
  fro.s = "fro";
  EXPECT_TRUE(conforms(StrValue{"fro"}, Type::literal_of(fro)));
  EXPECT_FALSE(conforms(StrValue{"nuc"}, Type::literal_of(fro)));
  DictValue d;
  d.items.emplace_back(StrValue{"a"}, Value(std::int64_t{1}));
  EXPECT_TRUE(conforms(d, Type::dict(Type::scalar(TypeKind::Str), Type::scalar(TypeKind::Int))));
  EXPECT_FALSE(conforms(d, Type::dict(Type::scalar(TypeKind::Int), Type::scalar(TypeKind::Int))));
}

TEST(Value, repr_spells_values_as_python_does) {
  EXPECT_EQ(repr(1.5), "1.5");
  EXPECT_EQ(repr(-0.0), "-0.0");
  EXPECT_EQ(repr(1.0), "1.0");
  EXPECT_EQ(repr(1e16), "1e+16");
  EXPECT_EQ(repr(1e15), "1000000000000000.0");
  EXPECT_EQ(repr(0.0001), "0.0001");
  EXPECT_EQ(repr(0.00001), "1e-05");
  EXPECT_EQ(repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(repr(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(repr(std::complex<double>(1, 2)), "(1+2j)");
  EXPECT_EQ(repr(std::complex<double>(0, -0.0)), "-0j");
  EXPECT_EQ(repr(std::complex<double>(-0.0, 1)), "(-0+1j)");
  EXPECT_EQ(repr(StrValue{"text"}), "'text'");
  EXPECT_EQ(repr(StrValue{"it's"}), "\"it's\"");
  EXPECT_EQ(repr(StrValue{"h\xc3\xa9\n\x01"}), "'h\xc3\xa9\\n\\x01'");
  EXPECT_EQ(repr(ints({1, 2})), "[1, 2]");
  EXPECT_EQ(repr(TupleValue{{Value(std::int64_t{1})}}), "(1,)");
  DictValue d;
  d.items.emplace_back(StrValue{"a"}, Value(std::int64_t{1}));
  EXPECT_EQ(repr(d), "{'a': 1}");
  EXPECT_EQ(repr(Value(NoneValue{})), "None");
  EXPECT_EQ(repr(Value(true)), "True");
  EXPECT_EQ(repr(f64_array({1, 2}, {1, 2})), "array([[1., 2.]])");
  EXPECT_EQ(repr(f64_array({}, {1.5})), "array(1.5)");
  EXPECT_EQ(repr(f64_array({0, 3}, {})), "array([], shape=(0, 3))");
  NDArrayValue i32;
  i32.dtype = Dtype::Int32;
  i32.shape = {2};
  i32.data = {1, 0, 0, 0, 2, 0, 0, 0};
  EXPECT_EQ(repr(i32), "array([1, 2], dtype=int32)");
  EXPECT_EQ(repr(np_float(Dtype::Float32, static_cast<double>(0.1f))), "float32(0.1)");
}

TEST(Value, repr_summarizes_large_arrays_like_numpy) {
  std::vector<double> xs(2000);
  for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = static_cast<double>(k);
  EXPECT_EQ(repr(f64_array({2000}, xs)), "array([0., 1., 2., ..., 1997., 1998., 1999.])");
}

// ---- JSON ----

TEST(ValueJson, tags_keep_int_float_bool_numpy_scalar_and_array_apart) {
  EXPECT_EQ(to_json(std::int64_t{1}), json::parse(R"({"int": 1})"));
  EXPECT_EQ(to_json(1.0), json::parse(R"({"float": 1.0})"));
  EXPECT_EQ(to_json(true), json::parse(R"({"bool": true})"));
  EXPECT_EQ(to_json(np_float(Dtype::Float64, 1.0)), json::parse(R"({"float64": 1.0})"));
  EXPECT_EQ(to_json(f64_array({1}, {1.0})),
            json::parse(R"({"ndarray": {"dtype": "float64", "shape": [1], "data": [1.0]}})"));
}

TEST(ValueJson, special_floats_and_int64_extremes_round_trip_exactly) {
  using L = std::numeric_limits<double>;
  for (double x : {L::quiet_NaN(), -L::quiet_NaN(), std::bit_cast<double>(0x7ff0000000000001ull), L::infinity(),
                   -L::infinity(), -0.0, 0.0, L::denorm_min(), L::max(), 0.1}) {
    auto back = value_from_json(json::parse(to_json(x).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back->as<double>()), std::bit_cast<std::uint64_t>(x));
  }
  EXPECT_EQ(to_json(-0.0).dump(), R"({"float":"-0.0"})");
  EXPECT_EQ(to_json(L::quiet_NaN()).dump(), R"({"float":"nan"})");
  for (std::int64_t i : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    auto back = value_from_json(json::parse(to_json(i).dump()));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->as<std::int64_t>(), i);
  }
}

RC_GTEST_PROP(ValueJson, every_value_round_trips_through_json_text, ()) {
  const Value v = *rc::gen::exec([] { return opsynth::testing::random_value(3); });
  const std::string text = to_json(v).dump();
  auto back = value_from_json(json::parse(text));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == v);
}

TEST(ValueJson, decode_errors_name_the_json_path) {
  auto bad = value_from_json(json::parse(R"({"list": [{"int": 1}, {"dict": [[{"str": "k"}, {"int": "x"}]]}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().input, "/list/1/dict/0/1/int");
  auto wrong_size = value_from_json(json::parse(R"({"ndarray": {"dtype": "float64", "shape": [2, 2], "data": [1.0]}})"));
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_EQ(wrong_size.error().input, "/ndarray/data");
  auto bad_dtype = value_from_json(json::parse(R"({"ndarray": {"dtype": "float16", "shape": [], "data": [1.0]}})"));
  ASSERT_FALSE(bad_dtype.ok());
  EXPECT_EQ(bad_dtype.error().input, "/ndarray/dtype");
  EXPECT_FALSE(value_from_json(json::parse(R"({"int": 9223372036854775808})")).ok());
  EXPECT_FALSE(value_from_json(json::parse(R"({"float": "NaN"})")).ok());
  EXPECT_FALSE(value_from_json(json::parse(R"({"int32": 2147483648})")).ok());
  EXPECT_FALSE(value_from_json(json::parse(R"({"int": 1, "float": 1.0})")).ok());
  EXPECT_FALSE(value_from_json(json::parse(R"({"ndarray": {"dtype": "bool", "shape": [1], "data": [2]}})")).ok());
}

TEST(ValueJson, lone_surrogates_survive_as_code_points) {
  const Value v = StrValue{"a\xed\xa0\x80"};
  EXPECT_EQ(to_json(v), json::parse(R"({"str_code_points": [97, 55296]})"));
  auto back = value_from_json(to_json(v));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
}

}  // namespace

namespace opsynth {
namespace {

NDArrayValue bytes_array(Dtype dt, std::vector<std::int64_t> shape, std::vector<std::int64_t> ints) {
  NDArrayValue a;
  a.dtype = dt;
  a.shape = std::move(shape);
  a.data.resize(ints.size() * dtype_size(dt));
  for (std::size_t k = 0; k < ints.size(); ++k) store_integer(dt, ints[k], a.data.data() + k * dtype_size(dt));
  return a;
}

TEST(ValueJson, new_integer_dtypes_round_trip_at_their_extremes) {
  const std::pair<Dtype, std::vector<std::int64_t>> cases[] = {
      {Dtype::UInt8, {0, 1, 254, 255}},          {Dtype::Int8, {-128, -1, 0, 127}},
      {Dtype::Int16, {-32768, 0, 32767, 1}},     {Dtype::UInt16, {0, 65535, 65534, 1}},
      {Dtype::UInt32, {0, 4294967295LL, 1, 7}},  {Dtype::UInt64, {0, -1, -2, INT64_MIN}},  // uint64 as bits
  };
  for (const auto& [dt, ints] : cases) {
    const Value v = bytes_array(dt, {2, 2}, ints);
    auto back = value_from_json(to_json(v));
    ASSERT_TRUE(back.ok()) << dtype_name(dt) << ": " << back.error().message;
    EXPECT_EQ(*back, v) << dtype_name(dt);
    for (std::int64_t i : ints) {
      const Value s = NpScalarValue{dt, {}, i};
      auto sb = value_from_json(to_json(s));
      ASSERT_TRUE(sb.ok()) << repr(s);
      EXPECT_EQ(*sb, s) << repr(s);
    }
  }
  EXPECT_EQ(to_json(Value(NpScalarValue{Dtype::UInt64, {}, -1})).dump(), R"({"uint64":18446744073709551615})");
  EXPECT_EQ(repr(Value(NpScalarValue{Dtype::UInt64, {}, -1})), "uint64(18446744073709551615)");
  EXPECT_EQ(repr(Value(bytes_array(Dtype::UInt8, {3}, {0, 128, 255}))), "array([0, 128, 255], dtype=uint8)");
}

TEST(ValueJson, out_of_range_elements_of_narrow_dtypes_are_errors) {
  const char* bad[] = {
      R"({"ndarray": {"dtype": "uint8", "shape": [1], "data": [256]}})",
      R"({"ndarray": {"dtype": "uint8", "shape": [1], "data": [-1]}})",
      R"({"ndarray": {"dtype": "int8", "shape": [1], "data": [128]}})",
      R"({"uint64": -1})",
      R"({"complex64": [0.1, 0]})",  // 0.1 is not a float32
  };
  for (const char* text : bad) EXPECT_FALSE(value_from_json(nlohmann::json::parse(text)).ok()) << text;
}

TEST(ValueJson, complex64_keeps_float32_parts_nan_inf_and_signed_zero) {
  NDArrayValue a;
  a.dtype = Dtype::Complex64;
  a.shape = {3};
  const std::complex<float> z[] = {{-0.0f, INFINITY}, {NAN, 0.1f}, {3.4028235e38f, -1.5f}};
  a.data.resize(sizeof z);
  std::memcpy(a.data.data(), z, sizeof z);
  auto back = value_from_json(to_json(Value(a)));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, Value(a));
  const Value s = NpScalarValue{Dtype::Complex64, {static_cast<double>(0.1f), -0.0}, 0};
  auto sb = value_from_json(to_json(s));
  ASSERT_TRUE(sb.ok());
  EXPECT_EQ(*sb, s);
}

}  // namespace
}  // namespace opsynth

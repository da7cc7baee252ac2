// Tests for Value <-> Python objects: exact types both ways, numpy scalars and arrays, overflow, surrogates.
#include <gtest/gtest.h>
#include <pybind11/eval.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>

#include "core/value.hpp"
#include "edge_gen.hpp"
#include "pybridge/python_value.hpp"
#include "python_env.hpp"
#include "value_gen.hpp"

namespace opsynth {
void showValue(const Value& v, std::ostream& os) { os << repr(v); }
}  // namespace opsynth

namespace {

using namespace opsynth;
namespace py = pybind11;

using opsynth::testing::py_eval;

Value from(const std::string& expr) {
  auto got = from_python(py_eval(expr));
  EXPECT_TRUE(got.ok()) << expr << ": " << (got.ok() ? "" : got.error().message);
  return got.ok() ? *got : Value();
}

FromPythonError failure(const std::string& expr, const Type* expected = nullptr) {
  auto got = convert_from_python(py_eval(expr), expected);
  EXPECT_TRUE(std::holds_alternative<FromPythonError>(got)) << expr << " converted";
  return std::holds_alternative<FromPythonError>(got) ? std::get<FromPythonError>(got) : FromPythonError{};
}

bool py_is(const py::object& a, const std::string& expr_of_x) {
  py::dict locals;
  locals["x"] = a;
  return py_eval(expr_of_x, locals).cast<bool>();
}

TEST(PythonValue, bool_comes_before_int_and_numpy_scalars_before_python_scalars) {
  EXPECT_TRUE(from("True").is<bool>());
  EXPECT_TRUE(from("1").is<std::int64_t>());
  EXPECT_TRUE(from("1.0").is<double>());
  const Value f64 = from("np.float64(1.5)");  // a subclass of float, yet a numpy scalar
  ASSERT_TRUE(f64.is<NpScalarValue>());
  EXPECT_EQ(f64.as<NpScalarValue>().dtype, Dtype::Float64);
  const Value b = from("np.bool_(True)");
  ASSERT_TRUE(b.is<NpScalarValue>());
  EXPECT_EQ(b.as<NpScalarValue>().dtype, Dtype::Bool);
  EXPECT_EQ(b.as<NpScalarValue>().i, 1);
  EXPECT_EQ(from("np.complex128(1+2j)").as<NpScalarValue>().dtype, Dtype::Complex128);
  EXPECT_EQ(from("np.intc(3)").as<NpScalarValue>().dtype, Dtype::Int32);
  EXPECT_EQ(from("(1, [None], {'a': 2j})"),
            Value(TupleValue{{Value(std::int64_t{1}), Value(ListValue{{Value(NoneValue{})}}),
                              Value(DictValue{{{Value(StrValue{"a"}), Value(std::complex<double>(0, 2))}}})}}));
}

TEST(PythonValue, int_outside_int64_is_a_distinct_overflow_error) {
  EXPECT_EQ(from("2**63 - 1").as<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(from("-2**63").as<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(failure("2**63").kind, FromPythonError::Kind::IntOverflow);
  const FromPythonError nested = failure("[0, -2**64]");
  EXPECT_EQ(nested.kind, FromPythonError::Kind::IntOverflow);
  EXPECT_EQ(nested.path, "$[1]");
  EXPECT_EQ(failure("{'k': [1, object()]}").path, "$['k'][1]");
  EXPECT_EQ(failure("{'k': [1, object()]}").kind, FromPythonError::Kind::Unsupported);
}

TEST(PythonValue, arrays_are_copied_to_c_order_and_native_byte_order) {
  const Value t = from("np.arange(6.0).reshape(2, 3).T");
  const Value c = from("np.ascontiguousarray(np.arange(6.0).reshape(2, 3).T)");
  EXPECT_EQ(t, c);
  EXPECT_EQ(t.as<NDArrayValue>().shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(from("np.arange(4.0)[::2]"), from("np.array([0.0, 2.0])"));
  EXPECT_EQ(from("np.array([1.5, -2.0], dtype='>f8')"), from("np.array([1.5, -2.0])"));
  EXPECT_EQ(from("np.array([1, 2], dtype='>i4')"), from("np.array([1, 2], dtype=np.int32)"));
  const Value zero_d = from("np.array(7, dtype=np.int64)");
  EXPECT_TRUE(zero_d.as<NDArrayValue>().shape.empty());
  EXPECT_EQ(zero_d.as<NDArrayValue>().data.size(), 8u);
}

TEST(PythonValue, unsupported_dtypes_and_builtin_subclasses_are_named_errors) {
  const FromPythonError half = failure("np.zeros(3, dtype=np.float16)");
  EXPECT_EQ(half.kind, FromPythonError::Kind::Unsupported);
  EXPECT_NE(half.message.find("float16"), std::string::npos) << half.message;
  EXPECT_NE(failure("np.float16(3)").message.find("float16"), std::string::npos);
  EXPECT_NE(failure("__import__('collections').OrderedDict()").message.find("OrderedDict"), std::string::npos);
  EXPECT_EQ(failure("np.matrix([[1.0]])").kind, FromPythonError::Kind::Unsupported);
  // A list that contains itself is an error, not a stack overflow.
  EXPECT_EQ(failure("(lambda l: (l.append(l), l)[1])([])").kind, FromPythonError::Kind::Unsupported);
}

TEST(PythonValue, expected_type_reports_mismatch_without_coercing) {
  const Type float_type = Type::scalar(TypeKind::Float);
  const FromPythonError e = failure("1", &float_type);
  EXPECT_EQ(e.kind, FromPythonError::Kind::Mismatch);
  EXPECT_NE(e.message.find("expected float"), std::string::npos) << e.message;
  const Type arr = Type::ndarray(Dtype::Float64, 2);
  EXPECT_EQ(failure("np.zeros(3)", &arr).kind, FromPythonError::Kind::Mismatch);
  EXPECT_TRUE(from_python(py_eval("np.zeros((2, 2))"), &arr).ok());
}

TEST(PythonValue, lone_surrogates_pass_through_both_ways) {
  const Value s = from("'a\\ud800'");
  EXPECT_EQ(s.as<StrValue>().utf8, "a\xed\xa0\x80");
  EXPECT_TRUE(py_is(to_python(s), "x == 'a\\ud800'"));
  EXPECT_TRUE(py_is(to_python(StrValue{"h\xc3\xa9"}), "x == 'h\\xe9' and len(x) == 2"));
}

TEST(PythonValue, to_python_builds_exact_numpy_objects) {
  NpScalarValue f32;
  f32.dtype = Dtype::Float32;
  f32.c = static_cast<double>(0.1f);
  EXPECT_TRUE(py_is(to_python(f32), "type(x) is np.float32 and x == np.float32(0.1)"));
  NpScalarValue b;
  b.dtype = Dtype::Bool;
  b.i = 1;
  EXPECT_TRUE(py_is(to_python(b), "type(x) is np.bool_ and bool(x)"));
  EXPECT_TRUE(py_is(to_python(from("np.arange(6, dtype=np.int32).reshape(3, 2)")),
                    "type(x) is np.ndarray and x.dtype == np.int32 and x.shape == (3, 2) and x[2, 1] == 5"));
  EXPECT_TRUE(py_is(to_python(Value(std::int64_t{1})), "type(x) is int"));
  EXPECT_TRUE(py_is(to_python(Value(true)), "x is True"));
  EXPECT_TRUE(py_is(to_python(Value(-0.0)), "type(x) is float and math.copysign(1, x) == -1"));
  EXPECT_TRUE(py_is(to_python(Value(TupleValue{})), "x == ()"));
}

RC_GTEST_PROP(PythonValue, every_value_round_trips_through_python, ()) {
  const Value v =
      *rc::gen::exec([] { return opsynth::testing::random_value(3, opsynth::testing::DictKeys::DistinctStr); });
  auto back = from_python(to_python(v));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == v);
}

RC_GTEST_PROP(PythonValue, float_repr_matches_python_repr, ()) {
  const double x = *opsynth::testing::any_double();
  RC_ASSERT(repr(Value(x)) == py::repr(py::float_(x)).cast<std::string>());
  const std::complex<double> z(*opsynth::testing::any_double(), *opsynth::testing::any_double());
  RC_ASSERT(repr(Value(z)) == py::repr(to_python(Value(z))).cast<std::string>());
}

RC_GTEST_PROP(PythonValue, str_and_container_repr_matches_python_repr, ()) {
  const Value s = StrValue{*opsynth::testing::any_text()};
  RC_ASSERT(repr(s) == py::repr(to_python(s)).cast<std::string>());
  const Value t = TupleValue{{s, Value(ListValue{{Value(*opsynth::testing::any_int64())}}), Value(NoneValue{})}};
  RC_ASSERT(repr(t) == py::repr(to_python(t)).cast<std::string>());
}

}  // namespace

TEST(PythonValue, narrow_unsigned_and_complex64_numpy_values_convert_exactly_both_ways) {
  const char* exprs[] = {
      "np.array([[0, 255], [1, 254]], dtype=np.uint8)",
      "np.array([-128, 127, 0], dtype=np.int8)",
      "np.array([-32768, 32767], dtype=np.int16)",
      "np.array([0, 65535], dtype=np.uint16)",
      "np.array([0, 4294967295], dtype=np.uint32)",
      "np.array([0, 2**64 - 1, 2**63], dtype=np.uint64)",
      "np.array([complex(-0.0, np.inf), complex(np.nan, 0.1)], dtype=np.complex64)",
      "np.uint8(255)", "np.int8(-128)", "np.int16(-2)", "np.uint16(65535)", "np.uint32(4294967295)",
      "np.uint64(2**64 - 1)", "np.complex64(complex(0.1, -0.0))",
  };
  for (const char* e : exprs) {
    const Value v = from(e);
    py::dict locals;
    locals["y"] = py_eval(e);
    locals["x"] = to_python(v);
    EXPECT_TRUE(py_eval("type(x) is type(y) and x.dtype == y.dtype and x.tobytes() == y.tobytes()", locals).cast<bool>())
        << e << " came back as " << py::repr(locals["x"]).cast<std::string>();
  }
  EXPECT_EQ(from("np.array([7], dtype=np.uint8)").as<NDArrayValue>().dtype, Dtype::UInt8);
  EXPECT_EQ(from("np.uint64(2**64 - 1)").as<NpScalarValue>().i, -1);  // its bits
  EXPECT_EQ(from("np.complex64(1.5)").as<NpScalarValue>().dtype, Dtype::Complex64);
}

// Value <-> Python objects (pybind11): exact types in, exact objects out (rules in python_value.hpp).
#include "pybridge/python_value.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstring>

namespace opsynth {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

constexpr int kMaxDepth = 100;

// numpy, imported once and kept for the life of the process (never released at exit, so no
// destructor runs after the interpreter is finalized).
py::handle numpy() {
  static py::handle np = py::module_::import("numpy").release();
  return np;
}

std::string type_name(py::handle object) { return py::str(py::type::handle_of(object).attr("__qualname__")); }

FromPythonError unsupported(const std::string& path, const std::string& what) {
  return FromPythonError{FromPythonError::Kind::Unsupported, path, "cannot convert " + what + " at " + path};
}

// numpy dtype -> Dtype by kind and size, so np.intc / np.int_ aliases map by what they are.
std::optional<Dtype> dtype_of(py::handle dtype) {
  const std::string kind = py::str(dtype.attr("kind"));
  const int size = dtype.attr("itemsize").cast<int>();
  if (kind == "b" && size == 1) return Dtype::Bool;
  if (kind == "i" && size == 1) return Dtype::Int8;
  if (kind == "i" && size == 2) return Dtype::Int16;
  if (kind == "i" && size == 4) return Dtype::Int32;
  if (kind == "i" && size == 8) return Dtype::Int64;
  if (kind == "u" && size == 1) return Dtype::UInt8;
  if (kind == "u" && size == 2) return Dtype::UInt16;
  if (kind == "u" && size == 4) return Dtype::UInt32;
  if (kind == "u" && size == 8) return Dtype::UInt64;
  if (kind == "c" && size == 8) return Dtype::Complex64;
  if (kind == "f" && size == 4) return Dtype::Float32;
  if (kind == "f" && size == 8) return Dtype::Float64;
  if (kind == "c" && size == 16) return Dtype::Complex128;
  return std::nullopt;
}

template <class T>
T load(const char* p) {
  T x;
  std::memcpy(&x, p, sizeof x);
  return x;
}

std::variant<Value, FromPythonError> np_scalar_from_python(py::handle object, const std::string& path) {
  py::object dtype = object.attr("dtype");
  auto dt = dtype_of(dtype);
  if (!dt) return unsupported(path, "numpy scalar of dtype " + std::string(py::str(dtype)));
  // tobytes() gives the scalar's own bits in native order: NaN payloads and signed zeros survive.
  const std::string bits = object.attr("tobytes")().cast<std::string>();
  NpScalarValue s;
  s.dtype = *dt;
  switch (*dt) {
    case Dtype::Bool: s.i = bits[0] != 0; break;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: s.i = load_integer(*dt, reinterpret_cast<const unsigned char*>(bits.data())); break;
    case Dtype::Complex64:
      s.c = {static_cast<double>(load<float>(bits.data())), static_cast<double>(load<float>(bits.data() + 4))};
      break;
    case Dtype::Float32: s.c = static_cast<double>(load<float>(bits.data())); break;
    case Dtype::Float64: s.c = load<double>(bits.data()); break;
    case Dtype::Complex128: s.c = {load<double>(bits.data()), load<double>(bits.data() + 8)}; break;
  }
  return Value(s);
}

std::variant<Value, FromPythonError> ndarray_from_python(py::handle object, const std::string& path) {
  py::object dtype = object.attr("dtype");
  auto dt = dtype_of(dtype);
  if (!dt) return unsupported(path, "ndarray of dtype " + std::string(py::str(dtype)));
  // A no-op for C-contiguous native arrays; otherwise a C-order, native-byte-order copy.
  py::object native = numpy().attr("dtype")(std::string(dtype_name(*dt)));
  auto array = py::reinterpret_steal<py::array>(
      object.attr("astype")(native, "order"_a = "C", "copy"_a = false).release());
  NDArrayValue a;
  a.dtype = *dt;
  for (py::ssize_t k = 0; k < array.ndim(); ++k) a.shape.push_back(array.shape(k));
  const auto* p = static_cast<const unsigned char*>(array.data());
  a.data.assign(p, p + array.nbytes());
  if (*dt == Dtype::Bool) {  // numpy reads any non-zero byte as True; keep one spelling of True
    for (auto& b : a.data) b = b != 0;
  }
  return Value(std::move(a));
}

std::variant<Value, FromPythonError> convert(py::handle object, const std::string& path, int depth);

template <class Container>
std::variant<Value, FromPythonError> sequence_from_python(py::handle object, const std::string& path, int depth) {
  Container out;
  std::size_t k = 0;
  for (py::handle item : object) {
    auto got = convert(item, path + "[" + std::to_string(k++) + "]", depth + 1);
    if (auto* error = std::get_if<FromPythonError>(&got)) return std::move(*error);
    out.items.push_back(std::move(std::get<Value>(got)));
  }
  return Value(std::move(out));
}

std::variant<Value, FromPythonError> dict_from_python(py::handle object, const std::string& path, int depth) {
  DictValue out;
  std::size_t k = 0;
  for (auto [key, value] : py::reinterpret_borrow<py::dict>(object)) {
    auto got_key = convert(key, path + ".keys[" + std::to_string(k++) + "]", depth + 1);
    if (auto* error = std::get_if<FromPythonError>(&got_key)) return std::move(*error);
    auto got_value = convert(value, path + "[" + repr(std::get<Value>(got_key)) + "]", depth + 1);
    if (auto* error = std::get_if<FromPythonError>(&got_value)) return std::move(*error);
    out.items.emplace_back(std::move(std::get<Value>(got_key)), std::move(std::get<Value>(got_value)));
  }
  return Value(std::move(out));
}

std::variant<Value, FromPythonError> int_from_python(py::handle object, const std::string& path) {
  int overflow = 0;
  const long long i = PyLong_AsLongLongAndOverflow(object.ptr(), &overflow);
  if (overflow != 0) {
    std::string digits = py::str(object);
    if (digits.size() > 40) digits = digits.substr(0, 20) + "..." + digits.substr(digits.size() - 20);
    return FromPythonError{FromPythonError::Kind::IntOverflow, path,
                           "int " + digits + " at " + path + " does not fit in int64"};
  }
  return Value(static_cast<std::int64_t>(i));
}

std::variant<Value, FromPythonError> str_from_python(py::handle object, const std::string& path) {
  PyObject* bytes = PyUnicode_AsEncodedString(object.ptr(), "utf-8", "surrogatepass");
  if (bytes == nullptr) {
    PyErr_Clear();
    return unsupported(path, "str that is not encodable as UTF-8");
  }
  StrValue s{std::string(PyBytes_AS_STRING(bytes), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes)))};
  Py_DECREF(bytes);
  return Value(std::move(s));
}

std::variant<Value, FromPythonError> convert(py::handle object, const std::string& path, int depth) {
  if (depth > kMaxDepth) return unsupported(path, "an object nested deeper than " + std::to_string(kMaxDepth));
  PyObject* o = object.ptr();
  if (o == Py_None) return Value(NoneValue{});
  // numpy first: np.float64 and np.complex128 subclass float and complex.
  if (py::isinstance(object, numpy().attr("generic"))) return np_scalar_from_python(object, path);
  if (Py_TYPE(o) == reinterpret_cast<PyTypeObject*>(numpy().attr("ndarray").ptr())) {
    return ndarray_from_python(object, path);
  }
  if (PyBool_Check(o)) return Value(o == Py_True);  // before int: bool subclasses int
  if (PyLong_CheckExact(o)) return int_from_python(object, path);
  if (PyFloat_CheckExact(o)) return Value(PyFloat_AS_DOUBLE(o));
  if (PyComplex_CheckExact(o)) return Value(std::complex<double>(PyComplex_RealAsDouble(o), PyComplex_ImagAsDouble(o)));
  if (PyUnicode_CheckExact(o)) return str_from_python(object, path);
  if (PyTuple_CheckExact(o)) return sequence_from_python<TupleValue>(object, path, depth);
  if (PyList_CheckExact(o)) return sequence_from_python<ListValue>(object, path, depth);
  if (PyDict_CheckExact(o)) return dict_from_python(object, path, depth);
  return unsupported(path, "a Python " + type_name(object));
}

// ---------------------------------------------------------------------------------------------
// to_python

py::object np_scalar_to_python(const NpScalarValue& s) {
  unsigned char bits[16] = {};
  std::size_t size = 0;
  switch (s.dtype) {
    case Dtype::Bool:
      bits[0] = s.i != 0;
      size = 1;
      break;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64:
      store_integer(s.dtype, s.i, bits);
      size = dtype_size(s.dtype);
      break;
    case Dtype::Complex64: {
      const std::complex<float> x(static_cast<float>(s.c.real()), static_cast<float>(s.c.imag()));
      std::memcpy(bits, &x, size = 8);
      break;
    }
    case Dtype::Float32: {
      auto x = static_cast<float>(s.c.real());
      std::memcpy(bits, &x, size = 4);
      break;
    }
    case Dtype::Float64: {
      double x = s.c.real();
      std::memcpy(bits, &x, size = 8);
      break;
    }
    case Dtype::Complex128: std::memcpy(bits, &s.c, size = 16); break;
  }
  // Built from raw bytes so the scalar carries exactly these bits (NaN payloads included).
  py::bytes raw(reinterpret_cast<const char*>(bits), size);
  return numpy().attr("frombuffer")(raw, "dtype"_a = std::string(dtype_name(s.dtype)))[py::int_(0)];
}

py::object ndarray_to_python(const NDArrayValue& a) {
  std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
  py::array out(py::dtype(std::string(dtype_name(a.dtype))), shape);
  if (static_cast<std::size_t>(out.nbytes()) != a.data.size()) {
    throw std::invalid_argument("to_python: ndarray data size does not match its shape and dtype");
  }
  if (!a.data.empty()) std::memcpy(out.mutable_data(), a.data.data(), a.data.size());
  return out;
}

struct ToPython {
  py::object operator()(const NoneValue&) const { return py::none(); }
  py::object operator()(bool b) const { return py::bool_(b); }
  py::object operator()(std::int64_t i) const { return py::int_(static_cast<long long>(i)); }
  py::object operator()(double d) const { return py::float_(d); }
  py::object operator()(std::complex<double> z) const {
    return py::reinterpret_steal<py::object>(PyComplex_FromDoubles(z.real(), z.imag()));
  }
  py::object operator()(const StrValue& s) const {
    PyObject* o = PyUnicode_DecodeUTF8(s.utf8.data(), static_cast<Py_ssize_t>(s.utf8.size()), "surrogatepass");
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }
  py::object operator()(const ListValue& l) const {
    py::list out(l.items.size());
    for (std::size_t k = 0; k < l.items.size(); ++k) out[k] = to_python(l.items[k]);
    return out;
  }
  py::object operator()(const TupleValue& t) const {
    py::tuple out(t.items.size());
    for (std::size_t k = 0; k < t.items.size(); ++k) out[k] = to_python(t.items[k]);
    return out;
  }
  py::object operator()(const DictValue& d) const {
    py::dict out;
    for (const auto& [key, value] : d.items) out[to_python(key)] = to_python(value);
    return out;
  }
  py::object operator()(const NDArrayValue& a) const { return ndarray_to_python(a); }
  py::object operator()(const NpScalarValue& s) const { return np_scalar_to_python(s); }
};

}  // namespace

std::variant<Value, FromPythonError> convert_from_python(py::handle object, const Type* expected) {
  auto got = convert(object, "$", 0);
  if (expected == nullptr || std::holds_alternative<FromPythonError>(got)) return got;
  const Value& value = std::get<Value>(got);
  if (conforms(value, *expected)) return got;
  std::string shown = repr(value);
  if (shown.size() > 200) shown = shown.substr(0, 200) + "...";
  return FromPythonError{FromPythonError::Kind::Mismatch, "$",
                         "expected " + to_string(*expected) + ", got " + type_name(object) + " " + shown};
}

Result<Value> from_python(py::handle object, const Type* expected) {
  auto got = convert_from_python(object, expected);
  if (auto* error = std::get_if<FromPythonError>(&got)) return error->error();
  return std::move(std::get<Value>(got));
}

py::object to_python(const Value& value) { return std::visit(ToPython{}, value.v); }

}  // namespace opsynth

// run_cpp and mismatch: a C++ scalar result or rt exception compared with the CPython outcome (py_try) of the
// same expression, as the rt int and float tests do.
#pragma once

#include <pybind11/pybind11.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>

#include "python_env.hpp"
#include "rt/exceptions.hpp"

namespace opsynth::testing {

const std::string kIntOverflow = "integer overflow: result does not fit in int64";
const std::string kComplexPower =
    "negative number cannot be raised to a fractional power (Python gives a complex)";

template <class T>
struct CppOutcome {
  std::optional<T> value;
  std::string exception;
  std::string message;
};

template <class F>
auto run_cpp(F&& f) {
  CppOutcome<decltype(f())> out;
  try {
    out.value = f();
  } catch (const rt::BaseException& e) {
    out.exception = e.python_name();
    out.message = e.what();
  }
  return out;
}

// A Python result our type cannot hold, and the exception the runtime must raise instead.
struct Narrowed {
  std::string exception;
  std::string message;
};

inline bool same_float(double a, double b) {
  return std::isnan(a) ? std::isnan(b) : std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

inline std::variant<double, Narrowed> from_python(py::handle h, double*) {
  if (PyComplex_Check(h.ptr())) return Narrowed{"ValueError", kComplexPower};
  return h.cast<double>();
}
inline std::variant<std::int64_t, Narrowed> from_python(py::handle h, std::int64_t*) {
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow != 0) return Narrowed{"OverflowError", kIntOverflow};
  return static_cast<std::int64_t>(v);
}
inline std::variant<bool, Narrowed> from_python(py::handle h, bool*) { return h.cast<bool>(); }
inline std::variant<std::tuple<std::int64_t, std::int64_t>, Narrowed> from_python(
    py::handle h, std::tuple<std::int64_t, std::int64_t>*) {
  auto t = h.cast<py::tuple>();
  auto q = from_python(t[0], static_cast<std::int64_t*>(nullptr));
  if (auto* n = std::get_if<Narrowed>(&q)) return *n;
  return std::tuple{std::get<std::int64_t>(q), t[1].cast<std::int64_t>()};
}
inline std::variant<std::tuple<double, double>, Narrowed> from_python(py::handle h, std::tuple<double, double>*) {
  return h.cast<std::tuple<double, double>>();
}

inline bool same_value(double a, double b) { return same_float(a, b); }
inline bool same_value(std::int64_t a, std::int64_t b) { return a == b; }
inline bool same_value(bool a, bool b) { return a == b; }
inline bool same_value(const std::tuple<std::int64_t, std::int64_t>& a,
                       const std::tuple<std::int64_t, std::int64_t>& b) {
  return a == b;
}
inline bool same_value(const std::tuple<double, double>& a, const std::tuple<double, double>& b) {
  return same_float(std::get<0>(a), std::get<0>(b)) && same_float(std::get<1>(a), std::get<1>(b));
}

// Empty when C++ agrees with Python: same value (bit for bit, NaN == NaN), or the same exception
// class and message, or the documented exception when the Python value does not fit the C++ type
// (an int beyond int64: OverflowError; a complex where a float was expected: ValueError).
template <class T>
std::string mismatch(const PyOutcome& expected, const CppOutcome<T>& got) {
  const std::string shown = got.value ? std::string(py::repr(py::cast(*got.value)))
                                      : "raised " + got.exception + "('" + got.message + "')";
  std::string want_exception = expected.exception;
  std::string want_message = expected.message;
  if (want_exception.empty()) {
    auto converted = from_python(expected.value, static_cast<T*>(nullptr));
    if (auto* value = std::get_if<T>(&converted)) {
      if (got.value && same_value(*value, *got.value)) return "";
      return "Python " + std::string(py::repr(expected.value)) + ", C++ " + shown;
    }
    want_exception = std::get<Narrowed>(converted).exception;
    want_message = std::get<Narrowed>(converted).message;
  }
  if (!got.value && got.exception == want_exception && got.message == want_message) return "";
  return "Python raised " + want_exception + "('" + want_message + "'), C++ " + shown;
}

}  // namespace opsynth::testing

// Outcome: a result or the exception it raised, compared through repr (rt::repr is byte-identical to
// repr); rt_outcome makes one from rt code, py_outcome from the same expression in embedded CPython.
#pragma once

#include <pybind11/pybind11.h>

#include <ostream>
#include <string>

#include "python_env.hpp"
#include "runtime/rt/exceptions.hpp"
#include "runtime/rt/repr.hpp"

namespace opsynth::testing {

struct Outcome {
  std::string value, exception = {}, message = {};  // defaults: Outcome{repr} is a returned value
  bool operator==(const Outcome&) const = default;
};
inline std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << (o.exception.empty() ? o.value : o.exception + ": " + o.message);
}

template <class F>
Outcome rt_outcome(F&& f) {
  Outcome o;
  try {
    o.value = rt::repr(f());
  } catch (const rt::BaseException& e) {
    o.exception = e.python_name();
    o.message = e.message();
  }
  return o;
}

// A Python str as UTF-8, lone surrogates through 'surrogatepass' (the encoding rt::str documents).
inline std::string py_utf8(py::handle text) {
  return text.attr("encode")("utf-8", "surrogatepass").cast<std::string>();
}

// repr(expr) evaluated by py_try with these locals.
inline Outcome py_outcome(const std::string& expr, const py::dict& locals) {
  const PyOutcome out = py_try("repr(" + expr + ")", locals);
  if (!out.exception.empty()) return Outcome{"", out.exception, out.message};
  return Outcome{py_utf8(out.value), "", ""};
}

}  // namespace opsynth::testing

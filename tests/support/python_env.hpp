// Helpers to evaluate Python in the test binary's embedded interpreter (see python_main.cpp).
#pragma once

#include <pybind11/embed.h>
#include <pybind11/eval.h>

#include <string>

namespace opsynth::testing {

namespace py = pybind11;

// Evaluates `expr` with the given locals (a dict); globals have math and numpy imported.
inline py::object py_eval(const std::string& expr, py::dict locals = py::dict()) {
  // Leaked on purpose: a function-static py::object would be destroyed after the interpreter is gone.
  static py::object* globals = [] {
    py::dict g;
    py::exec("import math, operator, numpy, numpy as np", g);
    return new py::object(g);
  }();
  return py::eval(expr, *globals, locals);
}

// Outcome of a Python evaluation: either a value or the exception's class name.
// Hidden like pybind11's namespace: it holds a py::object (else g++ warns -Wattributes).
struct __attribute__((visibility("hidden"))) PyOutcome {
  py::object value;
  std::string exception;  // empty when no exception; else e.g. "ZeroDivisionError"
  std::string message;
};

inline PyOutcome py_try(const std::string& expr, py::dict locals = py::dict()) {
  PyOutcome out;
  try {
    out.value = py_eval(expr, locals);
  } catch (py::error_already_set& e) {
    out.exception = py::str(e.type().attr("__name__")).cast<std::string>();
    out.message = py::str(e.value()).cast<std::string>();
  }
  return out;
}

}  // namespace opsynth::testing

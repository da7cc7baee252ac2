// The oracle: the real Python callable run in embedded CPython on a Case, giving the expected Outcome.
//
// Arguments are built exactly as the Case says: ndarrays with an ArrayLayout become that view of a larger
// numpy base (steps, reversal, transposition), aliased arguments are the very same Python object. The
// outcome carries the converted result or the raised exception's qualified class name and message, and
// the mutable arguments (list, dict, ndarray) as they are after the call.
//
// Needs a running interpreter; all methods take the GIL. An Oracle holds Python objects: destroy it
// before the interpreter is finalized.
#pragma once

#include <pybind11/pybind11.h>

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"
#include "pybridge/python_callable.hpp"
#include "verify/case.hpp"
#include "verify/outcome.hpp"

namespace opsynth::verify {

// Exception class names the oracle uses for its own failures (never CPython's): they start with '<' so
// the verifier can tell a tool problem from an exception the candidate must reproduce.
inline constexpr std::string_view kOracleFailure = "<oracle>";

class __attribute__((visibility("hidden"))) Oracle {
 public:
  // Resolves the qualname (pybridge) and prepares numpy's error state. Only params of `signature` matter.
  static Result<Oracle> create(std::string_view qualname, const Signature& signature);
  Oracle(PythonCallable callable, Signature signature);

  Outcome run_one(const Case& c) const;
  // With budget_seconds > 0, a call still running when the budget is spent is stopped (an exception raised
  // in it at its next bytecode); it and the cases after it come back as kOracleTimeout. Each outcome then
  // also carries the call's peak traced memory (tracemalloc, numpy's buffers included).
  std::vector<Outcome> run(const std::vector<Case>& cases, double budget_seconds = 0) const;

  const PythonCallable& callable() const { return callable_; }
  const Signature& signature() const { return signature_; }

 private:
  PythonCallable callable_;
  Signature signature_;
  pybind11::object numpy_;
  pybind11::object timeout_class_;  // a BaseException subclass user code cannot catch by `except Exception`
};

// The qualified class name the verifier compares: "ValueError" for builtins, module + qualname otherwise
// ("numpy.linalg.LinAlgError", "numpy.AxisError").
std::string exception_class_name(pybind11::handle exception_type);

// The numpy view an ArrayLayout describes, holding the same values as `array` (a C-contiguous ndarray).
pybind11::object array_with_layout(pybind11::handle array, const ArrayLayout& layout);

}  // namespace opsynth::verify

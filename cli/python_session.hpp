// The embedded CPython of the CLI: started lazily, configured to be the Python that CMake found.
#pragma once

#include <pybind11/embed.h>

#include <memory>
#include <string>

#include "core/error.hpp"

namespace opsynth::cli {

struct PythonVersions {
  std::string python;      // "3.11.2"
  std::string executable;  // sys.executable
  std::string numpy;       // "1.24.2", or "" when numpy does not import
  std::string numpy_dispatch;  // "baseline": pybridge/numpy_reference.hpp
  std::string numpy_error;
};

// Owns the interpreter; every py::object of a run must be gone before this is destroyed.
class PythonSession {
 public:
  // Starts CPython on the first call; later calls are free. The error says why it could not start.
  Result<bool> start();
  Result<PythonVersions> versions();

 private:
  std::unique_ptr<pybind11::scoped_interpreter> interpreter_;
};

}  // namespace opsynth::cli

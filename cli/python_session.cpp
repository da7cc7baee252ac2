// Starting embedded CPython as the interpreter CMake configured (OPSYNTH_PYTHON_EXECUTABLE/HOME).
#include "python_session.hpp"

#include <exception>
#include <string>

#include "core/install_layout.hpp"
#include "pybridge/numpy_reference.hpp"

namespace opsynth::cli {

namespace py = pybind11;

// Why both: without program_name CPython searches PATH for `python3` and may settle on another install
// (a pyenv shim) whose stdlib and site-packages do not match the libpython we link; `home` overrides a
// stray PYTHONHOME for the same reason. Signal handlers stay C++'s: Ctrl-C ends the process.
Result<bool> PythonSession::start() {
  if (interpreter_) return true;
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.install_signal_handlers = 0;
  config.parse_argv = 0;
  PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, OPSYNTH_PYTHON_EXECUTABLE);
  if (!PyStatus_Exception(status)) {
    status = PyConfig_SetBytesString(&config, &config.home, OPSYNTH_PYTHON_HOME);
  }
  if (PyStatus_Exception(status)) {
    PyConfig_Clear(&config);
    return Error{"cannot configure embedded CPython", OPSYNTH_PYTHON_EXECUTABLE};
  }
  pybridge::use_numpy_baseline_kernels();
  try {
    interpreter_ = std::make_unique<py::scoped_interpreter>(&config, 0, nullptr, false);
    // opsynth.ops defines, as plain Python callables, the operations Python spells as syntax and the
    // operator module lacks (slicing): the oracle runs them like any operator.
    const auto& installed = installed_layout();
    py::module_::import("sys").attr("path").attr("insert")(
        0, installed ? installed->python_packages.string() : std::string(OPSYNTH_PYTHON_PACKAGES));
    // The oracle reads each sweep case's peak memory from tracemalloc. It is started once, here, while
    // no other thread exists: starting or stopping it while another thread creates its Python thread
    // state (a raw allocation made without the GIL) crashed `fill --jobs 2` in PyThreadState_New.
    py::module_::import("tracemalloc").attr("start")();
    pybridge::import_numpy_quietly();
  } catch (const std::exception& e) {
    return Error{std::string("cannot start embedded CPython: ") + e.what(), OPSYNTH_PYTHON_EXECUTABLE};
  }
  return true;
}

Result<PythonVersions> PythonSession::versions() {
  if (auto started = start(); !started) return started.error();
  PythonVersions v;
  py::module_ sys = py::module_::import("sys");
  py::module_ platform = py::module_::import("platform");
  v.python = platform.attr("python_version")().cast<std::string>();
  v.executable = sys.attr("executable").cast<std::string>();
  try {
    v.numpy = py::module_::import("numpy").attr("__version__").cast<std::string>();
    v.numpy_dispatch = pybridge::numpy_dispatch_in_use();
  } catch (py::error_already_set& e) {
    v.numpy_error = py::str(e.value()).cast<std::string>();
  }
  return v;
}

}  // namespace opsynth::cli

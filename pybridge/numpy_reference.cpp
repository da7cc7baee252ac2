#include "numpy_reference.hpp"

#include <pybind11/embed.h>

#include <cstdlib>

namespace opsynth::pybridge {

namespace py = pybind11;

namespace {

// Every x86 feature numpy 1.x and 2.x dispatch to above the SSE3 baseline; numpy warns about, and skips,
// a name it does not know or the CPU lacks (the warning is silenced at import).
constexpr const char* kDispatchedFeatures =
    "SSSE3 SSE41 POPCNT SSE42 AVX F16C XOP FMA4 FMA3 AVX2 AVX512F AVX512CD AVX512_KNL AVX512_KNM "
    "AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR";

bool set_here = false;  // the variable is opsynth's, not the user's: children must not inherit it

py::object cpu_tables() {
  for (const char* name : {"numpy._core._multiarray_umath", "numpy.core._multiarray_umath"}) {
    try {
      return py::module_::import(name);
    } catch (py::error_already_set&) {
    }
  }
  return py::none();
}

}  // namespace

void use_numpy_baseline_kernels() {
#if defined(__x86_64__) || defined(__i386__)
  if (std::getenv("NPY_DISABLE_CPU_FEATURES") != nullptr) return;
  setenv("NPY_DISABLE_CPU_FEATURES", kDispatchedFeatures, /*overwrite=*/1);
  set_here = true;
#endif
}

void import_numpy_quietly() {
  py::module_ warnings = py::module_::import("warnings");
  py::object guard = warnings.attr("catch_warnings")();
  guard.attr("__enter__")();
  warnings.attr("simplefilter")("ignore", py::module_::import("builtins").attr("RuntimeWarning"));
  try {
    py::module_::import("numpy");
  } catch (py::error_already_set&) {
    // numpy missing or broken: the callers that need it report that themselves.
  }
  guard.attr("__exit__")(py::none(), py::none(), py::none());
  // numpy read it at import; a Python the user's code starts (subprocess, os.environ) must not see it.
  if (set_here) py::module_::import("os").attr("environ").attr("pop")("NPY_DISABLE_CPU_FEATURES", py::none());
}

std::string numpy_dispatch_in_use() {
  py::object tables = cpu_tables();
  if (tables.is_none() || !py::hasattr(tables, "__cpu_dispatch__")) return "";
  py::dict features = tables.attr("__cpu_features__");
  std::string highest = "baseline";
  for (py::handle name : tables.attr("__cpu_dispatch__")) {
    if (features.contains(name) && features[name].cast<bool>()) highest = py::str(name).cast<std::string>();
  }
  return highest;
}

}  // namespace opsynth::pybridge

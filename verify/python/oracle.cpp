// The CPython oracle: builds arguments from a Case, calls the real callable, converts the Outcome.
#include "verify/python/oracle.hpp"

#include <pybind11/eval.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <string>
#include <utility>

#include "pybridge/python_value.hpp"

namespace opsynth::verify {

namespace py = pybind11;

namespace {

bool is_mutable(const Type& t) {
  return t.kind == TypeKind::List || t.kind == TypeKind::Dict || t.kind == TypeKind::NDArray;
}

Outcome raised(std::string exception, std::string message) {
  Outcome o;
  o.raised = Raised{std::move(exception), std::move(message)};
  return o;
}

Outcome oracle_failure(const std::string& message) { return raised(std::string(kOracleFailure), message); }

// The Python exception currently set (a call just failed) as a Raised; clears it.
Raised take_python_exception() {
  py::error_already_set e;
  std::string message;
  try {
    message = py::str(e.value()).cast<std::string>();
  } catch (const std::exception&) {
    message = "<str() of the exception raised>";  // a broken __str__ must not hide the class
  }
  std::string name = exception_class_name(e.type());
  // numpy 1.24's == and != between arrays that do not broadcast return a Python bool beside a
  // DeprecationWarning (the filter below makes it an exception); numpy 1.25 finished the deprecation
  // with ValueError. Compiled code follows 1.25: its array comparison always gives an array.
  if (name == "DeprecationWarning" && message.starts_with("elementwise comparison failed")) {
    name = "ValueError";
    message = "operands could not be broadcast together (numpy >= 1.25; numpy 1.24: " + message + ")";
  }
  return Raised{std::move(name), std::move(message)};
}

// The runtime contract says int arithmetic that leaves int64 raises OverflowError (DESIGN §1), so a
// Python int beyond int64 anywhere in the result is the OverflowError the candidate must raise.
std::optional<Outcome> converted(py::handle object, const char* what, Value& out) {
  auto v = convert_from_python(object);
  if (auto* value = std::get_if<Value>(&v)) {
    out = std::move(*value);
    return std::nullopt;
  }
  const auto& err = std::get<FromPythonError>(v);
  if (err.kind == FromPythonError::Kind::IntOverflow) {
    return raised("OverflowError", std::string(what) + " exceeds int64 (" + err.message + ")");
  }
  return oracle_failure(std::string(what) + " is outside the type language: " + err.message);
}

// The oracle's side of the sharing labels (sharing.hpp), in the order harness/rt_walk.hpp walks rt
// values: tuple items, then each list or dict by identity followed by its items or values; arrays by view.
void walk_python(py::handle h, Walk& w) {
  PyObject* o = h.ptr();
  if (PyTuple_Check(o)) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(o); ++i) walk_python(PyTuple_GET_ITEM(o, i), w);
  } else if (PyList_Check(o)) {
    w.push_back(WalkNode{o, std::nullopt});
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(o); ++i) walk_python(PyList_GET_ITEM(o, i), w);
  } else if (PyDict_Check(o)) {
    w.push_back(WalkNode{o, std::nullopt});
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(o, &pos, &key, &value)) walk_python(value, w);
  } else if (py::isinstance<py::array>(h)) {
    const auto a = py::reinterpret_borrow<py::array>(h);
    ArrayNode node;
    node.data = static_cast<const unsigned char*>(a.data());
    node.itemsize = a.itemsize();
    for (py::ssize_t k = 0; k < a.ndim(); ++k) {
      node.shape.push_back(a.shape(k));
      node.strides.push_back(a.strides(k));
    }
    w.push_back(WalkNode{nullptr, std::move(node)});
  }
}

}  // namespace

std::string exception_class_name(py::handle type) {
  const std::string module = py::str(type.attr("__module__"));
  const std::string qualname = py::str(type.attr("__qualname__"));
  return module == "builtins" ? qualname : module + "." + qualname;
}

py::object array_with_layout(py::handle array, const ArrayLayout& layout) {
  static py::handle numpy = py::module_::import("numpy").release();  // lives as long as the process
  const auto shape = array.attr("shape").cast<std::vector<std::int64_t>>();
  const std::size_t n = shape.size();
  std::vector<std::int64_t> base_shape(n);
  py::tuple slices(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::int64_t step = k < layout.steps.size() && layout.steps[k] != 0 ? layout.steps[k] : 1;
    base_shape[k] = shape[k] * std::llabs(step);
    slices[k] = py::reinterpret_steal<py::object>(PySlice_New(Py_None, Py_None, py::int_(step).ptr()));
  }
  py::object base;
  if (layout.transposed) {  // stored with axes reversed, seen through .T: Fortran-ordered strides
    std::vector<std::int64_t> reversed(base_shape.rbegin(), base_shape.rend());
    base = numpy.attr("zeros")(py::cast(reversed), array.attr("dtype")).attr("T");
  } else {
    base = numpy.attr("zeros")(py::cast(base_shape), array.attr("dtype"));
  }
  base[slices] = array;
  return base[slices];
}

Result<Oracle> Oracle::create(std::string_view qualname, const Signature& signature) {
  py::gil_scoped_acquire gil;
  auto callable = resolve_callable(qualname);
  if (!callable.ok()) return callable.error();
  return Oracle(std::move(callable).value(), signature);
}

Oracle::Oracle(PythonCallable callable, Signature signature)
    : callable_(std::move(callable)), signature_(std::move(signature)) {
  py::gil_scoped_acquire gil;
  numpy_ = py::module_::import("numpy");
  // numpy's defaults, explicitly: floating-point problems warn (never raise), underflow is ignored. The
  // verifier compares against numpy as users run it; np.seterr(all='raise') set elsewhere must not leak in.
  numpy_.attr("seterr")(py::arg("divide") = "warn", py::arg("over") = "warn", py::arg("under") = "ignore",
                        py::arg("invalid") = "warn");
  // Warnings are never errors here (python -W error would turn RuntimeWarning into exceptions CPython
  // users do not see), and 100,000 calls must not print them.
  py::module_::import("warnings").attr("simplefilter")("ignore");
  // ...but for the deprecated scalar result of comparing arrays that do not broadcast (see above).
  py::module_::import("warnings").attr("filterwarnings")("error", py::arg("message") = "elementwise comparison failed",
                                                         py::arg("category") = py::module_::import("builtins").attr("DeprecationWarning"));
  py::dict scope;
  py::exec("class OpsynthOracleTimeout(BaseException):\n    pass\n", scope);
  timeout_class_ = scope["OpsynthOracleTimeout"];
}

namespace {

// Results this process brings in: Python objects become Values of ~100 bytes each, array and str data
// are copied once.
constexpr std::size_t kMaxResultItems = 1'000'000;
constexpr std::size_t kMaxResultBytes = std::size_t{256} << 20;

// Why a result is too large to convert, or "" when it is not (nested containers are not counted).
std::string too_large(const py::handle& value) {
  if (py::hasattr(value, "nbytes") && py::hasattr(value, "shape")) {
    const auto bytes = py::cast<std::size_t>(value.attr("nbytes"));
    if (bytes > kMaxResultBytes) return "an array of " + std::to_string(bytes) + " bytes";
    return "";
  }
  if (PyUnicode_Check(value.ptr())) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(value.ptr());
    if (static_cast<std::size_t>(n) * 4 > kMaxResultBytes) return "a str of " + std::to_string(n) + " characters";
    return "";
  }
  if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()) || PyDict_Check(value.ptr())) {
    const Py_ssize_t n = PyObject_Length(value.ptr());
    if (n > 0 && static_cast<std::size_t>(n) > kMaxResultItems) return std::to_string(n) + " items";
  }
  return "";
}

}  // namespace

Outcome Oracle::run_one(const Case& c) const {
  py::gil_scoped_acquire gil;
  const std::size_t n = c.args.size();
  try {
    // Arguments: each built once; an alias is the very object of its target.
    std::vector<py::object> objects(n);
    for (std::size_t j = 0; j < n; ++j) {
      const auto alias = j < c.aliases.size() ? c.aliases[j] : std::nullopt;
      if (alias && *alias < j) {
        // The same object, or a view of it that shares its memory (a.T, a[::-1]).
        switch (c.alias_view(j)) {
          case AliasView::same:
            objects[j] = objects[*alias];
            break;
          case AliasView::transposed:
            objects[j] = objects[*alias].attr("T");
            break;
          case AliasView::reversed:
            objects[j] = objects[*alias][py::reinterpret_steal<py::object>(PySlice_New(Py_None, Py_None, py::int_(-1).ptr()))];
            break;
        }
        continue;
      }
      objects[j] = to_python(c.args[j]);
      if (j < c.layouts.size() && c.layouts[j] && c.args[j].is<NDArrayValue>()) {
        objects[j] = array_with_layout(objects[j], *c.layouts[j]);
      }
    }
    // Keyword-only parameters (sorted's key/reverse) go by name, the rest by position; from a *args
    // parameter on, every argument is one of *args (np.einsum(subscripts, *operands)).
    py::list positional;
    py::dict keywords;
    bool in_varargs = false;
    for (std::size_t j = 0; j < n; ++j) {
      in_varargs = in_varargs || (j < callable_.params.size() && callable_.params[j].kind == ParamKind::VarPositional);
      const bool keyword =
          !in_varargs && j < callable_.params.size() && callable_.params[j].kind == ParamKind::KeywordOnly;
      if (keyword) {
        keywords[py::str(callable_.params[j].name)] = objects[j];
      } else {
        positional.append(objects[j]);
      }
    }
    py::tuple args(positional);
    PyObject* result =
        PyObject_Call(callable_.object.ptr(), args.ptr(), keywords.empty() ? nullptr : keywords.ptr());

    Outcome outcome;
    if (result == nullptr) {
      outcome.raised = take_python_exception();
    } else {
      py::object owned = py::reinterpret_steal<py::object>(result);
      // Ints that become sizes ([x] * n, numpy.zeros(n)) can make CPython return millions of items;
      // as Values they would take gigabytes in this process. Such a case judges no candidate: the size
      // sweep skips it, elsewhere it is the tool's problem and the op needs a domain (int_max).
      if (const std::string what = too_large(owned); !what.empty())
        return raised(std::string(kResultTooLarge),
                      "the result is " + what + ", more than this process takes in: declare an int range in the op's "
                      "domain if an int argument is a size");
      Value value;
      if (auto problem = converted(owned, "result", value)) return *problem;
      outcome.result = std::move(value);
      Walk result_walk;
      walk_python(owned, result_walk);
      if (!result_walk.empty()) {
        std::vector<Walk> arg_walks(n);
        for (std::size_t j = 0; j < n; ++j) walk_python(objects[j], arg_walks[j]);
        outcome.sharing = sharing_runs(arg_walks, result_walk);
      }
    }
    outcome.args_after.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      if (j >= signature_.params.size() || !is_mutable(signature_.params[j])) continue;
      Value after;
      if (auto problem = converted(objects[j], "an argument after the call", after)) return *problem;
      outcome.args_after[j] = std::move(after);
    }
    return outcome;
  } catch (py::error_already_set& e) {
    return oracle_failure("building the arguments raised " + exception_class_name(e.type()) + ": " +
                          std::string(py::str(e.value())));
  } catch (const std::exception& e) {
    return oracle_failure(std::string("building the arguments failed: ") + e.what());
  }
}

namespace {

// Stops a Python call that runs past its budget: after `seconds`, unless stopped first, raises `exception`
// asynchronously in the thread `thread_id` (it takes effect at that thread's next bytecode; C code that
// holds the GIL runs to its end first).
class Watchdog {
 public:
  Watchdog(unsigned long thread_id, double seconds, PyObject* exception)
      : thread_([this, thread_id, seconds, exception] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (cv_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopped_; })) return;
          lock.unlock();
          py::gil_scoped_acquire gil;
          lock.lock();
          if (stopped_) return;  // the batch ended while this thread waited for the GIL
          PyThreadState_SetAsyncExc(thread_id, exception);
          fired_ = true;
        }) {}

  // Call with the GIL held: releases it while the watchdog thread ends, then drops an exception it set
  // that no bytecode has raised yet.
  void stop(unsigned long thread_id) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
    {
      py::gil_scoped_release release;
      thread_.join();
    }
    if (fired_) PyThreadState_SetAsyncExc(thread_id, nullptr);
  }

  bool fired() {
    std::lock_guard<std::mutex> lock(mutex_);
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false, fired_ = false;
  std::thread thread_;
};

}  // namespace

std::vector<Outcome> Oracle::run(const std::vector<Case>& cases, double budget_seconds) const {
  py::gil_scoped_acquire gil;
  std::vector<Outcome> out;
  out.reserve(cases.size());
  if (budget_seconds <= 0) {
    for (const auto& c : cases) out.push_back(run_one(c));
    return out;
  }
  const unsigned long me = PyThread_get_thread_ident();
  // Peak memory only where the embedding process started tracemalloc (before any other thread: see
  // cli/python_session.cpp); starting it here would race with threads creating their thread states.
  // Only with a budget: tracing a call costs more than a cheap call itself, so a phase asks for one
  // case's peak, with a budget, when it needs it (phases.cpp).
  py::module_ tracemalloc = py::module_::import("tracemalloc");
  const bool tracing = tracemalloc.attr("is_tracing")().cast<bool>();
  Watchdog watchdog(me, budget_seconds, timeout_class_.ptr());
  const std::string timeout_name = exception_class_name(timeout_class_);
  for (const auto& c : cases) {
    std::pair<std::size_t, std::size_t> before{0, 0}, after{0, 0};
    if (tracing) {
      tracemalloc.attr("reset_peak")();
      before = tracemalloc.attr("get_traced_memory")().cast<std::pair<std::size_t, std::size_t>>();
    }
    Outcome o = watchdog.fired() ? raised(std::string(kOracleTimeout), "") : run_one(c);
    if (tracing) after = tracemalloc.attr("get_traced_memory")().cast<std::pair<std::size_t, std::size_t>>();
    o.peak_bytes = after.second > before.first ? after.second - before.first : 0;
    if (o.raised && (o.raised->exception == timeout_name || watchdog.fired()))
      o = raised(std::string(kOracleTimeout), "CPython was still running after " +
                                                   std::to_string(budget_seconds).substr(0, 4) + " s");
    out.push_back(std::move(o));
  }
  watchdog.stop(me);
  return out;
}

}  // namespace opsynth::verify

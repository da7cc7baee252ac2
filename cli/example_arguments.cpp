// Example arguments to parameter types (see example_arguments.hpp).
#include "example_arguments.hpp"

#include <pybind11/embed.h>

#include <filesystem>

#include "pybridge/python_value.hpp"
#include "verify/python/probe.hpp"

namespace opsynth::cli {
namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

// MODULE:EXPR, the module part ending at the first ':' after a ".py" when there is one (EXPR may
// hold ':' of its own, in slices and dicts).
Result<std::pair<std::string, std::string>> split_spec(const std::string& spec) {
  std::size_t cut = spec.find(".py:");
  cut = cut == std::string::npos ? spec.find(':') : cut + 3;
  if (cut == std::string::npos || cut == 0 || cut + 1 >= spec.size())
    return Error{"--example: expected MODULE:EXPR (a module or FILE.py, then an expression giving the arguments), got '" +
                     spec + "'",
                 spec};
  return std::pair{spec.substr(0, cut), spec.substr(cut + 1)};
}

}  // namespace

Result<std::vector<Type>> example_argument_types(const std::string& spec, const std::string& source_file) {
  auto parts = split_spec(spec);
  if (!parts) return parts.error();
  const auto& [module_name, expression] = *parts;
  py::gil_scoped_acquire gil;
  py::object arguments;
  try {
    py::module_ sys = py::module_::import("sys");
    for (const fs::path& folder : {fs::current_path(), fs::absolute(source_file).parent_path()})
      sys.attr("path").attr("insert")(0, folder.string());
    py::object module;
    if (module_name.ends_with(".py")) {
      py::module_ util = py::module_::import("importlib.util");
      const fs::path path = fs::absolute(module_name);
      if (!fs::is_regular_file(path)) return Error{"--example: no such file '" + module_name + "'", spec};
      py::object module_spec = util.attr("spec_from_file_location")("_opsynth_example_arguments", path.string());
      module = util.attr("module_from_spec")(module_spec);
      module_spec.attr("loader").attr("exec_module")(module);
    } else {
      module = py::module_::import("importlib").attr("import_module")(module_name);
    }
    arguments = py::eval(expression, module.attr("__dict__"));
  } catch (const py::error_already_set& e) {
    return Error{"--example '" + spec + "': " + e.what(), spec};
  }
  if (!py::isinstance<py::tuple>(arguments)) arguments = py::make_tuple(arguments);
  std::vector<Type> types;
  std::size_t k = 0;
  for (py::handle a : arguments) {
    ++k;
    const std::string which = "--example: argument " + std::to_string(k) + " (" + py::repr(a).cast<std::string>().substr(0, 60) + ")";
    auto value = from_python(a);
    if (!value) return Error{which + " has no opsynth type: " + value.error().message, spec};
    auto type = verify::type_of_value(*value);
    if (!type)
      return Error{which + " does not tell its type (an empty list or dict, or one mixing element types): give --sig", spec};
    types.push_back(*type);
  }
  return types;
}

}  // namespace opsynth::cli

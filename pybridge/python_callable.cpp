// Qualname -> Python callable: import, attribute walk, kind, parameters (inspect or docstring), docs.
#include "python_callable.hpp"

#include <pybind11/eval.h>

#include "core/types.hpp"

namespace opsynth {

namespace py = pybind11;

std::string_view callable_kind_name(CallableKind kind) {
  switch (kind) {
    case CallableKind::Function: return "function";
    case CallableKind::MethodOfType: return "method-of-type";
    case CallableKind::Type: return "type";
  }
  return "";
}

std::string_view param_source_name(ParamSource source) {
  switch (source) {
    case ParamSource::Signature: return "inspect.signature";
    case ParamSource::Docstring: return "docstring";
    case ParamSource::Unknown: return "unknown";
  }
  return "";
}

std::vector<std::string> PythonCallable::param_names() const {
  std::vector<std::string> names;
  for (const auto& p : params) names.push_back(p.name);
  return names;
}

bool PythonCallable::variadic() const {
  for (const auto& p : params) {
    if (p.kind == ParamKind::VarPositional || p.kind == ParamKind::VarKeyword) return true;
  }
  return false;
}

namespace {

std::string count_of(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

Result<std::vector<std::string>> PythonCallable::bind_parameter_names(std::size_t count) const {
  if (param_source == ParamSource::Unknown || variadic()) return std::vector<std::string>{};
  std::vector<std::string> names = param_names();
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  if (count > names.size()) {
    return Error{"--sig has " + count_of(count, "parameter") + " but the callable has " +
                     count_of(names.size(), "parameter") + " (" + listed + ")",
                 qualname};
  }
  for (std::size_t i = count; i < params.size(); ++i) {
    if (!params[i].has_default) {
      return Error{"--sig has " + count_of(count, "parameter") + " but parameter '" + params[i].name +
                       "' has no default, so it must be listed (the callable's parameters: " + listed + ")",
                   qualname};
    }
  }
  names.resize(count);
  return names;
}

namespace {

// Parameter extraction is easiest in Python itself. Each returns a list of (name, kind 0..4, has_default)
// or None with a reason. Evaluated per call: no py::object outlives the caller's interpreter.
constexpr const char* kParamHelpers = R"PY(
import ast, inspect, re

def signature_params(obj):
    try:
        sig = inspect.signature(obj)
    except (ValueError, TypeError) as e:
        return None, str(e)
    kinds = list(inspect._ParameterKind)
    return [(p.name, kinds.index(p.kind), p.default is not inspect.Parameter.empty)
            for p in sig.parameters.values()], ''

def docstring_params(doc, name):
    first = doc.strip().splitlines()[0] if doc and doc.strip() else ''
    m = re.match(r'\s*(?:([A-Za-z_]\w*)\.)?' + re.escape(name) + r'\((.*)\)', first)
    if not m:
        return None, None
    # numpy ufuncs append optional groups as "[, signature, extobj]": not parameters we can name.
    text = re.sub(r'\[,[^\]]*\]', '', m.group(2))
    try:
        a = ast.parse('def f(' + text + '): pass').body[0].args
    except SyntaxError:
        return None, None
    positional = [(p.arg, 0) for p in a.posonlyargs] + [(p.arg, 1) for p in a.args]
    first_default = len(positional) - len(a.defaults)
    out = [(n, k, i >= first_default) for i, (n, k) in enumerate(positional)]
    if a.vararg:
        out.append((a.vararg.arg, 2, False))
    out += [(p.arg, 3, d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append((a.kwarg.arg, 4, False))
    return m.group(1), out
)PY";

std::string join_dots(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? "." : "") + parts[i];
  return out;
}

std::string python_error_text(const py::error_already_set& e) {
  return py::str(e.type().attr("__name__")).cast<std::string>() + ": " +
         py::str(e.value()).cast<std::string>();
}

// A ModuleNotFoundError for `module` itself or one of its parents means "not a module, try shorter";
// one for anything else is a broken import inside a real module.
bool names_this_module(const py::error_already_set& e, const std::string& module) {
  if (!e.matches(PyExc_ModuleNotFoundError)) return false;
  py::object name = e.value().attr("name");
  if (name.is_none()) return false;
  auto missing = name.cast<std::string>();
  return module == missing || module.starts_with(missing + ".");
}

struct Found {
  py::object module;  // where the walk starts
  std::string module_name;
  std::size_t consumed = 0;  // parts naming the module
};

Result<Found> import_prefix(const std::vector<std::string>& parts, const std::string& qualname) {
  py::module_ importlib = py::module_::import("importlib");
  for (std::size_t n = parts.size() - 1; n >= 1; --n) {
    std::string name = join_dots(parts, n);
    try {
      return Found{importlib.attr("import_module")(name), name, n};
    } catch (py::error_already_set& e) {
      if (!names_this_module(e, name)) {
        return Error{"importing module '" + name + "' failed: " + python_error_text(e), qualname};
      }
    }
  }
  // Not a module path: methods by their type (str.upper, dict.get) start from builtins.
  py::module_ builtins = py::module_::import("builtins");
  if (py::hasattr(builtins, parts[0].c_str())) return Found{builtins, "builtins", 0};
  return Error{"unknown module '" + parts[0] + "'", qualname};
}

std::string describe_owner(const py::handle& owner, const std::string& path) {
  if (py::isinstance<py::module_>(owner)) return "module '" + path + "'";
  if (PyType_Check(owner.ptr())) return "type '" + path + "'";
  return "'" + path + "' (a " + py::str(py::type::handle_of(owner).attr("__name__")).cast<std::string>() +
         ")";
}

CallableKind kind_of(const py::handle& object, const py::handle& owner, const std::string& attribute) {
  if (PyType_Check(object.ptr())) return CallableKind::Type;
  if (!PyType_Check(owner.ptr())) return CallableKind::Function;
  // A classmethod comes back bound to the type (dict.fromkeys): no receiver left to pass.
  if (py::getattr(object, "__self__", py::none()).is(owner)) return CallableKind::Function;
  // getattr_static sees the descriptor itself: staticmethod/classmethod take no receiver.
  py::object raw = py::module_::import("inspect").attr("getattr_static")(owner, attribute);
  py::module_ builtins = py::module_::import("builtins");
  if (py::isinstance(raw, builtins.attr("staticmethod")) ||
      py::isinstance(raw, builtins.attr("classmethod"))) {
    return CallableKind::Function;
  }
  return CallableKind::MethodOfType;
}

std::vector<PythonParameter> to_params(const py::handle& rows) {
  std::vector<PythonParameter> params;
  for (auto row : rows) {
    auto t = row.cast<py::tuple>();
    params.push_back({t[0].cast<std::string>(), static_cast<ParamKind>(t[1].cast<int>()), t[2].cast<bool>()});
  }
  return params;
}

void read_parameters(PythonCallable& c, const std::string& attribute) {
  py::dict helpers;
  py::exec(kParamHelpers, helpers);
  py::tuple from_signature = helpers["signature_params"](c.object);
  if (!from_signature[0].is_none()) {
    c.params = to_params(from_signature[0]);
    c.param_source = ParamSource::Signature;
    return;
  }
  std::string reason = "inspect.signature failed (" + from_signature[1].cast<std::string>() + ")";
  py::tuple from_doc = helpers["docstring_params"](c.doc, attribute);
  if (from_doc[1].is_none()) {
    c.param_source = ParamSource::Unknown;
    c.param_note = reason + " and the docstring has no signature line; parameters are unnamed (a0, a1, ...)";
    return;
  }
  c.params = to_params(from_doc[1]);
  if (c.kind == CallableKind::MethodOfType) {
    // "a.sum(axis=None)" documents the receiver as `a`; the unbound method takes it first.
    std::string receiver = from_doc[0].is_none() ? "self" : from_doc[0].cast<std::string>();
    c.params.insert(c.params.begin(), {receiver, ParamKind::PositionalOnly, false});
  }
  c.param_source = ParamSource::Docstring;
  c.param_note = reason + "; parameter names are from the docstring's first line";
}

}  // namespace

Result<PythonCallable> resolve_callable(std::string_view qualname_view) {
  std::string qualname(qualname_view);
  if (auto checked = cpp_name(qualname); !checked) return checked.error();  // dotted identifiers only
  const auto views = qualname_parts(qualname);
  std::vector<std::string> parts(views.begin(), views.end());
  try {
    auto found = import_prefix(parts, qualname);
    if (!found) return found.error();
    py::object owner = found->module;
    py::object object = owner;
    std::string path = found->module_name;
    for (std::size_t i = found->consumed; i < parts.size(); ++i) {
      owner = object;
      if (!py::hasattr(owner, parts[i].c_str())) {
        return Error{describe_owner(owner, path) + " has no attribute '" + parts[i] + "'", qualname};
      }
      object = owner.attr(parts[i].c_str());
      path = found->consumed == 0 && i == 0 ? parts[i] : path + "." + parts[i];
    }
    // An attribute of a type's instances (ndarray.shape, ndarray.T, complex.real): the operator is
    // reading it, operator.attrgetter(name), whose one parameter is the instance.
    if (!PyCallable_Check(object.ptr()) && PyType_Check(owner.ptr())) {
      py::object raw = py::module_::import("inspect").attr("getattr_static")(owner, parts.back());
      if (py::hasattr(raw, "__get__") && (py::hasattr(raw, "__set__") || py::hasattr(raw, "__delete__"))) {
        PythonCallable c;
        c.qualname = qualname;
        c.object = py::module_::import("operator").attr("attrgetter")(parts.back());
        c.module = found->module_name;
        c.kind = CallableKind::Function;
        c.params = {{"self", ParamKind::PositionalOnly, false}};
        c.param_source = ParamSource::Signature;
        c.param_note = "an attribute read: operator.attrgetter('" + parts.back() + "')";
        py::object doc = py::module_::import("inspect").attr("getdoc")(raw);
        c.doc = doc.is_none() ? "" : doc.cast<std::string>();
        return c;
      }
    }
    if (!PyCallable_Check(object.ptr())) {
      return Error{"not callable (it is a " +
                       py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>() + ")",
                   qualname};
    }
    PythonCallable c;
    c.qualname = qualname;
    c.object = object;
    c.module = found->module_name;
    c.kind = kind_of(object, owner, parts.back());
    py::object doc = py::module_::import("inspect").attr("getdoc")(object);
    c.doc = doc.is_none() ? "" : doc.cast<std::string>();
    read_parameters(c, parts.back());
    return c;
  } catch (py::error_already_set& e) {
    return Error{"resolving in Python failed: " + python_error_text(e), qualname};
  }
}

}  // namespace opsynth

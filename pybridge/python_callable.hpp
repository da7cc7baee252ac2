// Resolving an operator's qualname (DESIGN §2) to the real Python callable, with its parameters and docs.
// Needs an initialized interpreter; every returned py::object must die before the interpreter does.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace opsynth {

// How the callable is called: a free function (math.sqrt, operator.add, also staticmethods and
// classmethods reached through a type), a method looked up on its type whose first parameter is the
// receiver (str.upper, numpy.ndarray.sum), or a type called as a constructor (builtins.int).
enum class CallableKind { Function, MethodOfType, Type };
std::string_view callable_kind_name(CallableKind kind);  // "function", "method-of-type", "type"

// Mirrors inspect.Parameter.kind.
enum class ParamKind { PositionalOnly, PositionalOrKeyword, VarPositional, KeywordOnly, VarKeyword };

struct PythonParameter {
  std::string name;
  ParamKind kind = ParamKind::PositionalOrKeyword;
  bool has_default = false;
};

// Where the parameter names came from. Many C builtins have no inspect.signature; numpy's methods
// then still document one on the docstring's first line ("a.sum(axis=None, ...)").
enum class ParamSource { Signature, Docstring, Unknown };
std::string_view param_source_name(ParamSource source);  // "inspect.signature", "docstring", "unknown"

// Hidden like pybind11's own namespace, which holds the py::object member (else g++ warns -Wattributes).
struct __attribute__((visibility("hidden"))) PythonCallable {
  std::string qualname;
  pybind11::object object;
  CallableKind kind = CallableKind::Function;
  std::string module;  // the imported module the name was found in: "numpy.linalg", "builtins"
  std::vector<PythonParameter> params;
  ParamSource param_source = ParamSource::Unknown;
  std::string param_note;  // why the names are not from inspect.signature; empty when they are
  std::string doc;         // inspect.getdoc(), "" if none

  std::vector<std::string> param_names() const;
  bool variadic() const;  // has *args or **kwargs, so the parameter count is open

  // The names of an overload's `count` parameters. An overload lists the parameters in order up to
  // the last one a call binds; the ones after it must have defaults and are left at them (ufuncs
  // have seven parameters, and numpy.sum's keepdims defaults to a sentinel no Literal can spell).
  // Empty when the callable's parameters are unknown or variadic (then they go unnamed: a0, a1, ...).
  Result<std::vector<std::string>> bind_parameter_names(std::size_t count) const;
};

// "numpy.linalg.norm": imports the longest importable module prefix, then getattr's the rest;
// "str.upper": a first part that is no module is looked up in builtins. Errors name the qualname
// and what is wrong: unknown module, no such attribute (naming it and its owner), not callable.
Result<PythonCallable> resolve_callable(std::string_view qualname);

}  // namespace opsynth

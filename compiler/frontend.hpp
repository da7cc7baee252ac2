// The frontend's Python half (DESIGN §6): CPython's own `ast` parses the file, and the tree crosses to
// C++ as JSON: every node {"_": "BinOp", "line": 3, "col": 9, <fields>}, constants tagged with their
// Python type and spelled exactly ({"_": "Constant", "kind": "int", "value": "12345678901234567890"}).
// Also what lowering asks CPython about callables and module attributes. Needs a running interpreter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/types.hpp"

namespace opsynth::compiler {

// The module's AST as JSON. A syntax error is an Error whose message is "file:line:col: SyntaxError: ...".
Result<nlohmann::json> parse_python_file(const std::string& path);

// One parameter of a callable, as inspect.signature sees it.
struct ParamInfo {
  std::string name;
  bool positional = true;        // may be passed by position
  bool keyword = true;           // may be passed by keyword
  bool variadic = false;         // *args or **kwargs
  bool star = false;             // *args: every positional argument from here on is one of it
  bool has_default = false;
  std::optional<Type> default_type;  // None -> None, True -> Literal[True], 0 -> Literal[0], ...; unset when
                                     // the default has no Literal spelling (numpy's <no value>)
  std::string default_repr;
};

struct CallableInfo {
  std::string qualname;
  bool found = false;            // the name resolves to a callable
  std::string why_not;           // when not found
  std::vector<ParamInfo> params; // empty and signature_known = false for builtins without a signature
  bool signature_known = false;
};

// What `qualname` is in CPython: its parameters for binding calls.
CallableInfo describe_callable(const std::string& qualname);

// A module attribute that is a constant (math.pi, math.inf, numpy.e): its value as a Python-typed
// constant, or nullopt when the attribute is not an int, float, bool or str.
struct ConstantInfo {
  std::string kind;   // "int", "float", "bool", "str"
  std::string value;  // repr for floats (round-trips), decimal for ints, the text for str
};
std::optional<ConstantInfo> module_constant(const std::string& qualname);

// What CPython raises calling `qualname` on small values of these types (`1.5 > None`), or nullopt
// when it returns. A path of a tagged union where CPython refuses the call raises the same at run time.
struct PythonRaise {
  std::string exception;  // "TypeError"
  std::string message;
};
std::optional<PythonRaise> sample_call_raises(const std::string& qualname, const std::vector<Type>& args);

}  // namespace opsynth::compiler

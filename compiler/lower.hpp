// Lowering and typing (DESIGN §6): the Python AST (as JSON from the frontend) to the typed IR, by one
// abstract interpretation of each function over its control flow. Parameters are typed by
// annotations, --sig or example arguments; the file's functions are specialised per argument types at
// each call; each assignment gives its variable the value's type (a name may change type), paths meet
// in joined types (a tagged union where Python's type differs by path), and a loop is lowered again
// until the types at its head settle. What an empty [] or {} holds is learned from what is added to
// it. Result types flow through operator overloads, which the resolver finds in oplib (or, for
// overloads the library lacks, learns from CPython so that every missing overload is reported at
// once). Unsupported syntax and type conflicts are errors naming file:line:column.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/ir.hpp"
#include "core/error.hpp"

namespace opsynth::compiler {

// How the compiler learns about operators; the CLI backs it with oplib and CPython.
class OpResolver {
 public:
  virtual ~OpResolver() = default;
  // The overload of `qualname` at exactly these argument types: available (from oplib), pending (a
  // generic version to verify there later), or not (then its result type from CPython's probe, so
  // lowering can go on), or an Error when CPython refuses the call at these types too (the message
  // says why). Never slow: nothing is verified or compiled while a module is typed.
  virtual Result<OpUse> resolve(const std::string& qualname, const std::vector<Type>& args) = 0;
};

// One function's parameter types from outside the source: --sig (whose `-> RESULT` may be left out) or
// example arguments. They must agree with the annotations and supply what those leave open.
struct GivenSignature {
  std::vector<Type> params;
  std::optional<Type> result;
  std::string origin = "--sig";  // for messages: "--sig gives ...", "--example gives ..."
};

struct LowerOptions {
  std::string file;                 // for diagnostics
  std::vector<std::string> only;    // functions to compile (empty: every top-level function with annotated parameters)
  std::map<std::string, GivenSignature> given;  // by function name; such a function is exported
};

struct Diagnostic {
  std::string file;
  SourceLoc loc;
  std::string message;
  std::string text() const;  // "file:line:col: message"
};

struct Lowered {
  Module module;
  std::vector<OpUse> missing;  // every overload the library lacks, once each
  std::vector<std::string> notes;  // functions left out of a whole-file compile, and why
};

// An error is the first diagnostic (syntax the compiler does not support, a type conflict, ...).
Result<Lowered> lower_module(const nlohmann::json& ast, const LowerOptions& options, OpResolver& resolver);

// Every overload the module's functions use that is not available, once each (pending ones included).
std::vector<OpUse> missing_overloads(const Module& module);

}  // namespace opsynth::compiler

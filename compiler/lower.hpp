// Lowering (DESIGN §6): the Python AST (as JSON from the frontend) to the typed IR. Types come from
// the annotations and constants and flow through the result types of operator overloads, which the
// resolver finds in oplib (or, for overloads the library lacks, learns from CPython so that every
// missing overload of a file is reported at once). Unsupported syntax is an error naming the
// construct at file:line:column.
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
  // The overload of `qualname` at exactly these argument types: available (from oplib) or not (then
  // its result type from CPython's probe, so lowering can go on), or an Error when CPython refuses the
  // call at these types too (the message says why).
  virtual Result<OpUse> resolve(const std::string& qualname, const std::vector<Type>& args) = 0;
};

struct LowerOptions {
  std::string file;                 // for diagnostics
  std::vector<std::string> only;    // functions to compile (empty: every annotated top-level function)
  // The signature of only[0] (--sig): it must agree with the annotations and supplies what they
  // leave open (the rank of NDArray[np.float64]).
  std::optional<Signature> sig;
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
};

// An error is the first diagnostic (syntax the compiler does not support, a type conflict, ...).
Result<Lowered> lower_module(const nlohmann::json& ast, const LowerOptions& options, OpResolver& resolver);

}  // namespace opsynth::compiler

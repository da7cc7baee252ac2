// The compiler's view of oplib (compiler::OpResolver), shared by `compile` and `grow`'s mining step: a
// served overload is used as is; a generic version that may implement a new signature is verified there
// (probe + verify, no LLM), but only once the whole module is typed (settle), so that a type error is
// reported at once; anything else is missing, with its result type from CPython so that lowering
// continues and reports every missing overload at once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "compiler/lower.hpp"
#include "oplib/library/library.hpp"

namespace opsynth::cli {

class LibraryResolver : public compiler::OpResolver {
 public:
  LibraryResolver(oplib::Library& library, CommandContext& context, bool quiet)
      : library_(library), context_(context), quiet_(quiet) {}

  Result<compiler::OpUse> resolve(const std::string& qualname, const std::vector<Type>& args) override;

  // Verifies the generic versions the module's pending overloads may use, each at its signature,
  // first candidate that passes wins; each use becomes available or stays missing.
  void settle(compiler::Module& module);

 private:
  Result<compiler::OpUse> lookup(const std::string& qualname, const std::vector<Type>& args);
  // A generic version is used at a new signature only after it passes there, like any candidate.
  std::optional<compiler::OpUse> instantiate(const oplib::OverloadRef& generic, const Signature& sig);

  oplib::Library& library_;
  CommandContext& context_;
  bool quiet_;
  std::map<std::string, Result<compiler::OpUse>> cache_;
  std::map<std::string, std::vector<oplib::OverloadRef>>
      candidates_;  // qualname|signature -> generics to verify
  std::map<std::string, compiler::OpUse> settled_;
};

// A Python int meeting an array of a narrower integer dtype (uint8, int16, ...): numpy 1.24 reads the
// int by value, so the result's dtype depends on it (uint8 + 1 is uint8, uint8 + 300 uint16) and
// CPython's probe over every int refuses the call. The compiler types it as numpy does for every int
// that fits the array's dtype (and as numpy 2 does for all, NEP 50): the probe draws ints in that range.
// The overload serving it declares the same range as its domain and raises numpy 2's OverflowError for
// an int outside it (rt/promote.hpp python_int_as). `domain` narrowed to the ranges of such arrays.
verify::Domain python_ints_fit_arrays(verify::Domain domain, const std::vector<Type>& args);

// Types `file` (only its functions `only`, or every exported one) against the library, settles the
// generic instantiations, and lists what is still missing. The error is the compiler's first diagnostic.
Result<compiler::Lowered> lower_against_library(const nlohmann::json& ast,
                                                const compiler::LowerOptions& options,
                                                LibraryResolver& resolver);

}  // namespace opsynth::cli

// `grow`'s mining step: every corpus function typed against the library, without synthesis. A function
// compiles, is blocked by overloads the library lacks (all listed, since lowering goes on with the
// result types CPython gives), or fails for a reason no operator can fix, counted by kind.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "command.hpp"
#include "grow_corpus.hpp"
#include "oplib/library/library.hpp"

namespace opsynth::cli {

struct MissingOverload {
  std::string qualname;
  Signature signature;
  std::string key() const;  // "numpy.cumsum(ndarray[int64,1] -> ndarray[int64,1])", stable across runs
};

enum class MinedState { Compiles, Blocked, Unfixable };
std::string_view mined_state_name(MinedState s);  // "compiles", "blocked", "unfixable"

struct MinedFunction {
  std::string id;  // CorpusFunction::id()
  MinedState state = MinedState::Compiles;
  std::vector<std::string> missing;  // MissingOverload keys, when blocked
  std::string error_kind;            // "unsupported syntax" or "type error", when unfixable
  std::string error;                 // the compiler's diagnostic
  // When it compiles: the operator versions it would use ("qualname@overload.vN sha256", sorted, one
  // per line), so a later night knows whether its last check still stands.
  std::string operators;
};

struct Mined {
  std::vector<MinedFunction> functions;  // corpus order
  std::map<std::string, MissingOverload> missing;
  std::map<std::string, std::size_t> errors_by_kind;
  std::size_t count(MinedState s) const;
  const MinedFunction* find(const std::string& id) const;
};

// Types each function (its helpers included) against `library`. A generic version is verified at new
// signatures as `compile` does (recorded in op.json); nothing else is written.
Mined mine_corpus(const Corpus& corpus, oplib::Library& library, CommandContext& context);

}  // namespace opsynth::cli

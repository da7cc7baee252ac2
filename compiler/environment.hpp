// What lowering knows about a function's variables at one point of its control flow: each bound name's
// type there and whether some path reaches it unbound. Paths meet by joining environments; a loop's
// head is the fixpoint of its entry and its back edges (DESIGN §6, "locals to a fixpoint").
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

struct VarState {
  IrType type;
  bool maybe_unbound = false;  // some path here never assigned it: reading it raises UnboundLocalError
  bool operator==(const VarState&) const = default;
};

// Names bound on some path to this point. nullopt (as std::optional<Env>) is a point no path reaches.
using Env = std::map<std::string, VarState>;

// Two paths meeting: types join; a name bound on one path only may be unbound after.
std::optional<Env> join(const std::optional<Env>& a, const std::optional<Env>& b);

// "x: int here, float at the loop's back edge" for a type that did not settle.
std::string describe_difference(const Env& before, const Env& after);

}  // namespace opsynth::compiler

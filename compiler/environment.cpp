// Joining variable environments (see environment.hpp).
#include "compiler/environment.hpp"

namespace opsynth::compiler {

std::optional<Env> join(const std::optional<Env>& a, const std::optional<Env>& b) {
  if (!a) return b;
  if (!b) return a;
  Env out = *a;
  for (auto& [name, state] : out)
    if (!b->count(name)) state.maybe_unbound = true;
  for (const auto& [name, state] : *b) {
    auto it = out.find(name);
    if (it == out.end()) {
      out.emplace(name, VarState{state.type, true});
      continue;
    }
    it->second.type = join(it->second.type, state.type);
    it->second.maybe_unbound = it->second.maybe_unbound || state.maybe_unbound;
  }
  return out;
}

std::string describe_difference(const Env& before, const Env& after) {
  std::string out;
  for (const auto& [name, state] : after) {
    auto it = before.find(name);
    if (name.starts_with("$") || (it != before.end() && it->second.type == state.type)) continue;
    out += (out.empty() ? "" : ", ") + ("'" + name + "' ") +
           (it == before.end() ? "new" : to_string(it->second.type)) + " -> " + to_string(state.type);
  }
  return out.empty() ? "only lowering's temporaries changed" : out;
}

}  // namespace opsynth::compiler

// Picks example operators for prompts (see examples.hpp).
#include "synth/examples.hpp"

#include <algorithm>

#include "oplib/library/atomic_file.hpp"
#include "synth/op_family.hpp"

namespace opsynth::synth {
namespace {

std::string module_of(const std::string& qualname) { return qualname.substr(0, qualname.rfind('.')); }

// Closeness, in this order of weight: the same op (its accepted overloads, also those committed
// earlier in this run), then the same family (op_family.hpp), then the module, then the shape.
int similarity(const std::string& qualname, const Signature& sig, const std::string& other, const Signature& theirs) {
  int score = 0;
  if (other == qualname) score += 1000;
  if (family_of(other, theirs) == family_of(qualname, sig)) score += 100;
  if (module_of(other) == module_of(qualname)) score += 10;
  if (theirs.params.size() == sig.params.size()) score += 2;
  for (std::size_t i = 0; i < std::min(sig.params.size(), theirs.params.size()); ++i) {
    if (theirs.params[i].kind == sig.params[i].kind) score += 3;
    if (theirs.params[i] == sig.params[i]) score += 2;
  }
  if (theirs.result.kind == sig.result.kind) score += 2;
  if (theirs.result == sig.result) score += 1;
  return score;
}

struct Scored {
  int score;
  ExampleOp example;
};

}  // namespace

std::vector<ExampleOp> choose_examples(const oplib::Library& library, const std::string& qualname, const Signature& sig,
                                       std::size_t count, std::size_t max_chars) {
  std::vector<Scored> scored;
  auto names = library.qualnames();
  if (!names) return {};
  for (const auto& name : *names) {
    auto op = library.load(name);
    if (!op || !*op) continue;
    for (const auto& overload : (*op)->overloads) {
      const oplib::VersionRecord* v = overload.newest_accepted();
      if (!v || v->instances.empty()) continue;
      // The best-matching signature this version serves, never the overload being asked for.
      const oplib::Instance* best = nullptr;
      int best_score = -1;
      for (const auto& instance : v->instances) {
        if (name == qualname && instance.signature.params == sig.params) continue;
        const int s = similarity(qualname, sig, name, instance.signature);
        if (s > best_score) best = &instance, best_score = s;
      }
      if (!best) continue;
      auto text = oplib::read_file(library.header_path(name, overload.name, v->number));
      if (!text || text->size() > max_chars) continue;
      scored.push_back({best_score, ExampleOp{name, to_string(best->signature), *text}});
    }
  }
  // Ties go to the shorter example: same information, fewer tokens.
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.example.source.size() < b.example.source.size();
  });
  std::vector<ExampleOp> out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < scored.size() && out.size() < count; ++i) {
    // Two overloads of one op teach less than two ops.
    if (!out.empty() && out.back().qualname == scored[i].example.qualname && scored[i].example.qualname != qualname)
      continue;
    // The examples share one budget: a long closest example leaves no room for a second one.
    if (chars + scored[i].example.source.size() > max_chars) continue;
    chars += scored[i].example.source.size();
    out.push_back(scored[i].example);
  }
  return out;
}

}  // namespace opsynth::synth

// `grow`'s mining step (see grow_mine.hpp).
#include "grow_mine.hpp"

#include <set>

#include "compiler/frontend.hpp"
#include "compiler/syntax_check.hpp"
#include "library_resolver.hpp"

namespace opsynth::cli {
namespace {

using nlohmann::json;

// Unsupported syntax in the function or any top-level function it names (as lowering scans them):
// no operator can fix it, unlike a type error, which a new overload sometimes does not fix either.
bool has_unsupported_syntax(const json& ast, const std::string& function) {
  std::map<std::string, const json*> defs;
  if (!ast.contains("body")) return false;
  for (const auto& s : ast.at("body"))  // by reference: the map keeps pointers into the tree
    if (s.value("_", "") == "FunctionDef") defs[s.value("name", "")] = &s;
  std::set<std::string> seen;
  std::vector<std::string> to_scan{function};
  while (!to_scan.empty()) {
    const std::string name = to_scan.back();
    to_scan.pop_back();
    if (!defs.count(name) || !seen.insert(name).second) continue;
    if (compiler::first_unsupported(*defs[name])) return true;
    std::function<void(const json&)> walk = [&](const json& j) {
      if (j.is_array())
        for (const auto& e : j) walk(e);
      if (!j.is_object()) return;
      if (j.value("_", "") == "Name" && j.contains("id")) to_scan.push_back(j["id"].get<std::string>());
      for (const auto& [key, value] : j.items())
        if (value.is_object() || value.is_array()) walk(value);
    };
    walk((*defs[name])["body"]);
  }
  return false;
}

}  // namespace

std::string MissingOverload::key() const { return qualname + "(" + to_string(signature) + ")"; }

std::string_view mined_state_name(MinedState s) {
  switch (s) {
    case MinedState::Compiles:
      return "compiles";
    case MinedState::Blocked:
      return "blocked";
    case MinedState::Unfixable:
      return "unfixable";
  }
  return "?";
}

std::size_t Mined::count(MinedState s) const {
  std::size_t n = 0;
  for (const auto& f : functions) n += f.state == s;
  return n;
}

const MinedFunction* Mined::find(const std::string& id) const {
  for (const auto& f : functions)
    if (f.id == id) return &f;
  return nullptr;
}

Mined mine_corpus(const Corpus& corpus, oplib::Library& library, CommandContext& context) {
  Mined mined;
  std::map<std::string, json> asts;
  // One resolver for the whole corpus: each overload is looked up and probed once.
  LibraryResolver resolver(library, context, /*quiet=*/true);
  for (const auto& f : corpus.functions) {
    MinedFunction out;
    out.id = f.id();
    if (!asts.count(f.file.string())) asts[f.file.string()] = *compiler::parse_python_file(f.file.string());
    const json& ast = asts[f.file.string()];
    compiler::LowerOptions options{f.file.string(), {f.function}, {}};
    if (f.params) {
      compiler::GivenSignature given;
      given.params = *f.params;
      given.origin = f.sig.empty() ? "--example" : "--sig";
      options.given[f.function] = given;
    }
    auto lowered = lower_against_library(ast, options, resolver);
    if (!lowered) {
      out.state = MinedState::Unfixable;
      out.error_kind = has_unsupported_syntax(ast, f.function) ? "unsupported syntax" : "type error";
      out.error = lowered.error().message;
      ++mined.errors_by_kind[out.error_kind];
    } else if (!lowered->missing.empty()) {
      out.state = MinedState::Blocked;
      for (const auto& use : lowered->missing) {
        MissingOverload m{use.qualname, use.signature};
        out.missing.push_back(m.key());
        mined.missing.emplace(m.key(), m);
      }
    } else {
      std::set<std::string> used;
      for (const auto& fn : lowered->module.functions)
        for (const auto& use : fn.ops)
          used.insert(use.qualname + "@" + oplib::version_stem(use.overload, use.version) + " " + use.sha256);
      for (const auto& u : used) out.operators += u + "\n";
    }
    mined.functions.push_back(std::move(out));
  }
  return mined;
}

}  // namespace opsynth::cli

// Unsupported constructs (see syntax_check.hpp).
#include "compiler/syntax_check.hpp"

#include <map>

namespace opsynth::compiler {

std::optional<std::string> unsupported_construct(const std::string& ast_kind) {
  static const std::map<std::string, std::string> names = {
      {"Try", "try/except"},       {"TryStar", "try/except*"},      {"With", "with"},
      {"AsyncWith", "async with"}, {"Raise", "raise"},              {"Global", "global"},
      {"Nonlocal", "nonlocal"},    {"ClassDef", "class"},           {"FunctionDef", "a nested function"},
      {"AsyncFunctionDef", "a nested function"},                   {"Lambda", "lambda"},
      {"Delete", "del"},           {"Assert", "assert"},            {"Import", "import inside a function"},
      {"ImportFrom", "import inside a function"},                  {"AsyncFor", "async for"},
      {"Match", "match"},          {"GeneratorExp", "a generator expression"},
      {"SetComp", "a set comprehension"},                          {"Set", "a set"},
      {"Yield", "yield"},          {"YieldFrom", "yield from"},     {"Await", "await"},
      {"NamedExpr", "an assignment expression (:=)"}};
  auto it = names.find(ast_kind);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::optional<UnsupportedSyntax> first_unsupported(const nlohmann::json& def) {
  std::optional<UnsupportedSyntax> found;
  auto walk = [&](auto& self, const nlohmann::json& node) -> void {
    if (found) return;
    if (node.is_array()) {
      for (const auto& e : node) self(self, e);
      return;
    }
    if (!node.is_object()) return;
    if (node.contains("_") && node["_"].is_string()) {
      if (auto name = unsupported_construct(node["_"].get<std::string>())) {
        found = UnsupportedSyntax{SourceLoc{node.value("line", 0), node.value("col", 0)}, *name + " is not supported"};
        return;
      }
    }
    for (const auto& [key, value] : node.items())
      if (value.is_object() || value.is_array()) self(self, value);
  };
  walk(walk, def["body"]);
  return found;
}

}  // namespace opsynth::compiler

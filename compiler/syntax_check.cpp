// Unsupported constructs (see syntax_check.hpp).
#include "compiler/syntax_check.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace opsynth::compiler {

namespace {

struct Construct {
  std::string name;     // as the message names it
  std::string instead;  // what to write instead; empty where there is nothing to suggest
};

const std::map<std::string, Construct>& constructs() {
  static const std::map<std::string, Construct> table = {
      {"Try", {"try/except", "test the condition first (if ...: return ...); an exception raised inside still reaches the caller"}},
      {"TryStar", {"try/except*", ""}},
      {"With", {"with", "open files and other resources in the caller and pass what they hold"}},
      {"AsyncWith", {"async with", ""}},
      {"Global", {"global", "pass the value as a parameter and return the new one"}},
      {"Nonlocal", {"nonlocal", "pass the value as a parameter and return the new one"}},
      {"ClassDef", {"class", "use functions over tuples, lists, dicts and arrays"}},
      {"FunctionDef", {"a nested function", "define it at the module's top level; it is compiled with its callers"}},
      {"AsyncFunctionDef", {"a nested function", "define it at the module's top level"}},
      {"Lambda", {"lambda outside key= of sorted(), min() and max()", "define a function at the module's top level and call it"}},
      {"Delete", {"del", "list.pop(i) or dict.pop(k) remove an item"}},
      {"Import", {"import inside a function", "import at the module's top level"}},
      {"ImportFrom", {"import inside a function", "import at the module's top level"}},
      {"AsyncFor", {"async for", ""}},
      {"Match", {"match", "if/elif chains"}},
      {"GeneratorExp", {"a generator expression here", "a list comprehension, or a loop (sum, min, max, sorted, list, tuple and str.join take one directly)"}},
      {"SetComp", {"a set comprehension", "a dict comprehension with True values: {x: True for x in xs}"}},
      {"Set", {"a set", "a dict with True values"}},
      {"Yield", {"yield", "build and return a list"}},
      {"YieldFrom", {"yield from", "build and return a list"}},
      {"Await", {"await", ""}},
      {"NamedExpr", {"an assignment expression (:=)", "assign on a line of its own first"}}};
  return table;
}

const std::vector<std::string>& raisable_names() {
  static const std::vector<std::string> names = {
      "ValueError",   "TypeError",        "IndexError",         "KeyError",           "ZeroDivisionError",
      "OverflowError", "ArithmeticError", "FloatingPointError", "LookupError",       "UnicodeError",
      "AttributeError", "NameError",      "UnboundLocalError",  "AssertionError",    "RuntimeError",
      "NotImplementedError", "RecursionError", "MemoryError",   "StopIteration",     "Exception"};
  return names;
}

}  // namespace

std::optional<std::string> unsupported_construct(const std::string& ast_kind) {
  auto it = constructs().find(ast_kind);
  if (it == constructs().end()) return std::nullopt;
  return it->second.name;
}

std::string unsupported_message(const std::string& ast_kind) {
  auto it = constructs().find(ast_kind);
  if (it == constructs().end()) return ast_kind + " is not supported";
  return it->second.name + " is not supported" + (it->second.instead.empty() ? "" : ": " + it->second.instead);
}

bool is_raisable(const std::string& name) {
  return std::find(raisable_names().begin(), raisable_names().end(), name) != raisable_names().end();
}

std::string raisable_list() {
  std::string out;
  for (const auto& n : raisable_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
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
    // sorted(xs, key=lambda x: ...): a key lambda is inlined into the keys' comprehension (lower.cpp).
    if (node.value("_", "") == "keyword" && node.value("arg", nlohmann::json()) == "key" &&
        node["value"].value("_", "") == "Lambda") {
      self(self, node["value"]["body"]);
      return;
    }
    if (node.contains("_") && node["_"].is_string()) {
      if (auto name = unsupported_construct(node["_"].get<std::string>())) {
        found = UnsupportedSyntax{SourceLoc{node.value("line", 0), node.value("col", 0)},
                                  unsupported_message(node["_"].get<std::string>())};
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

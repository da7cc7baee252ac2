// corpus.json for `opsynth grow` (see grow_corpus.hpp and cli/README.md "opsynth grow").
#include "grow_corpus.hpp"

#include <set>

#include "compiler/frontend.hpp"
#include "example_arguments.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verify/domain.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::set<std::string> kFields = {"file", "function", "sig", "example", "tolerance", "domain"};

bool defines_function(const json& ast, const std::string& name) {
  for (const auto& stmt : ast.value("body", json::array()))
    if (stmt.value("_", "") == "FunctionDef" && stmt.value("name", "") == name) return true;
  return false;
}

std::string string_field(const json& entry, const std::string& key) {
  return entry.contains(key) ? entry[key].get<std::string>() : "";
}

}  // namespace

std::string CorpusFunction::id() const { return file.filename().string() + "::" + function; }

Result<Corpus> load_corpus(const std::string& given) {
  fs::path path = given;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path /= "corpus.json";
  auto text = oplib::read_file(path);
  if (!text) return Error{path.string() + ": " + text.error().message, path.string()};
  const json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return Error{path.string() + ": not JSON", path.string()};
  if (!doc.is_object() || doc.value("schema", 0) != 1 || !doc.contains("functions") ||
      !doc["functions"].is_array())
    return Error{path.string() + ": expected {\"schema\": 1, \"functions\": [...]}", path.string()};
  Corpus corpus;
  corpus.path = fs::absolute(path);
  const fs::path folder = corpus.path.parent_path();
  std::map<std::string, json> asts;
  std::set<std::string> seen;
  std::size_t k = 0;
  for (const auto& entry : doc["functions"]) {
    std::string where = path.filename().string() + ": functions[" + std::to_string(k++) + "]";
    auto bad = [&](const std::string& why) { return Error{where + ": " + why, where}; };
    if (!entry.is_object()) return bad("expected an object");
    for (const auto& [key, value] : entry.items()) {
      if (!kFields.count(key)) return bad("unknown field '" + key + "'");
      if (key != "domain" && !value.is_string()) return bad("'" + key + "' must be a string");
    }
    if (!entry.contains("file") || !entry.contains("function")) return bad("needs 'file' and 'function'");
    CorpusFunction f;
    f.file = fs::weakly_canonical(folder / entry["file"].get<std::string>(), ec);
    f.function = entry["function"];
    where += " (" + entry["file"].get<std::string>() + "::" + f.function + ")";
    f.where = where;
    if (!seen.insert(f.file.string() + "::" + f.function).second) return bad("listed twice");
    if (!fs::is_regular_file(f.file, ec)) return bad("no such file '" + f.file.string() + "'");
    if (!asts.count(f.file.string())) {
      auto ast = compiler::parse_python_file(f.file.string());
      if (!ast) return bad(ast.error().message);
      asts[f.file.string()] = *ast;
    }
    if (!defines_function(asts[f.file.string()], f.function))
      return bad(f.file.filename().string() + " defines no top-level function '" + f.function + "'");
    f.sig = string_field(entry, "sig");
    f.example = string_field(entry, "example");
    f.tolerance = string_field(entry, "tolerance");
    if (!f.sig.empty() && !f.example.empty()) return bad("give 'sig' or 'example', not both");
    if (!f.sig.empty()) {
      const bool has_result = f.sig.find("->") != std::string::npos;
      auto sig = parse_signature(has_result ? f.sig : f.sig + " -> None");
      if (!sig) return bad("sig: " + sig.error().describe());
      f.params = sig->params;
    }
    if (!f.example.empty()) {
      // A FILE.py of arguments is found beside corpus.json, wherever grow runs.
      if (auto cut = f.example.find(".py:");
          cut != std::string::npos && fs::path(f.example.substr(0, cut + 3)).is_relative())
        f.example = (folder / f.example.substr(0, cut + 3)).string() + f.example.substr(cut + 3);
      auto types = example_argument_types(f.example, f.file.string());
      if (!types) return bad("example: " + types.error().message);
      f.params = *types;
    }
    if (!f.tolerance.empty()) {
      if (auto t = verify::parse_tolerance(f.tolerance); !t) return bad("tolerance: " + t.error().message);
    }
    if (entry.contains("domain")) {
      f.domain = entry["domain"].dump();
      if (auto d = verify::parse_domain(entry["domain"]); !d) return bad("domain: " + d.error().message);
    }
    corpus.functions.push_back(std::move(f));
  }
  if (corpus.functions.empty()) return Error{path.string() + ": lists no functions", path.string()};
  return corpus;
}

}  // namespace opsynth::cli

// The corpus `opsynth grow` works on: corpus.json lists Python files and, per function, how its
// parameters are typed (annotations, a --sig, or example arguments) and how `verify --function`
// compares it. Every entry is checked before anything runs: a malformed file, a missing Python file
// or function, a bad signature or example arguments that raise are bad input naming the entry.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace opsynth::cli {

struct CorpusFunction {
  std::string where;           // "corpus.json: functions[3] (text.py::caesar)", for messages
  std::filesystem::path file;  // absolute
  std::string function;
  std::string sig;                          // --sig text, or ""
  std::string example;                      // --example MODULE:EXPR (a relative FILE.py made absolute), or ""
  std::string tolerance;                    // verify --function --tolerance, or ""
  std::string domain;                       // verify --function --domain (JSON text), or ""
  std::optional<std::vector<Type>> params;  // from sig or example; nullopt: the annotations

  std::string id() const;  // "text.py::caesar": stable, for reports, state and hashing
};

struct Corpus {
  std::filesystem::path path;  // corpus.json
  std::vector<CorpusFunction> functions;
};

// Reads CORPUS.json (or DIR/corpus.json). Checks the format, the files, that each function is defined
// at the top level of its file, every sig, tolerance and domain, and runs the example arguments
// (needs a running interpreter). The first problem is the error, naming the entry.
Result<Corpus> load_corpus(const std::string& path);

}  // namespace opsynth::cli

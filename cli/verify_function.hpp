// `opsynth verify --function FILE.py::FN --so OUT.so`: see verify_function.cpp.
#pragma once

#include <string>

#include "command.hpp"
#include "verification.hpp"

namespace opsynth::cli {

struct VerifyFunctionOptions {
  std::string function;  // FILE.py::FN
  std::string so;
  std::string tolerance;
  std::string domain;
  std::string report;
  RunOptions run;
  LibraryOptions library;  // where the manifest's operators' tolerances are read
};

ExitCode run_verify_function(const VerifyFunctionOptions& options, CommandContext& context);

}  // namespace opsynth::cli

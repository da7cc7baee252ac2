// Static checks on a candidate .hpp (DESIGN §4.1): include allowlist, then rules on the preprocessed tokens.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace opsynth::verify {

struct StaticCheckOptions {
  // The namespace the overload lives in, from cpp_name(): "oplib::math", "oplib::numpy::linalg".
  std::string expected_namespace;
  // The operator's own C++ name ("remove" for list.remove): its unqualified uses are the candidate's
  // own function, even where the name is also a forbidden API (a qualified ::remove is still refused).
  std::string expected_function;
  // -I directories for preprocessing: runtime/ (for "rt/..."), Eigen, xtensor.
  std::vector<std::string> include_dirs;
  std::string compiler = "g++";
  // Extra preprocessor flags; pass the candidate compile flags so macros see what the compile sees.
  std::vector<std::string> extra_flags;
  std::chrono::milliseconds timeout{20000};
};

// Options with the repo's runtime/ and the system Eigen/xtensor include directories.
StaticCheckOptions default_static_check_options(std::string expected_namespace);

struct StaticViolation {
  std::string rule;     // stable id: "api.process", "include.not_allowed", "decl.mutable_static", ...
  std::string token;    // the offending token or header name
  int line = 0;         // 1-based line in the candidate
  std::string message;  // one line, phrased so an LLM repair prompt can act on it
};

struct StaticReport {
  bool accepted = false;
  std::vector<StaticViolation> violations;  // sorted by line; empty iff accepted
  std::chrono::milliseconds elapsed{0};     // wall time of the whole check (mostly the preprocessor)
};

// Checks `source` (the candidate text). A rejection is a report with violations; an Error means the
// tool itself failed (compiler missing, temp files unwritable), never a judgment of the candidate.
Result<StaticReport> check_candidate(const std::string& source, const StaticCheckOptions& options);

// "line 3: api.process 'fork': 'fork': processes, ... are not allowed in an operator" (for reports and prompts).
std::string describe(const StaticViolation& v);

}  // namespace opsynth::verify

// What `verify`, `add` and `reverify` share: resolve the callable, bind parameter names, probe the
// result type, take the tolerance, domain and stored cases from op.json when the operator exists,
// and run the verifier with a progress line on terminals.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "command.hpp"
#include "oplib/library/library.hpp"
#include "verify/python/oracle.hpp"
#include "verify/verifier.hpp"

namespace opsynth::cli {

// The verifier's knobs, as the three commands spell them.
struct RunOptions {
  std::size_t cases = 10000;
  std::size_t repair_cases = 1000;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> acceptance_seed;
  std::size_t sanitizer_cases = 256;
  double timeout_seconds = 3.0;
  std::size_t jobs = 1;
  bool quiet = false;
  // The longest input the size sweep reaches (verify only: a commit always runs the whole sweep).
  std::optional<std::int64_t> max_length;
};
void add_run_options(CLI::App& sub, RunOptions& options);
// `--max-length N`, for `verify`: a quicker check that stops the size sweep at N.
void add_max_length_option(CLI::App& sub, RunOptions& options);

// `--oplib DIR` (default $OPSYNTH_OPLIB, else the source tree's oplib/) and `--lock FILE`.
struct LibraryOptions {
  std::string root;
  std::string lock;
};
void add_library_options(CLI::App& sub, LibraryOptions& options, bool with_lock = true);
// Opens the library; a corrupt lock file is bad input naming it.
Result<oplib::Library> open_library(const LibraryOptions& options);

struct CommandFailure {
  ExitCode code;
  std::string message;
};

struct VerificationInput {
  std::string qualname;
  std::string sig;      // as the user typed it
  std::string source;   // the candidate's text
  std::optional<verify::Tolerance> tolerance;  // a person's override of op.json
  std::optional<verify::Domain> domain;
  // verify --function: the signature is the annotations' (from the manifest), not a claim to check
  // against CPython's return types, which may not show on generated inputs (an always-empty dict).
  bool signature_from_annotations = false;
  // The overload the candidate is verified as, whose domain applies (an overload may declare its
  // own). Empty: the one the library serves at this signature, else a generic that may serve it,
  // else the concrete overload_name(params).
  std::string overload;
  std::string tolerance_reason;  // why `tolerance`, when no person gave it (fill's rule for a new op)
};

// A verification ready to run: the request as it will run (tolerance, domain, seeds, stored cases)
// and the oracle it runs against.
struct PreparedVerification {
  verify::VerifyRequest request;
  std::string kind;                   // the callable's kind, for a new op.json
  std::optional<oplib::OpRecord> op;  // op.json, when the library has the operator
  std::shared_ptr<verify::Oracle> oracle;
  verify::Environment environment;
  bool tolerance_by_rule = false;  // no person and no op.json declared it: the rule chose (print it)
};

// "tolerance reduction:2, chosen by rule: numpy computes ..." for the line `add`, `verify` and `fill` print
// before verifying a new op.
std::string tolerance_line(const PreparedVerification& prepared);

// Everything up to the verifier: bad input found here (unknown qualname, a --sig CPython
// contradicts, a corrupt op.json) is a CommandFailure with exit 2, and nothing has run.
std::variant<PreparedVerification, CommandFailure> prepare_verification(const VerificationInput& input,
                                                                        const RunOptions& run,
                                                                        const oplib::Library& library,
                                                                        CommandContext& context);
verify::VerifyReport run_verification(const PreparedVerification& prepared, bool quiet);

// The domain a return-type probe draws from: the op's, with ints bounded to [-100, 100] when it
// declares no int range. A probe only needs types, and ops may turn ints into sizes (numpy.zeros(n),
// [x] * n): unbounded ints would have CPython build gigabyte results.
verify::Domain probe_domain(const verify::Domain& domain);

// The same parse for --tolerance and --domain everywhere.
std::variant<std::optional<verify::Tolerance>, CommandFailure> tolerance_option(const std::string& text);
std::variant<std::optional<verify::Domain>, CommandFailure> domain_option(const std::string& text);

// The summary line, counterexample and compiler output, as `verify` prints them.
void print_report(const verify::VerifyReport& report, bool quiet);
ExitCode exit_code_for(const verify::VerifyReport& report);
// The verifier's result as op.json records it.
oplib::Verification as_record(const verify::VerifyReport& report, const verify::VerifyRequest& request);
// Writes JSON to `path` and Markdown beside it (OUT.json -> OUT.md), atomically.
Result<bool> write_json_and_markdown(const std::string& path, const nlohmann::json& json, const std::string& markdown);
Result<bool> write_report(const std::string& path, const verify::VerifyReport& report);
std::optional<CommandFailure> check_report_path(const std::string& path);

}  // namespace opsynth::cli

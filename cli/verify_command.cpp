// `opsynth verify --op Q --sig S --candidate F.hpp`: one candidate against CPython, with a verdict and a
// report. When the library has the operator, its op.json supplies the tolerance, the domain hints and
// the stored counterexamples (replayed first); --tolerance and --domain override them.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verification.hpp"
#include "verify_function.hpp"

namespace opsynth::cli {
namespace {

struct VerifyOptions {
  std::string function;  // --function FILE.py::FN with --so: a compiled function instead of a candidate
  std::string so;
  std::string qualname;
  std::string sig;
  std::string candidate;
  std::string tolerance;
  std::string domain;
  std::string report;
  RunOptions run;
  LibraryOptions library;
};

ExitCode run_verify(const VerifyOptions& options, CommandContext& context) {
  if (!options.function.empty() || !options.so.empty()) {
    if (options.function.empty() || options.so.empty())
      return fail(ExitCode::kBadInput, "--function and --so go together");
    if (!options.qualname.empty() || !options.sig.empty() || !options.candidate.empty())
      return fail(ExitCode::kBadInput, "--function/--so verify a compiled function; --op/--sig/--candidate a candidate: not both");
    VerifyFunctionOptions f{options.function, options.so, options.tolerance, options.domain, options.report, options.run,
                            options.library};
    return run_verify_function(f, context);
  }
  for (const auto& [value, name] : {std::pair{&options.qualname, "--op"}, {&options.sig, "--sig"}, {&options.candidate, "--candidate"}})
    if (value->empty()) return fail(ExitCode::kBadInput, std::string(name) + " is required (or --function with --so)");
  // Bad input is refused before anything runs or is written.
  auto tolerance = tolerance_option(options.tolerance);
  if (auto* f = std::get_if<CommandFailure>(&tolerance)) return fail(f->code, f->message);
  auto domain = domain_option(options.domain);
  if (auto* f = std::get_if<CommandFailure>(&domain)) return fail(f->code, f->message);
  if (auto f = check_report_path(options.report)) return fail(f->code, f->message);
  auto source = oplib::read_file(options.candidate);
  if (!source) return fail(ExitCode::kBadInput, "--candidate: " + source.error().message);
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);

  VerificationInput input{options.qualname, options.sig, *source,
                          std::get<std::optional<verify::Tolerance>>(tolerance),
                          std::get<std::optional<verify::Domain>>(domain)};
  auto prepared = prepare_verification(input, options.run, *library, context);
  if (auto* f = std::get_if<CommandFailure>(&prepared)) return fail(f->code, f->message);
  if (std::get<PreparedVerification>(prepared).tolerance_by_rule && !options.run.quiet)
    std::cout << tolerance_line(std::get<PreparedVerification>(prepared)) << '\n';
  const verify::VerifyReport report = run_verification(std::get<PreparedVerification>(prepared), options.run.quiet);
  if (!options.report.empty()) {
    if (auto w = write_report(options.report, report); !w) return fail(ExitCode::kInternal, w.error().message);
  }
  print_report(report, options.run.quiet);
  return exit_code_for(report);
}

}  // namespace

RunCommand add_verify_command(CLI::App& app) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* sub = app.add_subcommand("verify", "Differential-test a C++ candidate for one overload against CPython");
  sub->add_option("--op", options->qualname, "operator qualname, e.g. math.sqrt");
  sub->add_option("--sig", options->sig, "overload signature, e.g. 'float -> float'");
  sub->add_option("--candidate", options->candidate, "the candidate .hpp");
  sub->add_option("--function", options->function,
                  "FILE.py::FN: verify a compiled function (with --so) against the original in CPython");
  sub->add_option("--so", options->so, "the library `opsynth compile` built (its manifest beside it)");
  sub->add_option("--tolerance", options->tolerance,
                  "exact | ulp:N | reduction[:F][+ulp:N] | products[:F][+ulp:N] | close:RTOL,ATOL (default: op.json's, else exact)");
  sub->add_option("--domain", options->domain,
                  "domain hints as JSON, e.g. '{\"int_min\": 0, \"alphabet\": \"ab \"}' (default: op.json's; see "
                  "oplib/README.md)");
  sub->add_option("--report", options->report, "write the report as JSON here, and Markdown beside it");
  add_run_options(*sub, options->run);
  add_max_length_option(*sub, options->run);
  add_library_options(*sub, options->library, /*with_lock=*/false);
  return [options](CommandContext& context) { return run_verify(*options, context); };
}

}  // namespace opsynth::cli

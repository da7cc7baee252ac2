// `opsynth add QUALNAME --sig SIG --candidate F.hpp`: verify a hand-written implementation and, on
// PASS, commit it to the library as a new version with provenance. Rejected: exit 1, nothing written.
// The first add of an operator, or of a new overload, declares its tolerance and domain (--tolerance,
// --domain); later adds to that overload must agree with op.json, which a person edits deliberately.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verification.hpp"

namespace opsynth::cli {
namespace {

struct AddOptions {
  std::string qualname;
  std::string sig;
  std::string candidate;
  std::string author = "hand";
  std::string generic;
  std::string tolerance;
  std::string domain;
  std::vector<std::string> traits;
  std::string note;
  std::string report;
  RunOptions run;
  LibraryOptions library;
};

// Acceptance strength is not negotiable for a commit (DESIGN §4.8).
constexpr std::size_t kMinimumAcceptanceCases = 10000;

ExitCode run_add(const AddOptions& options, CommandContext& context) {
  auto tolerance = tolerance_option(options.tolerance);
  if (auto* f = std::get_if<CommandFailure>(&tolerance)) return fail(f->code, f->message);
  auto domain = domain_option(options.domain);
  if (auto* f = std::get_if<CommandFailure>(&domain)) return fail(f->code, f->message);
  if (auto f = check_report_path(options.report)) return fail(f->code, f->message);
  if (options.run.cases < kMinimumAcceptanceCases)
    return fail(ExitCode::kBadInput, "--cases: a commit needs at least " + std::to_string(kMinimumAcceptanceCases) +
                                         " acceptance cases");
  if (options.run.sanitizer_cases == 0)
    return fail(ExitCode::kBadInput, "--sanitizer-cases: a commit needs the sanitizer run (at least 1 case)");
  if (!options.generic.empty() && !oplib::valid_overload_name(options.generic))
    return fail(ExitCode::kBadInput, "--generic: '" + options.generic + "' is not a name ([a-z0-9_], 1 to 100 characters)");
  for (const auto& t : options.traits) {
    if (!oplib::valid_overload_name(t)) return fail(ExitCode::kBadInput, "--trait: '" + t + "' is not a name ([a-z0-9_])");
  }
  auto source = oplib::read_file(options.candidate);
  if (!source) return fail(ExitCode::kBadInput, "--candidate: " + source.error().message);
  if (source->find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ExitCode::kBadInput, "--candidate: '" + options.candidate + "' is empty");
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);

  VerificationInput input{options.qualname, options.sig, *source,
                          std::get<std::optional<verify::Tolerance>>(tolerance),
                          std::get<std::optional<verify::Domain>>(domain)};
  // The overload this commit lands in: its declared domain applies (a new one may declare its own).
  if (!options.generic.empty()) {
    input.overload = options.generic;
  } else if (auto sig = parse_signature(options.sig)) {
    input.overload = oplib::overload_name(sig->params);
  }
  auto prepared_or = prepare_verification(input, options.run, *library, context);
  if (auto* f = std::get_if<CommandFailure>(&prepared_or)) return fail(f->code, f->message);
  const PreparedVerification& prepared = std::get<PreparedVerification>(prepared_or);
  const verify::VerifyRequest& request = prepared.request;

  oplib::Declaration declaration;
  declaration.kind = prepared.kind;
  declaration.tolerance = request.tolerance;
  declaration.domain = request.domain;
  declaration.traits = options.traits;
  declaration.note = options.note;
  declaration.tolerance_reason = request.tolerance_reason;
  const bool generic = !options.generic.empty();
  const std::string overload = generic ? options.generic : oplib::overload_name(request.signature.params);
  if (prepared.op) {
    // Checked before verifying, so a mismatch costs nothing; commit() checks again under the lock.
    if (auto conflict = oplib::declaration_conflict(*prepared.op, declaration, overload))
      return fail(ExitCode::kBadInput, options.qualname + ": " + *conflict +
                                           " (op.json is declared by a person: edit it, then re-verify)");
    if ((!options.note.empty() && options.note != prepared.op->note) ||
        (!options.traits.empty() && options.traits != prepared.op->traits))
      return fail(ExitCode::kBadInput, "--note/--trait: " + options.qualname +
                                           " already has an op.json with another note or traits; edit it to change them");
    if (const auto* o = prepared.op->overload(overload); o && o->generic != generic)
      return fail(ExitCode::kBadInput, options.qualname + ": overload '" + overload + "' is " +
                                           (o->generic ? "generic (pass --generic " + overload + ")" : "concrete") +
                                           " in op.json");
  }

  if (prepared.tolerance_by_rule && !options.run.quiet) std::cout << tolerance_line(prepared) << '\n';
  const verify::VerifyReport report = run_verification(prepared, options.run.quiet);
  if (!options.report.empty()) {
    if (auto w = write_report(options.report, report); !w) return fail(ExitCode::kInternal, w.error().message);
  }
  print_report(report, options.run.quiet);
  if (report.verdict != verify::Verdict::Pass) return exit_code_for(report);

  oplib::CommitRequest commit;
  commit.qualname = options.qualname;
  commit.declaration = declaration;
  commit.generic = generic;
  commit.overload = overload;
  commit.source = *source;
  commit.signature = request.signature;
  commit.verification = as_record(report, request);
  nlohmann::json verification = report.to_json();
  verification.erase("counterexample");
  commit.provenance = {{"author", {{"kind", options.author}}}, {"verification", verification}};
  auto committed = library->commit(commit);
  if (!committed) return fail(ExitCode::kInternal, "commit failed, library unchanged: " + committed.error().message);
  const oplib::OverloadRef& ref = committed->ref;
  std::cout << (committed->created_version ? "committed " : "already in the library as ") << ref.qualname << " "
            << oplib::version_stem(ref.overload, ref.version) << " (" << ref.header.string() << ")\n";
  return ExitCode::kDone;
}

}  // namespace

RunCommand add_add_command(CLI::App& app) {
  auto options = std::make_shared<AddOptions>();
  CLI::App* sub = app.add_subcommand("add", "Verify a hand-written overload and commit it to the operator library");
  sub->add_option("qualname", options->qualname, "operator qualname, e.g. math.sqrt")->required();
  sub->add_option("--sig", options->sig, "overload signature, e.g. 'float -> float'")->required();
  sub->add_option("--candidate", options->candidate, "the implementation .hpp")->required();
  sub->add_option("--author", options->author, "who wrote it (only 'hand' here; synthesized ops come from `opsynth fill`)")
      ->check(CLI::IsMember({"hand"}))
      ->capture_default_str();
  sub->add_option("--generic", options->generic,
                  "the implementation is a template: commit it as generic overload NAME, verified at --sig "
                  "(repeat with other --sig values to verify more instantiations)");
  sub->add_option("--tolerance", options->tolerance, "exact | ulp:N | reduction[:F][+ulp:N] | products[:F][+ulp:N] | close:RTOL,ATOL; declares a new op's or a new overload's tolerance");
  sub->add_option("--domain", options->domain, "domain hints as JSON; declares a new op's domain");
  sub->add_option("--trait", options->traits, "a trait of a new op (elementwise, reduction, mutates, ...)");
  sub->add_option("--note", options->note, "why a new op's tolerance and domain are what they are");
  sub->add_option("--report", options->report, "write the verification report as JSON here, and Markdown beside it");
  add_run_options(*sub, options->run);
  add_library_options(*sub, options->library, /*with_lock=*/false);
  return [options](CommandContext& context) { return run_add(*options, context); };
}

}  // namespace opsynth::cli

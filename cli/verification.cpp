// The verification steps `verify`, `add` and `reverify` share (see verification.hpp).
#include "verification.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/install_layout.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verify/python/probe.hpp"
#include "verify/tolerance_rule.hpp"

#ifndef OPSYNTH_DEFAULT_OPLIB
#error "OPSYNTH_DEFAULT_OPLIB must name the source tree's oplib/ folder"
#endif

namespace opsynth::cli {

namespace fs = std::filesystem;

void add_run_options(CLI::App& sub, RunOptions& o) {
  sub.add_option("--cases", o.cases, "acceptance cases (fresh seed, never shown)")->capture_default_str();
  sub.add_option("--repair-cases", o.repair_cases, "repair-phase cases (seeded)")->capture_default_str();
  sub.add_option("--seed", o.seed, "seed of the repair phase (default: fresh)");
  sub.add_option("--acceptance-seed", o.acceptance_seed, "seed of the acceptance phase (default: fresh from the OS)");
  sub.add_option("--sanitizer-cases", o.sanitizer_cases, "cases replayed under ASan+UBSan (0 = skip)")
      ->capture_default_str();
  sub.add_option("--timeout", o.timeout_seconds, "seconds the worker gets per batch of cases")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub.add_option("--jobs", o.jobs, "sandboxed worker processes that share each batch")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  sub.add_flag("--quiet", o.quiet, "print only the verdict line");
}

void add_max_length_option(CLI::App& sub, RunOptions& o) {
  sub.add_option("--max-length", o.max_length,
                 "stop the size sweep at this length (default: as long as its byte and time budget allow; "
                 "a quicker, weaker check)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
}

void add_library_options(CLI::App& sub, LibraryOptions& o, bool with_lock) {
  sub.add_option("--oplib", o.root,
                 installed_layout() ? "the operator library folder (default: $OPSYNTH_OPLIB, else "
                                      "${XDG_DATA_HOME:-~/.local/share}/opsynth/oplib, seeded from the installed core)"
                                    : "the operator library folder (default: $OPSYNTH_OPLIB, else " OPSYNTH_DEFAULT_OPLIB ")");
  if (with_lock) sub.add_option("--lock", o.lock, "use the versions this lock file pins (from `opsynth ops lock`)");
}

namespace {

// The library an installed opsynth grows by default: the user's own copy of the installed core, made on
// first use (copied beside it, then renamed, so a concurrent first run never sees half a library). The
// installed prefix itself is never written to.
Result<std::string> seeded_user_oplib(const InstallLayout& installed) {
  const fs::path dir = user_oplib_dir();
  std::error_code ec;
  if (fs::exists(dir, ec)) return dir.string();
  fs::create_directories(dir.parent_path(), ec);
  if (ec) return Error{"cannot create the folder for your operator library: " + ec.message(), dir.parent_path().string()};
  const fs::path temp = dir.parent_path() / (".oplib.seeding." + std::to_string(::getpid()));
  fs::copy(installed.core_oplib, temp, fs::copy_options::recursive, ec);
  if (ec) {
    fs::remove_all(temp, ec);
    return Error{"cannot seed your operator library from " + installed.core_oplib.string(), dir.string()};
  }
  fs::rename(temp, dir, ec);
  if (ec) {  // another process seeded it first: use theirs
    fs::remove_all(temp, ec);
    if (!fs::is_directory(dir, ec)) return Error{"cannot create your operator library", dir.string()};
  }
  std::cerr << "opsynth: created your operator library at " << dir.string() << " from " << installed.core_oplib.string()
            << "\n";
  return dir.string();
}

}  // namespace

Result<oplib::Library> open_library(const LibraryOptions& options) {
  std::string root = options.root;
  if (root.empty()) {
    const char* env = std::getenv("OPSYNTH_OPLIB");
    if (env && *env) {
      root = env;
    } else if (const auto& installed = installed_layout()) {
      auto seeded = seeded_user_oplib(*installed);
      if (!seeded) return seeded.error();
      root = *seeded;
    } else {
      root = OPSYNTH_DEFAULT_OPLIB;
    }
  }
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec))
    return Error{"--oplib: '" + root + "' is not a folder", root};
  std::optional<oplib::LockFile> lock;
  if (!options.lock.empty()) {
    auto text = oplib::read_file(options.lock);
    if (!text) return Error{"--lock: " + text.error().message, options.lock};
    auto parsed = oplib::parse_lock_file(*text, options.lock);
    if (!parsed) return Error{"--lock: " + parsed.error().message, options.lock};
    lock = std::move(parsed).value();
  }
  return oplib::Library(root, std::move(lock));
}

verify::Domain probe_domain(const verify::Domain& domain) {
  verify::Domain bounded = domain;
  if (!domain.int_min && !domain.int_max) {
    bounded.int_min = -100;
    bounded.int_max = 100;
  }
  return bounded;
}

std::variant<std::optional<verify::Tolerance>, CommandFailure> tolerance_option(const std::string& text) {
  if (text.empty()) return std::optional<verify::Tolerance>{};
  auto parsed = verify::parse_tolerance(text);
  if (!parsed) return CommandFailure{ExitCode::kBadInput, "--tolerance: " + parsed.error().message};
  return std::optional<verify::Tolerance>(*parsed);
}

std::variant<std::optional<verify::Domain>, CommandFailure> domain_option(const std::string& text) {
  if (text.empty()) return std::optional<verify::Domain>{};
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return CommandFailure{ExitCode::kBadInput, "--domain: not valid JSON: " + text};
  auto parsed = verify::parse_domain(json);
  if (!parsed) return CommandFailure{ExitCode::kBadInput, "--domain: " + parsed.error().message};
  return std::optional<verify::Domain>(*parsed);
}

namespace {

std::string overload_verified_as(const VerificationInput& input, const Signature& sig, const oplib::Library& library) {
  if (!input.overload.empty()) return input.overload;
  if (auto lookup = library.find(input.qualname, sig.params)) {
    if (lookup->found) return lookup->found->overload;
    if (!lookup->instantiable.empty()) return lookup->instantiable.front().overload;
  }
  return oplib::overload_name(sig.params);
}

}  // namespace

std::variant<PreparedVerification, CommandFailure> prepare_verification(const VerificationInput& input,
                                                                        const RunOptions& run,
                                                                        const oplib::Library& library,
                                                                        CommandContext& context) {
  auto bad = [](std::string message) { return CommandFailure{ExitCode::kBadInput, std::move(message)}; };
  auto sig = parse_signature(input.sig);
  if (!sig) return bad("--sig: " + sig.error().describe());
  if (auto name = cpp_name(input.qualname); !name) return bad(name.error().describe());
  PreparedVerification prepared;
  auto op = library.load(input.qualname);
  if (!op) return bad(op.error().message);
  prepared.op = *op;
  if (auto started = context.python.start(); !started) return CommandFailure{ExitCode::kInternal, started.error().describe()};
  if (auto versions = context.python.versions())
    prepared.environment = {versions->python, versions->numpy, versions->numpy_dispatch};

  auto oracle = verify::Oracle::create(input.qualname, *sig);
  if (!oracle) return bad(oracle.error().describe());
  prepared.oracle = std::make_shared<verify::Oracle>(std::move(oracle).value());
  const PythonCallable& callable = prepared.oracle->callable();
  prepared.kind = std::string(callable_kind_name(callable.kind));
  auto names = callable.bind_parameter_names(sig->params.size());
  if (!names) return bad(names.error().describe());

  // The result type comes from CPython (DESIGN §2): a --sig it contradicts is bad input, found
  // before anything is compiled.
  // The probe draws from the op's domain too: unrestricted sizes would have numpy.arange(2**31)
  // allocate gigabytes before any verification starts.
  const verify::Domain domain = input.domain ? *input.domain
                                : prepared.op ? prepared.op->domain_for(overload_verified_as(input, *sig, library))
                                              : verify::Domain{};
  verify::ProbeOptions probe_options;
  probe_options.domain = probe_domain(domain);
  const verify::ProbeResult probe = verify::probe_result_type(*prepared.oracle, probe_options);
  if (probe.evidence.returned > 0 && !input.signature_from_annotations) {
    if (!probe.type) return bad("--sig: " + probe.type.error().message);
    if (!(*probe.type == sig->result))
      return bad("--sig declares -> " + to_string(sig->result) + " but CPython returns " + to_string(*probe.type) +
                 (probe.evidence.witnesses.empty() ? "" : " (" + probe.evidence.witnesses[0] + ")"));
  }

  verify::VerifyRequest& request = prepared.request;
  request.qualname = input.qualname;
  request.signature = *sig;
  request.param_names = std::move(names).value();
  request.candidate_source = input.source;
  // A person's flag wins; else op.json's declaration; else the defaults (exact, unrestricted).
  if (input.tolerance) {
    request.tolerance = *input.tolerance;
    request.tolerance_reason = input.tolerance_reason.empty() ? "given by a person (--tolerance)" : input.tolerance_reason;
  } else if (prepared.op) {
    request.tolerance = prepared.op->tolerance_for(overload_verified_as(input, *sig, library));
    request.tolerance_reason = prepared.op->tolerance_reason.empty() ? "declared in op.json" : prepared.op->tolerance_reason;
  } else {
    const verify::ToleranceChoice choice = verify::choose_tolerance(input.qualname, *sig);
    request.tolerance = choice.tolerance;
    request.tolerance_reason = "chosen by rule: " + choice.reason;
    prepared.tolerance_by_rule = true;
  }
  request.domain = domain;
  auto stored = library.stored_cases(input.qualname, *sig);
  if (!stored) return bad(stored.error().message);
  request.plan.stored = std::move(stored).value();
  request.plan.acceptance_cases = run.cases;
  request.plan.repair_cases = run.repair_cases;
  request.plan.repair_seed = run.seed.value_or(verify::fresh_seed());
  request.plan.acceptance_seed = run.acceptance_seed.value_or(verify::fresh_seed());
  if (run.max_length) request.plan.max_sweep_length = *run.max_length;
  request.sanitizer_cases = run.sanitizer_cases;
  request.jobs = run.jobs;
  request.case_timeout = std::chrono::milliseconds(static_cast<long>(run.timeout_seconds * 1000));
  return prepared;
}

std::string tolerance_line(const PreparedVerification& prepared) {
  return "tolerance " + verify::to_string(prepared.request.tolerance) + ", " + prepared.request.tolerance_reason;
}

namespace {

// A terminal gets a live progress line on stderr; a pipe gets nothing until the verdict.
verify::Progress terminal_progress(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  return [](const std::string& phase, std::size_t done, std::size_t planned) {
    if (planned == 0) {
      std::fprintf(stderr, "  %s ...\n", phase.c_str());
      return;
    }
    std::fprintf(stderr, "\r  %-10s %zu/%zu cases", phase.c_str(), done, planned);
    if (done == planned) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

fs::path markdown_path(const fs::path& json_path) {
  fs::path md = json_path;
  return md.extension() == ".json" ? md.replace_extension(".md") : fs::path(json_path.string() + ".md");
}

}  // namespace

verify::VerifyReport run_verification(const PreparedVerification& prepared, bool quiet) {
  const verify::Oracle& oracle = *prepared.oracle;
  verify::OracleRunner run_oracle = [&oracle](const std::vector<verify::Case>& cases, double budget) {
    return oracle.run(cases, budget);
  };
  return verify::verify_candidate(prepared.request, run_oracle, prepared.environment, terminal_progress(quiet));
}

void print_report(const verify::VerifyReport& report, bool quiet) {
  std::cout << report.summary_line() << '\n';
  if (report.counterexample && !quiet) {
    const auto& c = *report.counterexample;
    for (std::size_t i = 0; i < c.inputs.args.size(); ++i)
      std::cout << "  " << (i < c.param_names.size() ? c.param_names[i] : "a" + std::to_string(i)) << " = "
                << short_repr(c.inputs.args[i]) << '\n';
  }
  if (!report.compiler_output.empty() && !quiet) std::cout << report.compiler_output;
}

ExitCode exit_code_for(const verify::VerifyReport& report) {
  switch (report.verdict) {
    case verify::Verdict::Pass: return ExitCode::kDone;
    case verify::Verdict::Fail:
    case verify::Verdict::Inconclusive: return ExitCode::kRejected;
    case verify::Verdict::Error: return report.bad_input ? ExitCode::kBadInput : ExitCode::kInternal;
  }
  return ExitCode::kInternal;
}

// Seeds and counts come from the report, which says what really ran (fill verifies with a fresh acceptance
// seed on a copy of the request, and its stored cases grow while it runs); the plan's sizes from the request.
oplib::Verification as_record(const verify::VerifyReport& report, const verify::VerifyRequest& request) {
  oplib::Verification v;
  v.verdict = std::string(verify::verdict_name(report.verdict));
  v.time = oplib::utc_now();
  v.repair_seed = request.plan.repair_seed;
  v.acceptance_seed = request.plan.acceptance_seed;
  for (const auto& p : report.phases) {
    v.cases += p.run;
    if (p.phase == "stored") v.stored_cases = p.planned;
    if (p.phase == "repair") v.repair_seed = p.seed;
    if (p.phase == "acceptance") v.acceptance_seed = p.seed;
  }
  v.repair_cases = request.plan.repair_cases;
  v.acceptance_cases = request.plan.acceptance_cases;
  v.sanitizer_cases = request.sanitizer_cases;
  v.verifier = report.verifier_version;
  v.python = report.python_version;
  v.numpy = report.numpy_version;
  v.reason = report.reason;
  return v;
}

std::optional<CommandFailure> check_report_path(const std::string& path) {
  if (path.empty()) return std::nullopt;
  const fs::path dir = fs::absolute(path).parent_path();
  if (!fs::is_directory(dir)) return CommandFailure{ExitCode::kBadInput, "--report: no such folder '" + dir.string() + "'"};
  return std::nullopt;
}

Result<bool> write_json_and_markdown(const std::string& path, const nlohmann::json& json, const std::string& markdown) {
  if (auto w = oplib::write_file_atomically(path, json.dump(2) + "\n"); !w) return w;
  return oplib::write_file_atomically(markdown_path(path), markdown);
}

Result<bool> write_report(const std::string& path, const verify::VerifyReport& report) {
  return write_json_and_markdown(path, report.to_json(), report.to_markdown());
}

}  // namespace opsynth::cli

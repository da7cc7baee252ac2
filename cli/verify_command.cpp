// `opsynth verify --op Q --sig S --candidate F.hpp`: one candidate against CPython, with a verdict and a report.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "command.hpp"
#include "core/types.hpp"
#include "verify/python/oracle.hpp"
#include "verify/python/probe.hpp"
#include "verify/verifier.hpp"

namespace opsynth::cli {
namespace {

namespace fs = std::filesystem;

struct VerifyOptions {
  std::string qualname;
  std::string sig;
  std::string candidate;
  std::size_t cases = 10000;
  std::size_t repair_cases = 1000;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> acceptance_seed;
  std::string tolerance;
  std::string domain;
  std::string report;
  std::size_t sanitizer_cases = 256;
  double timeout_seconds = 3.0;
  std::size_t jobs = 1;
  bool quiet = false;
};

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read '" + path + "': " + std::strerror(errno), path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `text` to `path` atomically (temp file in the same folder, then rename).
Result<bool> write_atomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Error{"cannot write '" + temp.string() + "': " + std::strerror(errno), path.string()};
    out << text;
    out.flush();
    if (!out) return Error{"cannot write '" + temp.string() + "'", path.string()};
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Error{"cannot write '" + path.string() + "': " + ec.message(), path.string()};
  }
  return true;
}

fs::path markdown_path(const fs::path& json_path) {
  fs::path md = json_path;
  return md.extension() == ".json" ? md.replace_extension(".md") : fs::path(json_path.string() + ".md");
}

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

ExitCode exit_code_for(const verify::VerifyReport& report) {
  switch (report.verdict) {
    case verify::Verdict::Pass: return ExitCode::kDone;
    case verify::Verdict::Fail:
    case verify::Verdict::Inconclusive: return ExitCode::kRejected;
    case verify::Verdict::Error: return report.bad_input ? ExitCode::kBadInput : ExitCode::kInternal;
  }
  return ExitCode::kInternal;
}

ExitCode run_verify(const VerifyOptions& options, CommandContext& context) {
  // Bad input is refused before anything runs or is written.
  auto sig = parse_signature(options.sig);
  if (!sig) return fail(ExitCode::kBadInput, "--sig: " + sig.error().describe());
  if (auto name = cpp_name(options.qualname); !name) return fail(ExitCode::kBadInput, name.error());
  auto source = read_text(options.candidate);
  if (!source) return fail(ExitCode::kBadInput, "--candidate: " + source.error().message);
  verify::Tolerance tolerance = verify::default_tolerance(sig->result);
  if (!options.tolerance.empty()) {
    auto parsed = verify::parse_tolerance(options.tolerance);
    if (!parsed) return fail(ExitCode::kBadInput, "--tolerance: " + parsed.error().message);
    tolerance = *parsed;
  }
  verify::Domain domain;
  if (!options.domain.empty()) {
    auto json = nlohmann::json::parse(options.domain, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return fail(ExitCode::kBadInput, "--domain: not valid JSON: " + options.domain);
    auto parsed = verify::parse_domain(json);
    if (!parsed) return fail(ExitCode::kBadInput, "--domain: " + parsed.error().message);
    domain = *parsed;
  }
  if (!options.report.empty()) {
    const fs::path dir = fs::absolute(options.report).parent_path();
    if (!fs::is_directory(dir)) return fail(ExitCode::kBadInput, "--report: no such folder '" + dir.string() + "'");
  }
  if (auto started = context.python.start(); !started) return fail(ExitCode::kInternal, started.error());
  auto versions = context.python.versions();

  auto oracle = verify::Oracle::create(options.qualname, *sig);
  if (!oracle) return fail(ExitCode::kBadInput, oracle.error());
  const PythonCallable& callable = oracle->callable();
  auto bound = callable.bind_parameter_names(sig->params.size());
  if (!bound) return fail(ExitCode::kBadInput, bound.error());
  const std::vector<std::string> names = std::move(bound).value();

  // The result type comes from CPython (DESIGN §2): a --sig it contradicts is bad input, found
  // before anything is compiled.
  const verify::ProbeResult probe = verify::probe_result_type(*oracle);
  if (probe.evidence.returned > 0) {
    if (!probe.type) return fail(ExitCode::kBadInput, "--sig: " + probe.type.error().message);
    if (!(*probe.type == sig->result))
      return fail(ExitCode::kBadInput, "--sig declares -> " + to_string(sig->result) + " but CPython returns " +
                                           to_string(*probe.type) +
                                           (probe.evidence.witnesses.empty() ? "" : " (" + probe.evidence.witnesses[0] + ")"));
  }

  verify::VerifyRequest request;
  request.qualname = options.qualname;
  request.signature = *sig;
  request.param_names = names;
  request.candidate_source = std::move(source).value();
  request.tolerance = tolerance;
  request.domain = domain;
  request.plan.acceptance_cases = options.cases;
  request.plan.repair_cases = options.repair_cases;
  request.plan.repair_seed = options.seed.value_or(verify::fresh_seed());
  request.plan.acceptance_seed = options.acceptance_seed.value_or(verify::fresh_seed());
  request.sanitizer_cases = options.sanitizer_cases;
  request.jobs = options.jobs;
  request.case_timeout = std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000));

  verify::Environment env;
  if (versions) env.python_version = versions->python, env.numpy_version = versions->numpy;
  const verify::Oracle& the_oracle = *oracle;
  verify::OracleRunner run_oracle = [&the_oracle](const std::vector<verify::Case>& cases) {
    return the_oracle.run(cases);
  };
  verify::VerifyReport report = verify::verify_candidate(request, run_oracle, env, terminal_progress(options.quiet));

  if (!options.report.empty()) {
    const fs::path json_path = options.report;
    if (auto w = write_atomically(json_path, report.to_json().dump(2) + "\n"); !w)
      return fail(ExitCode::kInternal, w.error().message);
    if (auto w = write_atomically(markdown_path(json_path), report.to_markdown()); !w)
      return fail(ExitCode::kInternal, w.error().message);
  }
  std::cout << report.summary_line() << '\n';
  if (report.counterexample && !options.quiet) {
    const auto& c = *report.counterexample;
    for (std::size_t i = 0; i < c.inputs.args.size(); ++i)
      std::cout << "  " << (i < c.param_names.size() ? c.param_names[i] : "a" + std::to_string(i)) << " = "
                << repr(c.inputs.args[i]) << '\n';
  }
  if (!report.compiler_output.empty() && !options.quiet) std::cout << report.compiler_output;
  return exit_code_for(report);
}

}  // namespace

RunCommand add_verify_command(CLI::App& app) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* sub = app.add_subcommand("verify", "Differential-test a C++ candidate for one overload against CPython");
  sub->add_option("--op", options->qualname, "operator qualname, e.g. math.sqrt")->required();
  sub->add_option("--sig", options->sig, "overload signature, e.g. 'float -> float'")->required();
  sub->add_option("--candidate", options->candidate, "the candidate .hpp")->required();
  sub->add_option("--cases", options->cases, "acceptance cases (fresh seed, never shown)")->capture_default_str();
  sub->add_option("--repair-cases", options->repair_cases, "repair-phase cases (seeded)")->capture_default_str();
  sub->add_option("--seed", options->seed, "seed of the repair phase (default: fresh)");
  sub->add_option("--acceptance-seed", options->acceptance_seed, "seed of the acceptance phase (default: fresh from the OS)");
  sub->add_option("--tolerance", options->tolerance, "exact | ulp:N | reduction[:F] (default: exact)");
  sub->add_option("--domain", options->domain,
                  "domain hints as JSON, e.g. '{\"int_min\": 0, \"alphabet\": \"ab \"}' (see oplib/README.md)");
  sub->add_option("--report", options->report, "write the report as JSON here, and Markdown beside it");
  sub->add_option("--sanitizer-cases", options->sanitizer_cases, "cases replayed under ASan+UBSan (0 = skip)")
      ->capture_default_str();
  sub->add_option("--timeout", options->timeout_seconds, "seconds the worker gets per batch of cases")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--jobs", options->jobs, "sandboxed worker processes that share each batch")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  sub->add_flag("--quiet", options->quiet, "print only the verdict line");
  return [options](CommandContext& context) { return run_verify(*options, context); };
}

}  // namespace opsynth::cli

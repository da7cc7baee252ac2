// `opsynth fill QUALNAME [--sig SIG]...`: an OpenAI-compatible model writes the overloads the library
// lacks, the verifier decides, and only candidates that pass acceptance are committed (DESIGN §5).
// Bad input is found before the first request (exit 2); an endpoint that still fails after retries
// is exit 3; an overload no candidate passed for is exit 1. The API key reaches only the client.
#include <pybind11/pybind11.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "command.hpp"
#include "event_log.hpp"
#include "fill.hpp"
#include "fill_overloads.hpp"
#include "oplib/library/atomic_file.hpp"
#include "synth/docstring_excerpt.hpp"
#include "synth/examples.hpp"
#include "synth/generic_group.hpp"
#include "synth/fill_report.hpp"
#include "synth/synthesis_loop.hpp"
#include "verification.hpp"
#include "verify/tolerance_rule.hpp"

namespace opsynth::cli {
namespace {

namespace py = pybind11;

constexpr std::size_t kMinimumAcceptanceCases = 10000;

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

bool is_loopback_host(const std::string& host_port) {
  std::string host = host_port;
  if (!host.empty() && host[0] == '[') host = host.substr(1, host.find(']') - 1);
  else host = host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string tolerance_sentence(const verify::Tolerance& t) {
  const std::string name = verify::to_string(t);
  if (t.kind == verify::Tolerance::Kind::Exact)
    return name + ": results must equal CPython's exactly (floats bit for bit, NaN equal to NaN, -0.0 distinct from 0.0)";
  if (t.kind == verify::Tolerance::Kind::Ulp)
    return name + ": each float may differ from CPython's by at most that many units in the last place; all else exact";
  if (t.kind == verify::Tolerance::Kind::Close)
    return name + ": each float may differ from CPython's by at most ATOL + RTOL * |CPython's value|; all else exact";
  const std::string ulps = t.ulps > 0 ? " (or by at most " + std::to_string(t.ulps) + " units in the last place)" : "";
  if (t.kind == verify::Tolerance::Kind::Products)
    return name + ": float results may differ by a rounding error bounded relative to the sum of the inputs' "
                  "magnitudes and squares (the order of a sum of products)" + ulps + ", but NaN and infinities must match, so "
                  "near overflow add in numpy's order; all else exact";
  return name + ": float results may differ by a rounding error bounded relative to the sum of the magnitudes "
                "(summation order)" + ulps + ", all else exact";
}

// Everything one overload needs once threads start: Python facts are gathered before.
struct OverloadJob {
  PlannedOverload planned;
  bool settled = false;  // by its group's generic request: accepted there, or the endpoint failed
  std::unique_ptr<PreparedVerification> prepared;  // null when the library already serves it
  synth::OverloadBrief brief;
  synth::OverloadReport report;
  std::vector<oplib::OverloadRef> instantiable;
};

class FillRun {
 public:
  FillRun(const FillOptions& options, oplib::Library& library, const synth::PromptTemplates& templates,
          const synth::CachedLlm& llm, EventLog& log)
      : options_(options), library_(library), templates_(templates), llm_(llm), log_(log),
        own_budget_(options.max_tokens_total), budget_(options.shared_budget ? *options.shared_budget : own_budget_) {}

  // Verifies candidates for one overload. Screening: repair cases only, no sanitizer; acceptance:
  // a fresh seed, every case and the sanitizer run. Counterexamples go to the op's cases/ at once,
  // so every later candidate replays them first.
  synth::VerifyCandidate verifier_for(OverloadJob& job) {
    return [this, &job](const std::string& source, synth::VerifyPhase phase) {
      const PreparedVerification& prepared = *job.prepared;
      verify::VerifyRequest request = prepared.request;
      request.candidate_source = source;
      {
        std::lock_guard<std::mutex> hold(cases_mutex_);
        request.plan.stored = job.prepared->request.plan.stored;
      }
      if (phase == synth::VerifyPhase::Screening) {
        request.plan.acceptance_cases = 0;
        request.sanitizer_cases = 0;
      } else {
        request.plan.acceptance_seed = verify::fresh_seed();
      }
      const verify::Oracle& oracle = *prepared.oracle;
      verify::OracleRunner run = [&oracle](const std::vector<verify::Case>& cases, double budget) {
        return oracle.run(cases, budget);
      };
      verify::VerifyReport report = verify::verify_candidate(request, run, prepared.environment);
      if (report.verdict == verify::Verdict::Fail && report.counterexample) {
        std::lock_guard<std::mutex> hold(cases_mutex_);
        job.prepared->request.plan.stored.push_back(report.counterexample->inputs);
        auto stored = library_.store_case(options_.qualname, request.signature, report.counterexample->inputs,
                                          "rejected an LLM candidate: " + report.reason);
        if (!stored) log_.line("  warning: counterexample not stored: " + stored.error().message);
      }
      return report;
    };
  }

  // A generic version verified at this new signature serves it with no model at all.
  bool try_instantiation(OverloadJob& job) {
    for (const auto& ref : job.instantiable) {
      auto source = oplib::read_file(ref.header);
      if (!source) continue;
      auto verify = verifier_for(job);
      const verify::VerifyReport report = verify(*source, synth::VerifyPhase::Acceptance);
      if (report.verdict != verify::Verdict::Pass) continue;
      auto recorded = library_.record_verification(ref.qualname, ref.overload, ref.version, job.planned.signature,
                                                   as_record(report, job.prepared->request));
      if (!recorded) continue;
      job.report.status = "instantiated";
      job.report.committed = oplib::version_stem(ref.overload, ref.version);
      job.report.reason = "generic version verified at this signature";
      return true;
    }
    return false;
  }

  void run(OverloadJob& job) {
    const std::string tag = "[" + options_.qualname + " " + to_string(job.planned.signature) + "] ";
    // A job's planned stops: nothing new starts once the wall time or the token budget is spent.
    if (options_.deadline && std::chrono::steady_clock::now() >= *options_.deadline) {
      job.report.status = "not-attempted";
      job.report.reason = "--max-wall reached before it started";
      log_.line(tag + job.report.status + ": " + job.report.reason);
      return;
    }
    if (options_.shared_budget && budget_.exhausted()) {
      job.report.status = "not-attempted";
      job.report.reason = "--max-tokens-total spent before it started";
      log_.line(tag + job.report.status + ": " + job.report.reason);
      return;
    }
    if (!job.instantiable.empty() && try_instantiation(job)) {
      log_.line(tag + "served by generic " + job.report.committed);
      return;
    }
    // Chosen now, not when the run started: overloads of this op accepted earlier in the run are the
    // closest examples there are.
    job.brief.examples = synth::choose_examples(library_, options_.qualname, job.prepared->request.signature);
    const synth::VerifyCandidate verify = verifier_for(job);
    const synth::LoopProgress progress = [this, &tag](const std::string& event) { log_.line(tag + event); };
    synth::LoopResult result =
        synth::synthesize_overload(job.brief, templates_, llm_, loop_settings(), budget_, verify, progress);
    job.report.status = std::string(synth::loop_status_name(result.status));
    job.report.reason = result.reason;
    if (result.status == synth::LoopStatus::Accepted) commit(job, result);
    log_.line(tag + job.report.status + (job.report.committed.empty() ? "" : " as " + job.report.committed) +
              (job.report.reason.empty() ? "" : ": " + job.report.reason));
    job.report.loop = std::move(result);
  }

  // One request for a group of overloads one template may serve; the members it passed acceptance at
  // are committed as one generic version and marked served, the others stay for their own requests.
  void run_group(const std::vector<OverloadJob*>& group) {
    const std::string tag = "[" + options_.qualname + " generic x" + std::to_string(group.size()) + "] ";
    OverloadJob& first = *group.front();
    first.brief.examples = synth::choose_examples(library_, options_.qualname, first.prepared->request.signature);
    std::vector<synth::GroupMember> members;
    for (OverloadJob* job : group) members.push_back({&job->brief, verifier_for(*job)});
    const synth::LoopProgress progress = [this, &tag](const std::string& event) { log_.line(tag + event); };
    for (OverloadJob* job : group) log_.line(tag + "grouped " + job->report.signature);
    synth::GroupResult result = synth::synthesize_group(members, templates_, llm_, loop_settings(), budget_, progress);
    if (result.loop.status == synth::LoopStatus::EndpointFailure) {
      // Asking again per overload would only fail again: the run ends as an endpoint failure.
      for (OverloadJob* job : group) {
        job->settled = true;
        job->report.status = "endpoint-failure";
        job->report.reason = result.loop.reason;
      }
      group.front()->report.loop = std::move(result.loop);
      return;
    }
    // What the template failed on is an earlier attempt of each overload it did not serve.
    for (std::size_t m = 0; m < group.size(); ++m) group[m]->brief.earlier_attempts = std::move(result.refuted[m]);
    // The group's request and usage are reported once, on the first member it served.
    std::size_t owner = 0;
    while (owner < group.size() && !result.accepted[owner]) ++owner;
    if (owner == group.size()) {
      group_costs_.push_back(std::move(result.loop));
      return;
    }
    const std::string generic_name = group_overload_name(group);
    synth::LoopResult loop = result.loop;
    loop.acceptance = result.accepted[owner];
    OverloadJob& committed_job = *group[owner];
    std::optional<oplib::OverloadRef> ref = commit(committed_job, loop, generic_name);
    if (!ref) {  // the commit failed: every member goes to its own request
      group_costs_.push_back(std::move(loop));
      return;
    }
    committed_job.settled = true;
    committed_job.report.status = "accepted";
    committed_job.report.reason = "generic template for " + std::to_string(group.size()) + " overloads";
    committed_job.report.loop = std::move(loop);
    log_.line(tag + "accepted as " + committed_job.report.committed + " at " + committed_job.report.signature);
    for (std::size_t m = 0; m < group.size(); ++m) {
      if (m == owner || !result.accepted[m]) continue;
      OverloadJob& job = *group[m];
      auto recorded = library_.record_verification(ref->qualname, ref->overload, ref->version, job.planned.signature,
                                                   as_record(*result.accepted[m], job.prepared->request));
      if (!recorded) {
        log_.line(tag + "not recorded at " + job.report.signature + ": " + recorded.error().message);
        continue;
      }
      job.settled = true;
      job.report.status = "accepted";
      job.report.committed = committed_job.report.committed;
      job.report.reason = "the generic template committed with " + committed_job.report.signature;
      synth::LoopResult share;
      share.status = synth::LoopStatus::Accepted;
      share.acceptance = result.accepted[m];
      job.report.loop = std::move(share);
      log_.line(tag + "instantiated " + job.report.committed + " at " + job.report.signature);
    }
  }

  // What generic requests that served nothing cost: still part of the run's totals.
  const std::vector<synth::LoopResult>& group_costs() const { return group_costs_; }

  std::string model() const { return options_.model; }

 private:
  synth::LoopSettings loop_settings() const {
    synth::LoopSettings settings;
    settings.model = model();
    settings.samples = options_.samples;
    settings.attempts = options_.attempts;
    settings.sampling.temperature = options_.temperature;
    settings.sampling.max_tokens = options_.max_tokens;
    return settings;
  }

  // "generic_ndarray_1" style: generic_ + the first member's overload name without its dtypes.
  static std::string group_overload_name(const std::vector<OverloadJob*>& group) {
    std::string name = "generic_" + oplib::overload_name(group.front()->planned.signature.params);
    for (std::string_view dtype : {"_complex128", "_float64", "_float32", "_int64", "_int32", "_bool"}) {
      for (std::size_t at = name.find(dtype); at != std::string::npos; at = name.find(dtype)) name.erase(at, dtype.size());
    }
    return name.substr(0, 100);
  }

  // Commits an accepted candidate (as generic overload `generic_name` when given); the version's ref,
  // or nothing when the commit failed (the report says why).
  std::optional<oplib::OverloadRef> commit(OverloadJob& job, const synth::LoopResult& result,
                                           const std::string& generic_name = "") {
    const verify::VerifyRequest& request = job.prepared->request;
    oplib::CommitRequest commit;
    commit.qualname = options_.qualname;
    commit.declaration.kind = job.prepared->kind;
    commit.declaration.tolerance = request.tolerance;
    commit.declaration.tolerance_reason = request.tolerance_reason;
    commit.declaration.domain = request.domain;
    if (job.prepared->op) {
      commit.declaration.traits = job.prepared->op->traits;
      commit.declaration.note = job.prepared->op->note;
    }
    commit.overload = generic_name.empty() ? oplib::overload_name(request.signature.params) : generic_name;
    commit.generic = !generic_name.empty();
    commit.source = result.source;
    commit.signature = request.signature;
    commit.verification = as_record(*result.acceptance, request);
    nlohmann::json verification = result.acceptance->to_json();
    verification.erase("counterexample");
    const synth::Sampling& s = result.sampling;
    commit.provenance = {
        {"author",
         {{"kind", "llm"},
          {"model", options_.model},
          {"endpoint_host", synth::url_host(llm_.client().endpoint_url())},
          {"prompt_template_hash", templates_.hash},
          {"request_hash", result.request_hash},
          {"sampling",
           {{"temperature", s.temperature}, {"top_p", s.top_p}, {"max_tokens", s.max_tokens}, {"seed", s.seed},
            {"n", options_.samples}}},
          {"attempt", result.attempt},
          {"sample", result.sample},
          {"requests", result.requests},
          {"tokens", {{"prompt", result.usage.prompt_tokens}, {"completion", result.usage.completion_tokens}}}}},
        {"verification", verification}};
    auto committed = library_.commit(commit);
    if (!committed) {
      job.report.status = "error";
      job.report.reason = "accepted, but the commit failed (library unchanged): " + committed.error().message;
      return std::nullopt;
    }
    job.report.committed = oplib::version_stem(committed->ref.overload, committed->ref.version);
    return committed->ref;
  }

  const FillOptions& options_;
  oplib::Library& library_;
  const synth::PromptTemplates& templates_;
  const synth::CachedLlm& llm_;
  EventLog& log_;
  synth::TokenBudget own_budget_;
  synth::TokenBudget& budget_;
  std::mutex cases_mutex_;
  std::vector<synth::LoopResult> group_costs_;
};

// The domain probes draw from: the user's --domain, else op.json's, else unrestricted.
verify::Domain probe_domain_for(const oplib::Library& library, const std::string& qualname,
                                const std::variant<std::optional<verify::Domain>, CommandFailure>& option) {
  if (const auto& given = std::get<std::optional<verify::Domain>>(option)) return *given;
  auto op = library.load(qualname);
  return op && op->has_value() ? (*op)->domain : verify::Domain{};
}

// Overloads that need the model and that one template may serve (synth::group_key), in groups of two
// or more, in the order of their first member. An overload a generic version may already serve is left
// to that version.
std::vector<std::vector<OverloadJob*>> generic_groups(const std::vector<std::unique_ptr<OverloadJob>>& jobs) {
  std::vector<std::pair<std::string, std::vector<OverloadJob*>>> groups;
  for (const auto& job : jobs) {
    if (!job->prepared || !job->instantiable.empty()) continue;
    const verify::VerifyRequest& request = job->prepared->request;
    const std::string key = synth::group_key(request.signature, request.param_names);
    auto at = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (at == groups.end()) groups.push_back({key, {job.get()}});
    else at->second.push_back(job.get());
  }
  std::vector<std::vector<OverloadJob*>> out;
  for (auto& [key, members] : groups)
    if (members.size() >= 2) out.push_back(std::move(members));
  return out;
}

ExitCode report_llm_failure(const synth::LlmError& error) {
  return fail(error.kind == synth::LlmFailure::Cache ? ExitCode::kInternal : ExitCode::kLlmEndpoint, error.message);
}

}  // namespace

ExitCode run_fill(const FillOptions& options, CommandContext& context) {
  const auto started_at = std::chrono::steady_clock::now();
  // Everything checkable without Python or the network first.
  if (auto name = cpp_name(options.qualname); !name) return fail(ExitCode::kBadInput, name.error());
  // A --sig without '-> RESULT' gets its result type from CPython, as compile's --sig does (DESIGN §2).
  std::vector<Signature> sigs;
  std::vector<bool> result_from_cpython;
  for (const auto& text : options.sigs) {
    const bool has_result = text.find("->") != std::string::npos;
    auto sig = parse_signature(has_result ? text : text + " -> None");
    if (!sig) return fail(ExitCode::kBadInput, "--sig '" + text + "': " + sig.error().describe());
    sigs.push_back(*sig);
    result_from_cpython.push_back(!has_result);
  }
  auto mode = synth::parse_llm_mode(options.llm);
  if (!mode) return fail(ExitCode::kBadInput, "--llm: '" + options.llm + "' is not live, record or replay");
  if (options.run.cases < kMinimumAcceptanceCases)
    return fail(ExitCode::kBadInput,
                "--cases: a commit needs at least " + std::to_string(kMinimumAcceptanceCases) + " acceptance cases");
  if (auto f = check_report_path(options.report)) return fail(f->code, f->message);
  auto tolerance = tolerance_option(options.tolerance);
  if (auto* f = std::get_if<CommandFailure>(&tolerance)) return fail(f->code, f->message);
  auto domain = domain_option(options.domain);
  if (auto* f = std::get_if<CommandFailure>(&domain)) return fail(f->code, f->message);

  FillOptions settled = options;
  for (auto [flag, env, price] : {std::tuple{"--price-prompt", "OPSYNTH_PRICE_PROMPT", &settled.prices.prompt_per_million},
                                  std::tuple{"--price-completion", "OPSYNTH_PRICE_COMPLETION", &settled.prices.completion_per_million}}) {
    if (*price) continue;
    const std::string text = env_or(env, "");
    if (text.empty()) continue;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(value >= 0))
      return fail(ExitCode::kBadInput, std::string(env) + ": '" + text + "' is not a price per million tokens (or pass " + flag + ")");
    *price = value;
  }
  settled.model = options.model.empty() ? env_or("OPSYNTH_MODEL", "") : options.model;
  if (settled.model.empty()) return fail(ExitCode::kBadInput, "no model: pass --model or set OPSYNTH_MODEL");
  settled.base_url = options.base_url.empty() ? env_or("OPENAI_BASE_URL", "https://api.openai.com/v1") : options.base_url;
  if (settled.base_url.rfind("http://", 0) != 0 && settled.base_url.rfind("https://", 0) != 0)
    return fail(ExitCode::kBadInput, "endpoint '" + synth::redact_url(settled.base_url) +
                                         "' (--base-url or OPENAI_BASE_URL) is not an http:// or https:// URL");
  synth::EndpointConfig endpoint;
  endpoint.base_url = settled.base_url;
  while (!endpoint.base_url.empty() && endpoint.base_url.back() == '/') endpoint.base_url.pop_back();
  endpoint.api_key = env_or("OPENAI_API_KEY", "");
  endpoint.total_timeout = std::chrono::milliseconds(static_cast<long>(options.llm_timeout * 1000));
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, endpoint.total_timeout);
  endpoint.max_retries = options.retries;
  // Local servers (vLLM, llama-server, Ollama) usually take no key; a remote endpoint without one
  // would only answer 401. Checked before the first request, and only if one is needed: filling what
  // the library already has asks nothing.
  const auto missing_key = [&]() -> std::optional<ExitCode> {
    if (!endpoint.api_key.empty() || *mode == synth::LlmMode::Replay || is_loopback_host(synth::url_host(endpoint.base_url)))
      return std::nullopt;
    return fail(ExitCode::kBadInput,
                "no API key for " + synth::redact_url(endpoint.base_url) + ": set OPENAI_API_KEY (or use --llm replay)");
  };
  auto templates = synth::PromptTemplates::load(synth::default_prompts_dir());
  if (!templates) return fail(ExitCode::kInternal, "prompt templates: " + templates.error().message);
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);
  if (auto existing = library->load(options.qualname); !existing) return fail(ExitCode::kBadInput, existing.error().message);

  if (auto started = context.python.start(); !started) return fail(ExitCode::kInternal, started.error());
  auto callable = resolve_callable(options.qualname);
  if (!callable) return fail(ExitCode::kBadInput, callable.error());

  const synth::CachedLlm llm(synth::LlmClient(endpoint), synth::LlmCache(options.llm_cache.empty() ? synth::default_llm_cache_dir()
                                                                        : std::filesystem::path(options.llm_cache)), *mode);
  // One line per event (overload chosen, request with its tokens, verdict, commit): plain on a terminal,
  // timestamped in a scheduler's log; --quiet silences it.
  EventLog log(!options.quiet || bool(options.progress), "fill", EventLog::style_for_stderr(), options.progress);

  synth::FillReport report;
  report.qualname = options.qualname;
  report.model = settled.model;
  report.endpoint = synth::redact_url(llm.client().endpoint_url());
  report.llm_mode = std::string(synth::llm_mode_name(*mode));
  report.prompts_hash = templates->hash;
  report.prices = settled.prices;

  // Which overloads: the user's, or chosen from the callable and probed.
  std::vector<PlannedOverload> planned;
  if (!sigs.empty()) {
    for (std::size_t i = 0; i < sigs.size(); ++i) {
      if (result_from_cpython[i]) {
        auto result = probe_params(options.qualname, sigs[i].params, probe_domain_for(*library, options.qualname, domain));
        if (!result)
          return fail(ExitCode::kBadInput, "--sig '" + options.sigs[i] + "': no result type: " + result.error().message);
        sigs[i].result = *result;
        log.line("--sig '" + options.sigs[i] + "': CPython returns " + to_string(*result));
      }
      planned.push_back({sigs[i], "--sig"});
    }
  } else {
    const verify::Domain probe_domain = probe_domain_for(*library, options.qualname, domain);
    if (auto code = missing_key()) return *code;
    ProposalRequest proposal{&*templates, &llm, settled.model, {}};
    proposal.sampling.temperature = options.temperature;
    proposal.sampling.max_tokens = options.max_tokens;
    log.line("choosing overloads of " + options.qualname + " ...");
    OverloadPlan plan = choose_overloads(*callable, probe_domain, proposal);
    if (plan.llm_error) return report_llm_failure(*plan.llm_error);
    report.refused = plan.refused;
    report.signature_requests = plan.requests;
    report.signature_usage = plan.usage;
    std::cout << options.qualname << ": " << plan.chosen.size() << " overload" << (plan.chosen.size() == 1 ? "" : "s")
              << " chosen\n";
    for (const auto& p : plan.chosen) std::cout << "  " << to_string(p.signature) << "    (" << p.origin << ")\n";
    for (const auto& r : plan.refused) std::cout << "  refused " << r.signature << "    (" << r.origin << "): " << r.reason << "\n";
    if (plan.chosen.empty()) return fail(ExitCode::kBadInput, options.qualname + ": CPython accepted none of the signatures considered");
    planned = std::move(plan.chosen);
  }

  for (const auto& p : planned) log.line("overload " + to_string(p.signature) + " chosen (" + p.origin + ")");

  // A new op gets one tolerance class for all its overloads (op.json holds one), chosen by the written
  // rule unless a person passed --tolerance; printed, then recorded in op.json, the prompt and the report.
  std::optional<verify::Tolerance> op_tolerance = std::get<std::optional<verify::Tolerance>>(tolerance);
  std::string op_tolerance_reason;
  if (auto existing = library->load(options.qualname); !op_tolerance && existing && !*existing) {
    std::vector<Signature> signatures;
    for (const auto& p : planned) signatures.push_back(p.signature);
    const verify::ToleranceChoice choice = verify::choose_op_tolerance(options.qualname, signatures);
    op_tolerance = choice.tolerance;
    op_tolerance_reason = "chosen by rule: " + choice.reason;
    const std::string line = options.qualname + ": tolerance " + verify::to_string(choice.tolerance) + ", " + op_tolerance_reason;
    if (options.progress) log.line(line);
    else std::cout << line << "\n";
  }

  // Per overload, on this thread (it needs Python): what the library has, the probe, the prompt facts.
  const std::string python_signature = python_signature_text(*callable);
  std::vector<std::unique_ptr<OverloadJob>> jobs;
  for (auto& p : planned) {
    auto job = std::make_unique<OverloadJob>();
    job->planned = p;
    job->report.signature = to_string(p.signature);
    auto lookup = library->find(options.qualname, p.signature.params);
    if (!lookup) return fail(ExitCode::kBadInput, lookup.error().message);
    if (lookup->found) {
      job->report.status = "present";
      job->report.committed = oplib::version_stem(lookup->found->overload, lookup->found->version);
      jobs.push_back(std::move(job));
      continue;
    }
    // An overload CPython only ever raises on has nothing to implement (prepare_verification lets
    // `verify` check such candidates, but fill would spend requests on it).
    if (auto probed = probe_params(options.qualname, p.signature.params, probe_domain_for(*library, options.qualname, domain)); !probed)
      return fail(ExitCode::kBadInput, options.qualname + " at " + to_string(p.signature) + ": " + probed.error().message);
    job->instantiable = lookup->instantiable;
    VerificationInput input{options.qualname, to_string(p.signature), "", op_tolerance,
                            std::get<std::optional<verify::Domain>>(domain)};
    input.tolerance_reason = op_tolerance_reason;
    RunOptions run = options.run;
    run.jobs = 1;
    auto prepared = prepare_verification(input, run, *library, context);
    if (auto* f = std::get_if<CommandFailure>(&prepared)) return fail(f->code, f->message);
    job->prepared = std::make_unique<PreparedVerification>(std::move(std::get<PreparedVerification>(prepared)));
    const verify::VerifyRequest& request = job->prepared->request;
    synth::OverloadBrief& brief = job->brief;
    brief.qualname = options.qualname;
    brief.kind = job->prepared->kind;
    brief.python_signature = python_signature;
    brief.docstring = synth::docstring_excerpt(callable->doc);
    brief.signature = to_string(request.signature);
    for (const auto& n : request.param_names) brief.param_names += (brief.param_names.empty() ? "" : ", ") + n;
    auto declaration = cpp_declaration(options.qualname, request.signature, request.param_names);
    if (!declaration) return fail(ExitCode::kBadInput, declaration.error());
    brief.cpp_declaration = *declaration;
    // The class and what it means; why it was chosen is for people (op.json, the report), not the model.
    brief.tolerance = tolerance_sentence(request.tolerance);
    const nlohmann::json domain_hints = verify::domain_to_json(request.domain);
    brief.domain = domain_hints.empty() ? "" : domain_hints.dump();  // empty: the prompt says "the whole range"
    brief.note = job->prepared->op ? job->prepared->op->note : "";
    jobs.push_back(std::move(job));
  }

  const bool asks_model = std::any_of(jobs.begin(), jobs.end(), [](const auto& j) { return j->prepared != nullptr; });
  if (asks_model) {
    if (auto code = missing_key()) return *code;
  }
  // Overloads run concurrently; the oracle takes the GIL for each batch, so this thread lets go of it.
  FillRun fill(settled, *library, *templates, llm, log);
  {
    py::gil_scoped_release release;
    // Overloads one template may serve are asked for together first; what it fails on goes on below.
    if (options.generic) {
      for (const auto& group : generic_groups(jobs)) {
        if (options.deadline && std::chrono::steady_clock::now() >= *options.deadline) break;
        fill.run_group(group);
      }
    }
    std::mutex next_mutex;
    std::size_t next = 0;
    auto worker = [&] {
      for (;;) {
        OverloadJob* job = nullptr;
        {
          std::lock_guard<std::mutex> hold(next_mutex);
          while (next < jobs.size() && (!jobs[next]->prepared || jobs[next]->settled)) ++next;
          if (next == jobs.size()) return;
          job = jobs[next++].get();
        }
        fill.run(*job);
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t j = 0; j < std::max<std::size_t>(options.jobs, 1); ++j) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }

  bool endpoint_failed = false, errored = false, rejected = false;
  std::optional<synth::LlmError> llm_error;
  for (const auto& job : jobs) {
    const auto& r = job->report;
    if (r.status == "endpoint-failure") {
      endpoint_failed = true;
      if (r.loop && r.loop->llm_error) llm_error = r.loop->llm_error;
    } else if (r.status == "error") {
      errored = true;
    } else if (r.status == "rejected") {
      rejected = true;
    }
    report.overloads.push_back(r);
  }
  report.unserved_generic = fill.group_costs();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
  if (options.print_table) {
    std::cout << report.table();
    std::cout << report.requests() << " requests, " << report.usage().total() << " tokens\n";
    std::cout << report.cost_line() << "\n";
  }
  if (options.report_out) *options.report_out = report;
  if (!options.report.empty()) {
    if (auto w = write_json_and_markdown(options.report, report.to_json(), report.to_markdown()); !w)
      return fail(ExitCode::kInternal, w.error().message);
  }
  // Objects holding Python references die here, with the GIL held.
  jobs.clear();
  if (endpoint_failed)
    return llm_error ? report_llm_failure(*llm_error) : fail(ExitCode::kLlmEndpoint, "the LLM endpoint failed");
  if (errored) return fail(ExitCode::kInternal, "a verification or commit failed in opsynth itself (see the table)");
  return rejected ? ExitCode::kRejected : ExitCode::kDone;
}


void add_llm_options(CLI::App& sub, FillOptions& options) {
  sub.add_option("--samples", options.samples, "candidates per request (n)")->capture_default_str()->check(CLI::Range(1, 16));
  sub.add_option("--attempts", options.attempts, "requests per overload: the first, then repairs")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  sub.add_option("--max-tokens-total", options.max_tokens_total, "token budget of the whole run")->capture_default_str();
  sub.add_option("--llm", options.llm, "live: always ask; record: answer from the cache, store misses; replay: cache only")
      ->capture_default_str();
  sub.add_option("--model", options.model, "model name (default: $OPSYNTH_MODEL)");
  sub.add_option("--base-url", options.base_url, "endpoint, e.g. http://127.0.0.1:8000/v1 (default: $OPENAI_BASE_URL, else the OpenAI API)");
  sub.add_option("--temperature", options.temperature, "sampling temperature")->capture_default_str();
  sub.add_option("--max-tokens", options.max_tokens, "max_tokens per answer")->capture_default_str();
  sub.add_option("--llm-timeout", options.llm_timeout, "seconds one HTTP request may take")->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("--retries", options.retries, "retries of a failed request (429, 5xx, timeouts)")->capture_default_str()->check(CLI::Range(0, 20));
  sub.add_option("--price-prompt", options.prices.prompt_per_million,
                 "price per million prompt tokens, for the report's cost (default: $OPSYNTH_PRICE_PROMPT)")
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--price-completion", options.prices.completion_per_million,
                 "price per million completion tokens (default: $OPSYNTH_PRICE_COMPLETION)")
      ->check(CLI::NonNegativeNumber);
  sub.add_flag("--no-generic", [&options](std::int64_t) { options.generic = false; },
               "ask for each overload on its own, never for one template serving a group of them");
  sub.add_option("--llm-cache", options.llm_cache, "the request cache folder (default: $OPSYNTH_CACHE_DIR/llm, else ~/.cache/opsynth/llm)");
}

RunCommand add_fill_command(CLI::App& app) {
  auto options = std::make_shared<FillOptions>();
  CLI::App* sub = app.add_subcommand(
      "fill", "Have an OpenAI-compatible model write the overloads the library lacks; commit what passes verification");
  sub->add_option("qualname", options->qualname, "operator qualname, e.g. numpy.linalg.norm")->required();
  sub->add_option("--sig", options->sigs, "an overload to fill, e.g. 'float -> float', or 'float' for the result CPython returns (repeatable; default: chosen "
                                          "from the Python signature and docstring, and proposed by the model)")
      ->allow_extra_args(false);  // one value an occurrence: `--sig A --sig B QUALNAME` keeps QUALNAME
  add_llm_options(*sub, *options);
  sub->add_option("--jobs", options->jobs, "overloads filled concurrently")->capture_default_str()->check(CLI::Range(1, 32));
  sub->add_option("--report", options->report, "write the run's report as JSON here, and Markdown beside it");
  sub->add_option("--tolerance", options->tolerance, "exact | ulp:N | reduction[:F][+ulp:N] | products[:F][+ulp:N] | close:RTOL,ATOL; declares a new op's tolerance");
  sub->add_option("--domain", options->domain, "domain hints as JSON; declares a new op's domain");
  sub->add_option("--cases", options->run.cases, "acceptance cases per candidate (fresh seed, never shown)")->capture_default_str();
  sub->add_option("--repair-cases", options->run.repair_cases, "screening cases per candidate (their counterexamples reach the model)")
      ->capture_default_str();
  sub->add_option("--seed", options->run.seed, "seed of the screening cases (default: fresh)");
  sub->add_option("--timeout", options->run.timeout_seconds, "seconds the worker gets per batch of cases")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_flag("--quiet", options->quiet, "no progress lines");
  add_library_options(*sub, options->library, /*with_lock=*/false);
  return [options](CommandContext& context) { return run_fill(*options, context); };
}

}  // namespace opsynth::cli

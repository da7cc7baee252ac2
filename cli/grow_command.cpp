// `opsynth grow CORPUS.json`: the nightly corpus-growth job (DESIGN §7). mine (type every corpus function
// against the library) → rank (the missing overloads, by functions unblocked, then expected cost, up to
// the budget) → fill (the synthesis loop of `fill`, one token budget, a wall-clock limit, the request
// cache) → recompile and `verify --function` what now compiles → reverify a rotating slice of the
// library (all of it after a CPython or numpy change) with --revoke → report (JSON, Markdown, one
// history line). With --shard I/N it fills only its share, in a private copy of the library, and
// writes what it accepted to a delta folder for `opsynth ops merge`. Every step logs timestamped lines.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "child_process.hpp"
#include "command.hpp"
#include "event_log.hpp"
#include "core/sha256.hpp"
#include "fill.hpp"
#include "grow_corpus.hpp"
#include "grow_mine.hpp"
#include "grow_rank.hpp"
#include "grow_report.hpp"
#include "grow_state.hpp"
#include "oplib/library/atomic_file.hpp"
#include "oplib/library/delta.hpp"
#include "synth/llm_cache.hpp"

namespace opsynth::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Without a history, the expected cost of one overload: a first answer and a repair or two.
constexpr double kDefaultTokensPerOverload = 6000;

struct GrowOptions {
  std::string corpus;
  std::string workdir = "grow";
  std::string shard;  // "I/N"
  std::string delta;
  double max_wall = 0;
  std::size_t reverify_ops = 8;
  std::string report;
  std::string history;
  FillOptions fill;
};

std::optional<Shard> parse_shard(const std::string& text) {
  if (text.empty()) return Shard{};
  const auto cut = text.find('/');
  if (cut == std::string::npos) return std::nullopt;
  try {
    std::size_t used = 0;
    const unsigned long index = std::stoul(text.substr(0, cut), &used);
    if (used != cut) return std::nullopt;
    const unsigned long count = std::stoul(text.substr(cut + 1), &used);
    if (used != text.size() - cut - 1 || count == 0 || index >= count || count > 1024) return std::nullopt;
    return Shard{index, count};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

json mined_counts(const Mined& m) {
  return {{"compiles", m.count(MinedState::Compiles)},
          {"blocked", m.count(MinedState::Blocked)},
          {"unfixable", m.count(MinedState::Unfixable)}};
}

json mined_functions(const Mined& m) {
  json out = json::array();
  for (const auto& f : m.functions) {
    json j = {{"function", f.id}, {"state", std::string(mined_state_name(f.state))}};
    if (f.state == MinedState::Blocked) j["missing"] = f.missing;
    if (f.state == MinedState::Unfixable) j["error"] = {{"kind", f.error_kind}, {"message", f.error}};
    out.push_back(j);
  }
  return out;
}

// Revoked versions, as "qualname overload.vN", to see what the reverify step revoked.
std::set<std::string> revoked_versions(const oplib::Library& library) {
  std::set<std::string> out;
  auto names = library.qualnames();
  if (!names) return out;
  for (const auto& q : *names) {
    auto op = library.load(q);
    if (!op || !*op) continue;
    for (const auto& o : (*op)->overloads)
      for (const auto& v : o.versions)
        if (v.revoked) out.insert(q + " " + oplib::version_stem(o.name, v.number));
  }
  return out;
}

// The fixed screening seed of an operator: a rerun sends the same repair prompts, so the request
// cache answers them all (a resumed run pays nothing twice).
std::uint64_t screening_seed(const std::string& qualname) {
  return std::stoull(sha256_hex("grow screening " + qualname).substr(0, 15), nullptr, 16);
}

struct FillOutcome {
  json overloads = json::array();
  std::size_t accepted = 0, not_accepted = 0, requests = 0, cached = 0;
  std::uint64_t tokens = 0;
  std::string stopped;            // "", "endpoint", "budget", "wall"
  std::set<std::string> serving;  // keys the library now serves (accepted, present, instantiated)
  std::set<std::string> accepted_keys;
  bool internal_error = false;
};

FillOutcome fill_planned(const Ranking& ranking, const Mined& mined, const GrowOptions& options,
                         const std::string& library_root, CommandContext& context, EventLog& log) {
  FillOutcome out;
  // By operator, in rank order of each operator's first planned overload.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RankedOverload*>> by_op;
  for (const auto& r : ranking.planned) {
    const std::string& q = mined.missing.at(r.key).qualname;
    if (!by_op.count(q)) order.push_back(q);
    by_op[q].push_back(&r);
  }
  synth::TokenBudget budget(options.fill.max_tokens_total);
  const auto deadline =
      options.max_wall > 0
          ? std::optional<Clock::time_point>(
                Clock::now() + std::chrono::milliseconds(static_cast<long>(options.max_wall * 1000)))
          : std::nullopt;
  std::map<std::string, json> by_key;
  for (const auto& r : ranking.planned)
    by_key[r.key] = {{"key", r.key},           {"status", "not-attempted"}, {"reason", ""}, {"committed", ""},
                     {"requests", 0},          {"cached_answers", 0},       {"tokens", 0},  {"seconds", 0.0},
                     {"unblocks", r.unblocks}, {"needed_by", r.needed_by}};
  for (const auto& q : order) {
    if (!out.stopped.empty()) {
      for (const auto* r : by_op[q]) by_key[r->key]["reason"] = "fill stopped: " + out.stopped;
      continue;
    }
    FillOptions fill = options.fill;
    fill.qualname = q;
    fill.sigs.clear();
    for (const auto* r : by_op[q]) fill.sigs.push_back(to_string(mined.missing.at(r->key).signature));
    fill.library.root = library_root;
    fill.library.lock.clear();
    fill.report.clear();
    fill.run.seed = screening_seed(q);
    fill.progress = [&log](const std::string& line) { log.line("fill " + line); };
    fill.shared_budget = &budget;
    fill.deadline = deadline;
    synth::FillReport report;
    fill.report_out = &report;
    fill.print_table = false;
    log.line(fmt::format("fill {}: {} overload{}", q, fill.sigs.size(), fill.sigs.size() == 1 ? "" : "s"));
    const ExitCode code = run_fill(fill, context);
    if (code == ExitCode::kBadInput || (code == ExitCode::kInternal && report.overloads.empty())) {
      for (const auto* r : by_op[q]) {
        by_key[r->key]["status"] = code == ExitCode::kBadInput ? "refused" : "error";
        by_key[r->key]["reason"] = "fill refused the input (the log above says why)";
      }
      out.internal_error |= code == ExitCode::kInternal;
      continue;
    }
    for (const auto& o : report.overloads) {
      const std::string key = q + "(" + o.signature + ")";
      json& j = by_key[key];
      j["key"] = key;
      j["status"] = o.status;
      j["reason"] = o.reason;
      j["committed"] = o.committed;
      if (o.loop) {
        j["requests"] = o.loop->requests;
        j["cached_answers"] = o.loop->cached_answers;
        j["tokens"] = o.loop->usage.total();
        j["seconds"] = o.loop->seconds;
      }
    }
    if (code == ExitCode::kLlmEndpoint) out.stopped = "endpoint";
    if (code == ExitCode::kInternal) out.internal_error = true;
    if (out.stopped.empty() && budget.exhausted()) out.stopped = "budget";
    if (out.stopped.empty() && deadline && Clock::now() >= *deadline) out.stopped = "wall";
  }
  for (const auto& r : ranking.planned) {
    json& j = by_key[r.key];
    const std::string status = j["status"];
    if (status == "accepted" || status == "present" || status == "instantiated") out.serving.insert(r.key);
    if (status == "accepted" || status == "instantiated") {
      ++out.accepted;
      out.accepted_keys.insert(r.key);
    } else if (status != "present" && status != "not-attempted") {
      ++out.not_accepted;
    }
    out.requests += j["requests"].get<std::size_t>();
    out.cached += j["cached_answers"].get<std::size_t>();
    out.tokens += j["tokens"].get<std::uint64_t>();
    out.overloads.push_back(j);
  }
  return out;
}

// compile + verify --function, as child processes, for each function that compiles now and was not
// checked with the operators it uses now.
json recompile_and_verify(const Corpus& corpus, const Mined& before, const Mined& after,
                          const FillOutcome& filled, const std::string& library_root, const fs::path& workdir,
                          GrowState& state, EventLog& log, bool& any_failed) {
  json out = json::array();
  std::error_code ec;
  fs::create_directories(workdir / "build", ec);
  for (const auto& f : corpus.functions) {
    const MinedFunction* now = after.find(f.id());
    if (!now || now->state != MinedState::Compiles) continue;
    if (auto it = state.verified.find(f.id()); it != state.verified.end() && it->second == now->operators)
      continue;
    const MinedFunction* was = before.find(f.id());
    std::vector<std::string> new_overloads;
    if (was)
      for (const auto& key : was->missing)
        if (filled.accepted_keys.count(key)) new_overloads.push_back(key);
    const std::string stem = f.file.stem().string() + "__" + f.function;
    const fs::path so = workdir / "build" / (stem + ".so");
    std::vector<std::string> compile{
        "compile", f.file.string() + "::" + f.function, "-o", so.string(), "--oplib", library_root,
        "--quiet"};
    if (!f.sig.empty()) compile.insert(compile.end(), {"--sig", f.sig});
    if (!f.example.empty()) compile.insert(compile.end(), {"--example", f.example});
    log.line("recompile " + f.id() + " ...");
    const int compiled = run_opsynth_child(compile, workdir / "logs" / (stem + ".compile.log"));
    json entry = {{"function", f.id()}, {"compiled", compiled == 0},      {"verify", "-"},
                  {"note", ""},         {"new_overloads", new_overloads}, {"flagged", json::array()}};
    if (compiled != 0) {
      entry["note"] = fmt::format("compile exited {} (logs/{}.compile.log)", compiled, stem);
      any_failed = true;
      log.line("recompile " + f.id() + ": " + entry["note"].get<std::string>());
      out.push_back(entry);
      continue;
    }
    std::vector<std::string> verify{"verify",
                                    "--function",
                                    f.file.string() + "::" + f.function,
                                    "--so",
                                    so.string(),
                                    "--oplib",
                                    library_root,
                                    "--quiet",
                                    "--report",
                                    (workdir / "build" / (stem + ".verify.json")).string()};
    if (!f.tolerance.empty()) verify.insert(verify.end(), {"--tolerance", f.tolerance});
    if (!f.domain.empty()) verify.insert(verify.end(), {"--domain", f.domain});
    const int verified = run_opsynth_child(verify, workdir / "logs" / (stem + ".verify.log"));
    entry["verify"] = verified == 0 ? "PASS" : verified == 1 ? "FAIL" : fmt::format("exit {}", verified);
    if (verified == 0) {
      state.verified[f.id()] = now->operators;
    } else {
      // A function that compiles but differs from Python: its new overloads are suspects.
      any_failed = true;
      entry["flagged"] = new_overloads;
      entry["note"] = fmt::format("verify --function exited {} (build/{}.verify.json)", verified, stem);
    }
    log.line("verify --function " + f.id() + ": " + entry["verify"].get<std::string>());
    out.push_back(entry);
  }
  return out;
}

json reverify_slice(oplib::Library& library, const GrowOptions& options, const fs::path& workdir,
                    GrowState& state, const PythonVersions& versions, EventLog& log, int& exit_status) {
  json out = {{"ops", json::array()},
              {"whole_library", false},
              {"reason", ""},
              {"revoked", json::array()},
              {"exit", 0}};
  auto names = library.qualnames();
  if (!names) {
    out["reason"] = names.error().message;
    exit_status = 4;
    return out;
  }
  const bool changed =
      !state.python.empty() && (state.python != versions.python || state.numpy != versions.numpy);
  std::vector<std::string> slice;
  if (changed) {
    slice = *names;
    out["whole_library"] = true;
    out["reason"] = "CPython " + state.python + " / numpy " + state.numpy + " at the last run, now CPython " +
                    versions.python + " / numpy " + versions.numpy;
  } else if (options.reverify_ops == 0 || names->empty()) {
    out["reason"] = "--reverify 0";
    return out;
  } else {
    for (std::size_t k = 0; k < std::min(options.reverify_ops, names->size()); ++k)
      slice.push_back((*names)[(state.reverify_cursor + k) % names->size()]);
    out["reason"] = fmt::format("the rotating slice from operator {} of {}",
                                state.reverify_cursor % names->size() + 1, names->size());
    state.reverify_cursor = (state.reverify_cursor + slice.size()) % names->size();
  }
  out["ops"] = slice;
  const auto revoked_before = revoked_versions(library);
  std::vector<std::string> args{"reverify"};
  args.insert(args.end(), slice.begin(), slice.end());
  args.insert(args.end(),
              {"--revoke", "--quiet", "--oplib", library.root().string(), "--jobs",
               std::to_string(options.fill.jobs), "--report", (workdir / "reverify.json").string()});
  log.line(fmt::format("reverify {} operator{} ({}) ...", slice.size(), slice.size() == 1 ? "" : "s",
                       out["reason"].get<std::string>()));
  exit_status = run_opsynth_child(args, workdir / "logs" / "reverify.log");
  out["exit"] = exit_status;
  for (const auto& v : revoked_versions(library))
    if (!revoked_before.count(v)) out["revoked"].push_back(v);
  log.line(fmt::format("reverify: exit {}, {} revoked", exit_status, out["revoked"].size()));
  return out;
}

ExitCode run_grow(const GrowOptions& options, CommandContext& context) {
  const auto started = Clock::now();
  const std::string started_utc = oplib::utc_now();
  // One timestamped line per event, on a terminal or in a scheduler's log alike.
  EventLog log(!options.fill.quiet, "grow", EventLog::Style::Timestamped);
  // Bad input first, before anything is written.
  const auto shard = parse_shard(options.shard);
  if (!shard)
    return fail(ExitCode::kBadInput, "--shard: expected I/N with 0 <= I < N, got '" + options.shard + "'");
  const bool sharded = !options.shard.empty();
  if (!options.delta.empty() && !sharded)
    return fail(ExitCode::kBadInput, "--delta is where a shard writes: give --shard I/N");
  if (!synth::parse_llm_mode(options.fill.llm))
    return fail(ExitCode::kBadInput, "--llm: '" + options.fill.llm + "' is not live, record or replay");
  const char* model_env = std::getenv("OPSYNTH_MODEL");
  if (options.fill.max_tokens_total > 0 && options.fill.model.empty() && !(model_env && *model_env))
    return fail(ExitCode::kBadInput,
                "no model: pass --model or set OPSYNTH_MODEL (or --max-tokens-total 0: no fill)");
  const fs::path workdir = fs::absolute(options.workdir);
  const fs::path report_path =
      options.report.empty() ? workdir / "report.json" : fs::absolute(options.report);
  const fs::path history_path =
      options.history.empty() ? workdir / "history.tsv" : fs::absolute(options.history);
  const fs::path delta_dir = options.delta.empty()
                                 ? workdir / fmt::format("delta-{}-of-{}", shard->index, shard->count)
                                 : fs::absolute(options.delta);
  auto state = load_grow_state(workdir / "state.json");
  if (!state) return fail(ExitCode::kBadInput, state.error().message);
  auto library = open_library(options.fill.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);
  if (auto started_python = context.python.start(); !started_python)
    return fail(ExitCode::kInternal, started_python.error());
  auto versions = context.python.versions();
  if (!versions) return fail(ExitCode::kInternal, versions.error().describe());
  auto corpus = load_corpus(options.corpus);
  if (!corpus) return fail(ExitCode::kBadInput, corpus.error().message);
  std::error_code ec;
  fs::create_directories(workdir, ec);
  if (ec) return fail(ExitCode::kBadInput, "--workdir " + workdir.string() + ": " + ec.message());

  json seconds = json::object();
  // A shard works on its own copy; the library is only read (under its lock, for the copy).
  std::optional<oplib::LibrarySnapshot> base;
  std::optional<oplib::Library> shard_library;
  oplib::Library* target = &*library;
  if (sharded) {
    // A delta.json left by an earlier run in this folder must not outlive this one: a shard killed
    // before writing its own leaves no delta at all, never a stale one.
    fs::remove(delta_dir / "delta.json", ec);
    auto copied = oplib::copy_library(*library, delta_dir / "work");
    if (!copied) return fail(ExitCode::kInternal, "shard copy: " + copied.error().message);
    base = *copied;
    shard_library.emplace(delta_dir / "work");
    target = &*shard_library;
    log.line("shard " + options.shard + ": working on a copy in " + (delta_dir / "work").string());
  }
  const std::string library_root = fs::absolute(target->root()).string();

  auto t = Clock::now();
  log.line(fmt::format("mine: {} functions of {} ...", corpus->functions.size(), corpus->path.string()));
  const Mined before = mine_corpus(*corpus, *target, context);
  seconds["mine"] = seconds_since(t);
  log.line(fmt::format("mine: {} compile, {} blocked by {} missing overloads, {} unfixable",
                       before.count(MinedState::Compiles), before.count(MinedState::Blocked),
                       before.missing.size(), before.count(MinedState::Unfixable)));
  for (const auto& f : before.functions)
    if (f.state == MinedState::Unfixable) log.line("mine: " + f.id + ": " + f.error_kind + ": " + f.error);

  t = Clock::now();
  std::vector<BlockedFunction> blocked;
  for (const auto& f : before.functions)
    if (f.state == MinedState::Blocked) blocked.push_back({f.id, f.missing});
  const double from_history = history_tokens_per_accepted(history_path);
  const double expected = from_history > 0 ? from_history : kDefaultTokensPerOverload;
  const Ranking ranking = rank_overloads(blocked, *shard, expected, options.fill.max_tokens_total);
  seconds["rank"] = seconds_since(t);
  log.line(fmt::format(
      "rank: {} planned, {} deferred by the budget, {} left to other shards ({:.0f} tokens expected each{})",
      ranking.planned.size(), ranking.deferred.size(), ranking.other_shards.size(), expected,
      from_history > 0 ? ", from the history" : ""));
  for (std::size_t k = 0; k < ranking.planned.size(); ++k)
    log.line(fmt::format("rank {}: {} (needed by {}{})", k + 1, ranking.planned[k].key,
                         ranking.planned[k].needed_by.size(),
                         ranking.planned[k].unblocks.empty()
                             ? ""
                             : fmt::format(", unblocks {}", ranking.planned[k].unblocks.size())));

  t = Clock::now();
  const FillOutcome filled = fill_planned(ranking, before, options, library_root, context, log);
  seconds["fill"] = seconds_since(t);
  log.line(fmt::format("fill: {} accepted, {} not accepted, {} requests, {} tokens{}", filled.accepted,
                       filled.not_accepted, filled.requests, filled.tokens,
                       filled.stopped.empty() ? "" : "; stopped: " + filled.stopped));

  t = Clock::now();
  const Mined after = filled.accepted > 0 ? mine_corpus(*corpus, *target, context) : before;
  seconds["mine_after"] = seconds_since(t);

  bool any_failed = filled.not_accepted > 0;
  json recompiled = json::array();
  json reverified = {{"ops", json::array()},
                     {"whole_library", false},
                     {"reason", ""},
                     {"revoked", json::array()},
                     {"exit", 0}};
  json delta_json = nullptr;
  int reverify_exit = 0;
  if (sharded) {
    // The merge job's run recompiles and reverifies the merged library; a shard only brings its share.
    t = Clock::now();
    auto summary =
        oplib::write_delta(*target, *base, delta_dir, {{"index", shard->index}, {"count", shard->count}});
    seconds["delta"] = seconds_since(t);
    if (!summary) return fail(ExitCode::kInternal, "writing the delta: " + summary.error().message);
    delta_json = delta_dir.string();
    log.line(fmt::format("delta: {} versions, {} instances, {} cases in {}", summary->versions,
                         summary->instances, summary->cases, delta_dir.string()));
    reverified["reason"] = "a shard does not reverify: the merge job's run does";
  } else {
    t = Clock::now();
    recompiled =
        recompile_and_verify(*corpus, before, after, filled, library_root, workdir, *state, log, any_failed);
    seconds["recompile"] = seconds_since(t);
    t = Clock::now();
    reverified = reverify_slice(*target, options, workdir, *state, *versions, log, reverify_exit);
    seconds["reverify"] = seconds_since(t);
    state->python = versions->python;
    state->numpy = versions->numpy;
  }
  seconds["total"] = seconds_since(started);

  ExitCode code = ExitCode::kDone;
  if (filled.internal_error || reverify_exit >= 2 || reverify_exit < 0)
    code = ExitCode::kInternal;
  else if (filled.stopped == "endpoint")
    code = ExitCode::kLlmEndpoint;
  else if (any_failed || reverify_exit == 1 || !reverified["revoked"].empty())
    code = ExitCode::kRejected;

  json report = {
      {"started", started_utc},
      {"corpus", corpus->path.string()},
      {"library", library->root().string()},
      {"shard", sharded ? json(options.shard) : json(nullptr)},
      {"delta", delta_json},
      {"python", versions->python},
      {"numpy", versions->numpy},
      {"model", options.fill.model.empty() ? (model_env ? model_env : "") : options.fill.model},
      {"llm", options.fill.llm},
      {"functions",
       {{"total", corpus->functions.size()},
        {"before", mined_counts(before)},
        {"after", mined_counts(after)},
        {"detail_before", mined_functions(before)},
        {"detail_after", mined_functions(after)}}},
      {"errors_by_kind", before.errors_by_kind},
      {"ranking",
       {{"tokens_per_overload_expected", expected},
        {"budget", options.fill.max_tokens_total},
        {"planned", json::array()},
        {"deferred", ranking.deferred},
        {"other_shards", ranking.other_shards}}},
      {"fill",
       {{"overloads", filled.overloads},
        {"accepted", filled.accepted},
        {"not_accepted", filled.not_accepted},
        {"requests", filled.requests},
        {"cached_answers", filled.cached},
        {"tokens", filled.tokens},
        {"requests_per_accepted", filled.accepted ? double(filled.requests) / double(filled.accepted) : 0.0},
        {"tokens_per_accepted", filled.accepted ? double(filled.tokens) / double(filled.accepted) : 0.0},
        {"stopped", filled.stopped}}},
      {"recompile", recompiled},
      {"reverify", reverified},
      {"seconds", seconds},
      {"exit_code", to_int(code)}};
  for (const auto& r : ranking.planned) report["ranking"]["planned"].push_back(r.key);
  if (auto w = write_json_and_markdown(report_path.string(), report, grow_markdown(report)); !w)
    return fail(ExitCode::kInternal, w.error().message);
  if (auto w = append_history(history_path, report); !w) return fail(ExitCode::kInternal, w.error().message);
  if (!sharded) {
    if (auto w = save_grow_state(workdir / "state.json", *state); !w)
      return fail(ExitCode::kInternal, w.error().message);
  }
  std::cout << grow_summary(report);
  log.line(fmt::format("done in {:.0f} s, exit {}; report {}", seconds["total"].get<double>(), to_int(code),
                       report_path.string()));
  return code;
}

}  // namespace

RunCommand add_grow_command(CLI::App& app) {
  auto options = std::make_shared<GrowOptions>();
  CLI::App* sub = app.add_subcommand("grow",
                                     "Nightly corpus growth: mine the corpus for missing overloads, rank, "
                                     "fill, recompile, reverify, report");
  sub->add_option("corpus", options->corpus, "CORPUS.json, or a folder holding corpus.json")->required();
  sub->add_option("--workdir", options->workdir,
                  "report, history, state, compiled functions and logs (default: ./grow)")
      ->capture_default_str();
  sub->add_option(
      "--shard", options->shard,
      "I/N: fill only the overloads whose key hashes to shard I of N (0 <= I < N), in a copy of the library, "
      "and write them to --delta for `opsynth ops merge`");
  sub->add_option("--delta", options->delta,
                  "where a shard writes its delta (default: WORKDIR/delta-I-of-N)");
  sub->add_option("--max-wall", options->max_wall,
                  "seconds: no overload starts filling after this (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--reverify", options->reverify_ops,
                  "operators reverified per run, rotating through the library (all of them after a CPython "
                  "or numpy change)")
      ->capture_default_str();
  sub->add_option("--report", options->report,
                  "the report's JSON (Markdown beside it; default: WORKDIR/report.json)");
  sub->add_option("--history", options->history,
                  "the history file one line is appended to (default: WORKDIR/history.tsv)");
  add_llm_options(*sub, options->fill);
  sub->add_option("--jobs", options->fill.jobs,
                  "overloads of one operator filled concurrently; workers per reverify")
      ->capture_default_str()
      ->check(CLI::Range(1, 32));
  sub->add_option("--cases", options->fill.run.cases, "acceptance cases per candidate")
      ->capture_default_str();
  sub->add_flag("--quiet", options->fill.quiet, "no progress lines");
  add_library_options(*sub, options->fill.library, /*with_lock=*/false);
  return [options](CommandContext& context) { return run_grow(*options, context); };
}

}  // namespace opsynth::cli

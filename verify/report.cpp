// Report rendering: JSON for machines, Markdown for people, one summary line for terminals.
#include "verify/report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/value_json.hpp"

namespace opsynth::verify {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "PASS";
    case Verdict::Fail: return "FAIL";
    case Verdict::Inconclusive: return "INCONCLUSIVE";
    case Verdict::Error: return "ERROR";
  }
  return "ERROR";
}

std::string_view stage_name(Stage s) {
  switch (s) {
    case Stage::Static: return "static";
    case Stage::Compile: return "compile";
    case Stage::Sanitizer: return "sanitizer";
    case Stage::StoredCases: return "stored";
    case Stage::EdgeCases: return "edge";
    case Stage::Repair: return "repair";
    case Stage::Acceptance: return "acceptance";
    case Stage::Tool: return "tool";
  }
  return "tool";
}

namespace {

nlohmann::json outcome_json(const Outcome& o) {
  nlohmann::json j = nlohmann::json::object();
  if (o.raised) j["raised"] = {{"exception", o.raised->exception}, {"message", o.raised->message}};
  if (o.result) j["result"] = to_json(*o.result), j["result_repr"] = short_repr(*o.result);
  return j;
}

std::string param_name(const Counterexample& c, std::size_t i) {
  return i < c.param_names.size() ? c.param_names[i] : "a" + std::to_string(i);
}

std::string outcome_text(const Outcome& o) {
  if (o.raised) return o.raised->exception + ": " + o.raised->message;
  if (o.result) return short_repr(*o.result);
  return "(nothing)";
}

// An array, not an object: JSON objects print their keys sorted as text ("1023-1025" before "127-129").
nlohmann::json bands_json(const BandCounts& bands) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [first, n] : bands) j.push_back({{"band", band_name(first)}, {"cases", n}});
  return j;
}

// The highest band any phase reached, as its name ("" before any case ran).
std::string longest_band(const std::vector<PhaseCount>& phases) {
  std::int64_t top = -1;
  for (const auto& p : phases)
    if (!p.bands.empty()) top = std::max(top, p.bands.rbegin()->first);
  return top < 0 ? "" : band_name(top);
}

std::size_t total_cases(const std::vector<PhaseCount>& phases) {
  std::size_t n = 0;
  for (const auto& p : phases) n += p.run;
  return n;
}

// Cases per size band and phase, with the sweep's notes and the domain's narrowing.
std::string sizes_markdown(const std::vector<PhaseCount>& phases, const std::string& narrowing) {
  BandCounts all;
  for (const auto& p : phases)
    for (const auto& [first, n] : p.bands) all[first] += 0;
  if (all.empty()) return "";
  std::string md = "\n## Sizes reached (cases per band of the longest length in a case)\n\n| band |";
  std::string rule = "|---|";
  for (const auto& p : phases) md += " " + p.phase + " |", rule += "---|";
  md += "\n" + rule + "\n";
  for (const auto& [first, unused] : all) {
    md += "| " + band_name(first) + " |";
    for (const auto& p : phases) {
      auto it = p.bands.find(first);
      md += " " + std::to_string(it == p.bands.end() ? 0 : it->second) + " |";
    }
    md += "\n";
  }
  for (const auto& p : phases)
    for (const auto& note : p.notes) md += "\n- " + p.phase + ": " + note;
  if (!narrowing.empty()) md += "\n- sizes narrowed by the op's domain: " + narrowing;
  return md + "\n";
}

}  // namespace

nlohmann::json VerifyReport::to_json() const {
  nlohmann::json j;
  j["qualname"] = qualname;
  j["signature"] = opsynth::to_string(signature);
  j["candidate_sha256"] = candidate_sha256;
  j["tolerance"] = opsynth::verify::to_string(tolerance);
  if (!tolerance_reason.empty()) j["tolerance_reason"] = tolerance_reason;
  j["verdict"] = verdict_name(verdict);
  j["stage"] = stage_name(stage);
  j["reason"] = reason;
  if (bad_input) j["bad_input"] = true;
  j["static_violations"] = static_violations;
  if (!compiler_output.empty()) j["compiler_output"] = compiler_output;
  nlohmann::json phases_json = nlohmann::json::array();
  for (const auto& p : phases) {
    nlohmann::json phase = {{"phase", p.phase}, {"seed", p.seed}, {"planned", p.planned}, {"run", p.run}};
    if (p.sweep) phase["sweep"] = p.sweep;
    if (!p.bands.empty()) phase["size_bands"] = bands_json(p.bands);
    if (p.skipped) phase["skipped"] = p.skipped;
    if (!p.notes.empty()) phase["notes"] = p.notes;
    phases_json.push_back(phase);
  }
  j["phases"] = phases_json;
  j["max_length"] = longest_band(phases);
  if (!size_narrowing.empty()) j["size_narrowing"] = size_narrowing;
  nlohmann::json timings_json = nlohmann::json::object();
  for (const auto& t : timings) timings_json[t.stage] = t.seconds;
  j["timings_seconds"] = timings_json;
  if (counterexample) {
    const Counterexample& c = *counterexample;
    nlohmann::json inputs = nlohmann::json::array();
    for (std::size_t i = 0; i < c.inputs.args.size(); ++i) {
      nlohmann::json in = {{"name", param_name(c, i)}, {"value", opsynth::to_json(c.inputs.args[i])},
                           {"repr", short_repr(c.inputs.args[i])}};
      if (i < c.inputs.layouts.size() && c.inputs.layouts[i])
        in["layout"] = {{"steps", c.inputs.layouts[i]->steps}, {"transposed", c.inputs.layouts[i]->transposed}};
      if (i < c.inputs.aliases.size() && c.inputs.aliases[i]) {
        in["alias_of"] = param_name(c, *c.inputs.aliases[i]);
        if (c.inputs.alias_view(i) != AliasView::same) in["alias_view"] = alias_view_suffix(c.inputs.alias_view(i));
      }
      inputs.push_back(in);
    }
    j["counterexample"] = {{"inputs", inputs},
                           {"expected", outcome_json(c.expected)},
                           {"got", outcome_json(c.got)},
                           {"seed", c.seed},
                           {"shrink_steps", c.shrink_steps}};
    if (c.mismatch)
      j["counterexample"]["mismatch"] = {{"stage", c.mismatch->stage}, {"where", c.mismatch->where},
                                         {"expected", c.mismatch->expected}, {"got", c.mismatch->got},
                                         {"detail", c.mismatch->detail}};
    if (!c.worker_failure.empty()) j["counterexample"]["worker_failure"] = c.worker_failure;
    if (!c.origin.empty()) j["counterexample"]["origin"] = c.origin;
  }
  j["versions"] = {{"verifier", verifier_version}, {"python", python_version}, {"numpy", numpy_version},
                   {"numpy_dispatch", numpy_dispatch}, {"compiler", compiler}, {"flags", flags}};
  return j;
}

std::string VerifyReport::summary_line() const {
  std::string head = fmt::format("{} {}({})", verdict_name(verdict), qualname, opsynth::to_string(signature));
  if (verdict == Verdict::Pass)
    return fmt::format("{}: no counterexample in {} cases ({})", head, total_cases(phases),
                       opsynth::verify::to_string(tolerance));
  return fmt::format("{} [{}]: {}", head, stage_name(stage), reason);
}

std::string VerifyReport::to_markdown() const {
  std::string md = fmt::format("# {} `{}`\n\n", verdict_name(verdict), qualname);
  md += fmt::format("- signature: `{}`\n- tolerance: `{}`{}\n- candidate sha256: `{}`\n- decided at: {}\n",
                    opsynth::to_string(signature), opsynth::verify::to_string(tolerance),
                    tolerance_reason.empty() ? "" : " (" + tolerance_reason + ")", candidate_sha256, stage_name(stage));
  md += fmt::format("- reason: {}\n\n", reason.empty() ? "no counterexample found" : reason);
  if (!static_violations.empty()) {
    md += "## Static check\n\n";
    for (const auto& v : static_violations) md += "- " + v + "\n";
    md += "\n";
  }
  if (!compiler_output.empty()) md += "## Compiler output\n\n```\n" + compiler_output + "\n```\n\n";
  if (counterexample) {
    const Counterexample& c = *counterexample;
    md += "## Counterexample\n\n";
    for (std::size_t i = 0; i < c.inputs.args.size(); ++i) {
      md += fmt::format("- `{} = {}`", param_name(c, i), short_repr(c.inputs.args[i]));
      if (i < c.inputs.layouts.size() && c.inputs.layouts[i] && !c.inputs.layouts[i]->contiguous())
        md += " (non-contiguous view)";
      if (i < c.inputs.aliases.size() && c.inputs.aliases[i])
        md += c.inputs.alias_view(i) == AliasView::same
                  ? fmt::format(" (same object as `{}`)", param_name(c, *c.inputs.aliases[i]))
                  : fmt::format(" (the view `{}{}`: it shares `{}`'s memory)", param_name(c, *c.inputs.aliases[i]),
                                alias_view_suffix(c.inputs.alias_view(i)), param_name(c, *c.inputs.aliases[i]));
      md += "\n";
    }
    md += fmt::format("\n- expected (CPython): `{}`\n", outcome_text(c.expected));
    if (!c.origin.empty()) md += fmt::format("- drawn as: {}\n", c.origin);
    if (!c.worker_failure.empty())
      md += fmt::format("- got: worker failed: {}\n", c.worker_failure);
    else
      md += fmt::format("- got (candidate): `{}`\n", outcome_text(c.got));
    if (c.mismatch) md += fmt::format("- first difference: {}\n", c.mismatch->describe());
    md += fmt::format("- seed: {} (shrunk in {} steps)\n\n", c.seed, c.shrink_steps);
  }
  md += "## Cases\n\n| phase | seed | planned | run | of them the size sweep | skipped |\n|---|---|---|---|---|---|\n";
  for (const auto& p : phases)
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", p.phase, p.seed, p.planned, p.run, p.sweep, p.skipped);
  md += sizes_markdown(phases, size_narrowing);
  md += "\n## Timings (s)\n\n| stage | seconds |\n|---|---|\n";
  for (const auto& t : timings) md += fmt::format("| {} | {:.3f} |\n", t.stage, t.seconds);
  md += fmt::format("\nverifier {} · CPython {} · numpy {} ({}) · {} `{}`\n", verifier_version, python_version,
                    numpy_version, numpy_dispatch, compiler, flags);
  return md;
}

}  // namespace opsynth::verify

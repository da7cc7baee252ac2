// JSON, Markdown and the terminal table of a fill run (see fill_report.hpp).
#include "synth/fill_report.hpp"

#include <cstdio>
#include <sstream>

namespace opsynth::synth {
namespace {

using nlohmann::json;

json usage_json(const Usage& u) {
  return {{"prompt_tokens", u.prompt_tokens}, {"completion_tokens", u.completion_tokens}, {"total_tokens", u.total()}};
}

json candidate_json(const CandidateRecord& c) {
  json j = {{"attempt", c.attempt}, {"sample", c.sample}, {"request_hash", c.request_hash}, {"sha256", c.sha256},
          {"phase", c.phase},     {"verdict", c.verdict}, {"stage", c.stage},           {"reason", c.reason},
          {"seconds", c.seconds}};
  if (!c.signature.empty()) j["signature"] = c.signature;
  return j;
}

json cost_json(const RunCost& c) {
  json j = {{"accepted_overloads", c.accepted},
            {"requests", c.requests},
            {"usage", usage_json(c.usage)},
            {"model_seconds", c.model_seconds},
            {"verify_seconds", c.verify_seconds}};
  if (c.money) j["money"] = *c.money;
  if (c.accepted > 0) {
    const double n = c.accepted;
    json per = {{"requests", c.requests / n},
                {"tokens", double(c.usage.total()) / n},
                {"model_seconds", c.model_seconds / n},
                {"verify_seconds", c.verify_seconds / n}};
    if (c.money) per["money"] = *c.money / n;
    j["per_accepted_overload"] = per;
  }
  return j;
}

std::string seconds_text(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", s);
  return buffer;
}

// Markdown table cells: no pipes or newlines from reasons.
std::string cell(std::string s) {
  for (char& c : s) {
    if (c == '|') c = '/';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

}  // namespace

int FillReport::requests() const {
  int n = signature_requests;
  for (const auto& o : overloads) n += o.loop ? o.loop->requests : 0;
  for (const auto& g : unserved_generic) n += g.requests;
  return n;
}

std::optional<double> TokenPrices::money(const Usage& u) const {
  if (!prompt_per_million && !completion_per_million) return std::nullopt;
  return double(u.prompt_tokens) * prompt_per_million.value_or(0) / 1e6 +
         double(u.completion_tokens) * completion_per_million.value_or(0) / 1e6;
}

RunCost FillReport::cost() const {
  RunCost c;
  c.requests = requests();
  c.usage = usage();
  for (const auto& o : overloads) {
    if (o.status == "accepted") ++c.accepted;
    if (!o.loop) continue;
    c.model_seconds += o.loop->model_seconds;
    c.verify_seconds += o.loop->verify_seconds;
  }
  for (const auto& g : unserved_generic) {
    c.model_seconds += g.model_seconds;
    c.verify_seconds += g.verify_seconds;
  }
  c.money = prices.money(c.usage);
  return c;
}

Usage FillReport::usage() const {
  Usage u = signature_usage;
  for (const auto& g : unserved_generic) {
    u.prompt_tokens += g.usage.prompt_tokens;
    u.completion_tokens += g.usage.completion_tokens;
  }
  for (const auto& o : overloads) {
    if (!o.loop) continue;
    u.prompt_tokens += o.loop->usage.prompt_tokens;
    u.completion_tokens += o.loop->usage.completion_tokens;
  }
  return u;
}

json FillReport::to_json() const {
  json list = json::array();
  for (const auto& o : overloads) {
    json entry = {{"signature", o.signature}, {"status", o.status}, {"reason", o.reason}, {"committed", o.committed}};
    if (o.loop) {
      const LoopResult& l = *o.loop;
      json candidates = json::array();
      for (const auto& c : l.candidates) candidates.push_back(candidate_json(c));
      entry["requests"] = l.requests;
      entry["cached_answers"] = l.cached_answers;
      entry["usage"] = usage_json(l.usage);
      entry["seconds"] = l.seconds;
      entry["model_seconds"] = l.model_seconds;
      entry["verify_seconds"] = l.verify_seconds;
      if (auto money = prices.money(l.usage)) entry["money"] = *money;
      entry["attempts"] = l.candidates.empty() ? 0 : l.candidates.back().attempt;
      entry["candidates"] = candidates;
      entry["counterexamples"] = l.counterexamples.size();
      if (l.acceptance) {
        json verification = l.acceptance->to_json();
        verification.erase("counterexample");
        entry["acceptance"] = verification;
      }
    }
    list.push_back(entry);
  }
  json refusals = json::array();
  for (const auto& r : refused)
    refusals.push_back({{"signature", r.signature}, {"origin", r.origin}, {"reason", r.reason}});
  return {{"qualname", qualname},
          {"model", model},
          {"endpoint", endpoint},
          {"llm", llm_mode},
          {"prompts_hash", prompts_hash},
          {"overloads", list},
          {"refused_signatures", refusals},
          {"signature_requests", signature_requests},
          {"requests", requests()},
          {"usage", usage_json(usage())},
          {"cost", cost_json(cost())},
          {"seconds", seconds}};
}

std::string FillReport::to_markdown() const {
  std::ostringstream md;
  md << "# opsynth fill " << qualname << "\n\n";
  md << "Model `" << model << "` at " << endpoint << " (--llm " << llm_mode << "); " << requests() << " requests, "
     << usage().total() << " tokens, " << seconds_text(seconds) << ".\n\n" << cost_line() << "\n\n";
  md << "| overload | status | attempts | candidates | requests | tokens | time | reason |\n";
  md << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& o : overloads) {
    const LoopResult* l = o.loop ? &*o.loop : nullptr;
    md << "| `" << o.signature << "` | " << o.status << (o.committed.empty() ? "" : " (" + o.committed + ")") << " | "
       << (l && !l->candidates.empty() ? std::to_string(l->candidates.back().attempt) : "-") << " | "
       << (l ? std::to_string(l->candidates.size()) : "-") << " | " << (l ? std::to_string(l->requests) : "-") << " | "
       << (l ? std::to_string(l->usage.total()) : "-") << " | " << (l ? seconds_text(l->seconds) : "-") << " | "
       << cell(o.reason) << " |\n";
  }
  if (!refused.empty()) {
    md << "\n## Signatures refused before asking for code\n\n";
    for (const auto& r : refused) md << "- `" << r.signature << "` (" << r.origin << "): " << cell(r.reason) << "\n";
  }
  for (const auto& o : overloads) {
    if (!o.loop || o.loop->candidates.empty()) continue;
    md << "\n## `" << o.signature << "`\n\n| attempt | sample | verdict | stage | reason |\n|---|---|---|---|---|\n";
    for (const auto& c : o.loop->candidates)
      md << "| " << c.attempt << " | " << c.sample + 1 << " | " << c.verdict
         << (c.signature.empty() ? "" : " at `" + c.signature + "`") << " | " << c.stage << " | "
         << cell(c.reason) << " |\n";
  }
  return md.str();
}

std::string FillReport::cost_line() const {
  const RunCost c = cost();
  std::ostringstream out;
  out << "Cost: " << c.requests << " requests, " << c.usage.total() << " tokens (" << c.usage.prompt_tokens
      << " prompt + " << c.usage.completion_tokens << " completion), " << seconds_text(c.model_seconds)
      << " in the model, " << seconds_text(c.verify_seconds) << " verifying";
  char money[48];
  if (c.money) {
    std::snprintf(money, sizeof money, "%.4f", *c.money);
    out << ", " << money << " at the given prices";
  }
  if (c.accepted > 0) {
    const double n = c.accepted;
    char per[160];
    std::snprintf(per, sizeof per, "; per accepted overload (%d): %.1f requests, %.0f tokens, %.1f s model, %.1f s verifying",
                  c.accepted, c.requests / n, double(c.usage.total()) / n, c.model_seconds / n, c.verify_seconds / n);
    out << per;
    if (c.money) {
      std::snprintf(money, sizeof money, ", %.4f", *c.money / n);
      out << money;
    }
  }
  return out.str();
}

std::string FillReport::table() const {
  std::ostringstream out;
  std::size_t width = 9;
  for (const auto& o : overloads) width = std::max(width, o.signature.size());
  char line[64];
  out << "overload" << std::string(width - 8 + 2, ' ') << "status            requests  tokens    time\n";
  for (const auto& o : overloads) {
    const LoopResult* l = o.loop ? &*o.loop : nullptr;
    std::snprintf(line, sizeof line, "%-16s  %8s  %6s  %6s", o.status.c_str(),
                  l ? std::to_string(l->requests).c_str() : "-", l ? std::to_string(l->usage.total()).c_str() : "-",
                  l ? seconds_text(l->seconds).c_str() : "-");
    out << o.signature << std::string(width - o.signature.size() + 2, ' ') << line;
    if (!o.committed.empty()) out << "  " << o.committed;
    if (!o.reason.empty() && o.status != "accepted" && o.status != "present") out << "  " << o.reason;
    out << "\n";
  }
  return out.str();
}

std::string redact_url(const std::string& url) {
  std::string out = url;
  const auto scheme = out.find("://");
  const std::size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto at = out.find('@', host_start);
  const auto slash = out.find('/', host_start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) out.erase(host_start, at + 1 - host_start);
  if (const auto q = out.find_first_of("?#"); q != std::string::npos) out.erase(q);
  return out;
}

std::string url_host(const std::string& url) {
  const std::string clean = redact_url(url);
  const auto scheme = clean.find("://");
  const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto end = clean.find('/', start);
  return clean.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace opsynth::synth

// `grow`'s Markdown report and history line (see grow_report.hpp).
#include "grow_report.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace opsynth::cli {

using nlohmann::json;

namespace {

std::size_t count(const json& report, const char* when, const char* state) {
  return report["functions"][when].value(state, std::size_t{0});
}

}  // namespace

std::string grow_summary(const json& r) {
  const json& fill = r["fill"];
  std::string s = fmt::format(
      "opsynth grow{}: {} of {} corpus functions compile ({} before); {} overloads added, {} not accepted; "
      "{} requests, {} tokens",
      r["shard"].is_string() ? " (shard " + r["shard"].get<std::string>() + ")" : "",
      count(r, "after", "compiles"), r["functions"]["total"].get<std::size_t>(),
      count(r, "before", "compiles"), fill["accepted"].get<std::size_t>(),
      fill["not_accepted"].get<std::size_t>(), fill["requests"].get<std::size_t>(),
      fill["tokens"].get<std::uint64_t>());
  // Tokens count every answer used, cached ones too (they cost nothing tonight but did once).
  if (fill["cached_answers"].get<std::size_t>() > 0)
    s += fmt::format(" ({} answers from the request cache)", fill["cached_answers"].get<std::size_t>());
  if (fill["accepted"].get<std::size_t>() > 0)
    s += fmt::format(" ({:.1f} requests and {:.0f} tokens per accepted overload)",
                     fill["requests_per_accepted"].get<double>(), fill["tokens_per_accepted"].get<double>());
  if (!r["reverify"]["revoked"].empty())
    s += fmt::format("; {} versions revoked", r["reverify"]["revoked"].size());
  if (!fill["stopped"].get<std::string>().empty())
    s += "; fill stopped: " + fill["stopped"].get<std::string>();
  return s + "\n";
}

std::string grow_markdown(const json& r) {
  std::ostringstream md;
  md << "# opsynth grow — " << r["started"].get<std::string>() << "\n\n" << grow_summary(r) << "\n";
  md << "Corpus `" << r["corpus"].get<std::string>() << "`, library `" << r["library"].get<std::string>()
     << "`" << (r["delta"].is_string() ? ", delta `" + r["delta"].get<std::string>() + "`" : std::string())
     << ", exit status " << r["exit_code"].get<int>() << ".\n\n";
  md << "| functions | before | after |\n|---|---|---|\n";
  for (const char* state : {"compiles", "blocked", "unfixable"})
    md << "| " << state << " | " << count(r, "before", state) << " | " << count(r, "after", state) << " |\n";
  if (!r["errors_by_kind"].empty()) {
    md << "\nCompile errors no operator can fix:";
    for (const auto& [kind, n] : r["errors_by_kind"].items())
      md << " " << kind << " " << n.get<std::size_t>() << ";";
    md << "\n";
  }
  md << "\n## Fill\n\nExpected "
     << fmt::format("{:.0f}", r["ranking"]["tokens_per_overload_expected"].get<double>())
     << " tokens per overload; " << r["ranking"]["planned"].size() << " planned, "
     << r["ranking"]["deferred"].size() << " deferred by the budget, " << r["ranking"]["other_shards"].size()
     << " left to other shards.\n\n";
  md << "| overload | status | requests | tokens | seconds | unblocks | reason "
        "|\n|---|---|---|---|---|---|---|\n";
  for (const auto& o : r["fill"]["overloads"]) {
    std::string unblocks;
    for (const auto& f : o["unblocks"]) unblocks += (unblocks.empty() ? "" : ", ") + f.get<std::string>();
    md << "| `" << o["key"].get<std::string>() << "` | " << o["status"].get<std::string>()
       << (o["committed"].get<std::string>().empty() ? "" : " " + o["committed"].get<std::string>()) << " | "
       << o["requests"].get<int>() << " | " << o["tokens"].get<std::uint64_t>() << " | "
       << fmt::format("{:.1f}", o["seconds"].get<double>()) << " | " << unblocks << " | "
       << o["reason"].get<std::string>() << " |\n";
  }
  if (!r["recompile"].empty()) {
    md << "\n## Recompiled and checked end to end\n\n| function | compiled | verify --function | note "
          "|\n|---|---|---|---|\n";
    for (const auto& f : r["recompile"])
      md << "| `" << f["function"].get<std::string>() << "` | " << (f["compiled"].get<bool>() ? "yes" : "no")
         << " | " << f["verify"].get<std::string>() << " | " << f["note"].get<std::string>() << " |\n";
  }
  const json& rv = r["reverify"];
  md << "\n## Reverify\n\n";
  if (rv["ops"].empty())
    md << "Skipped: " << rv["reason"].get<std::string>() << "\n";
  else
    md << rv["ops"].size() << " operators"
       << (rv["whole_library"].get<bool>() ? " (the whole library: " : " (")
       << rv["reason"].get<std::string>() << "), revoked: " << rv["revoked"].size() << "\n";
  for (const auto& v : rv["revoked"]) md << "- revoked `" << v.get<std::string>() << "`\n";
  // In the order the steps ran; a shard has a delta step and no recompile or reverify.
  std::vector<std::string> steps;
  for (const char* step : {"mine", "rank", "fill", "mine_after", "recompile", "reverify", "delta", "total"})
    if (r["seconds"].contains(step)) steps.push_back(step);
  md << "\n## Wall time per step (s)\n\n|";
  for (const auto& step : steps) md << " " << step << " |";
  md << "\n|";
  for (std::size_t i = 0; i < steps.size(); ++i) md << "---|";
  md << "\n|";
  for (const auto& step : steps) md << " " << fmt::format("{:.1f}", r["seconds"][step].get<double>()) << " |";
  md << "\n";
  return md.str();
}

std::string history_header() {
  return "# "
         "started\tcorpus\tshard\tfunctions\tcompiling_before\tcompiling_after\toverloads_added\tnot_"
         "accepted\t"
         "requests\ttokens\trevoked\tseconds\texit\n";
}

std::string history_line(const json& r) {
  return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.0f}\t{}\n",
                     r["started"].get<std::string>(), r["corpus"].get<std::string>(),
                     r["shard"].is_string() ? r["shard"].get<std::string>() : "-",
                     r["functions"]["total"].get<std::size_t>(), count(r, "before", "compiles"),
                     count(r, "after", "compiles"), r["fill"]["accepted"].get<std::size_t>(),
                     r["fill"]["not_accepted"].get<std::size_t>(), r["fill"]["requests"].get<std::size_t>(),
                     r["fill"]["tokens"].get<std::uint64_t>(), r["reverify"]["revoked"].size(),
                     r["seconds"]["total"].get<double>(), r["exit_code"].get<int>());
}

Result<bool> append_history(const std::filesystem::path& history, const json& report) {
  std::error_code ec;
  std::filesystem::create_directories(history.parent_path(), ec);
  const bool fresh = !std::filesystem::exists(history, ec) || std::filesystem::file_size(history, ec) == 0;
  const std::string text = (fresh ? history_header() : "") + history_line(report);
  // O_APPEND: one write of a whole line, so runs appending at once never interleave inside a line.
  const int fd = ::open(history.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error{history.string() + ": cannot open for appending", history.string()};
  const bool ok =
      ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error{history.string() + ": write failed", history.string()};
  return true;
}

double history_tokens_per_accepted(const std::filesystem::path& history) {
  std::ifstream in(history);
  std::string line;
  double tokens = 0, accepted = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    if (cells.size() < 13) continue;
    try {
      const double added = std::stod(cells[6]);
      if (added <= 0) continue;
      accepted += added;
      tokens += std::stod(cells[9]);
    } catch (const std::exception&) {
      continue;  // a line edited by hand: skipped, never fatal
    }
  }
  return accepted > 0 ? tokens / accepted : 0;
}

}  // namespace opsynth::cli

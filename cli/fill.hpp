// `opsynth fill` as a function, for the command itself and for `compile --synthesize` (the compiler's
// fallback on operators the library lacks).
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "synth/fill_report.hpp"
#include "synth/synthesis_loop.hpp"
#include "verification.hpp"

namespace opsynth::cli {

struct FillOptions {
  std::string qualname;
  std::vector<std::string> sigs;
  int samples = 2;
  int attempts = 4;
  std::uint64_t max_tokens_total = 400'000;
  std::string llm = "record";
  std::size_t jobs = 1;
  std::string model;
  std::string base_url;
  double temperature = 0.7;
  int max_tokens = 4096;
  double llm_timeout = 300;
  int retries = 4;
  std::string report;
  std::string llm_cache;
  std::string tolerance;
  std::string domain;
  bool quiet = false;
  bool generic = true;         // ask once for a template serving each group of overloads (--no-generic: never)
  synth::TokenPrices prices;   // --price-prompt / --price-completion, else the environment
  RunOptions run;
  LibraryOptions library;

  // For a caller that runs fill as one step of a longer job (`grow`):
  std::function<void(const std::string&)> progress;  // receives every progress line, terminal or not
  synth::TokenBudget* shared_budget = nullptr;       // one budget over several runs (else max_tokens_total)
  std::optional<std::chrono::steady_clock::time_point> deadline;  // no overload starts after it
  synth::FillReport* report_out = nullptr;  // receives the run's report
  bool print_table = true;                  // the per-overload table and usage line on stdout
};

// The endpoint, model, sampling, budget and cache flags, as fill and compile --synthesize spell them.
void add_llm_options(CLI::App& sub, FillOptions& options);

// Fills options.sigs of options.qualname (or the overloads it chooses when there are none); the exit
// status as `opsynth fill` returns it.
ExitCode run_fill(const FillOptions& options, CommandContext& context);

}  // namespace opsynth::cli

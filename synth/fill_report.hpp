// The report of one `opsynth fill` run: per overload its status, attempts, candidates and verdicts,
// requests, tokens and wall time, as JSON (for machines) and Markdown (for people). Holds no secret:
// the endpoint appears as its URL without credentials, the API key nowhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synth/synthesis_loop.hpp"

namespace opsynth::synth {

struct OverloadReport {
  std::string signature;  // type language
  // "accepted" (a new version), "present" (the library had it), "instantiated" (a generic version
  // verified at this signature), "rejected", "endpoint-failure", "error".
  std::string status;
  std::string reason;
  std::string committed;  // "generic.v2" style stem of the version now serving it
  std::optional<LoopResult> loop;  // when the model was asked
};

// A signature fill considered and refused before asking for code, and why.
struct RefusedSignature {
  std::string signature;
  std::string origin;  // "derived" or "proposed by the model"
  std::string reason;
};

// Optional prices per million tokens (--price-prompt/--price-completion or $OPSYNTH_PRICE_PROMPT /
// $OPSYNTH_PRICE_COMPLETION) that turn tokens into money, in whatever currency they are given in.
struct TokenPrices {
  std::optional<double> prompt_per_million;
  std::optional<double> completion_per_million;
  std::optional<double> money(const Usage& u) const;  // nothing when no price is given
};

// What a run cost in total; the report divides it by the accepted overloads.
struct RunCost {
  int accepted = 0;
  int requests = 0;
  Usage usage;
  double model_seconds = 0;
  double verify_seconds = 0;
  std::optional<double> money;
};

struct FillReport {
  std::string qualname;
  std::string model;
  std::string endpoint;  // URL without user info or query
  std::string llm_mode;
  std::string prompts_hash;
  std::vector<OverloadReport> overloads;
  std::vector<RefusedSignature> refused;
  int signature_requests = 0;  // requests spent proposing signatures
  Usage signature_usage;
  std::vector<LoopResult> unserved_generic;  // generic requests that served no overload: their cost counts
  double seconds = 0;
  TokenPrices prices;

  int requests() const;
  Usage usage() const;
  RunCost cost() const;
  // "Cost: 3 requests, 9120 tokens (...), 4.1 s in the model, 30.2 s verifying; per accepted overload: ..."
  std::string cost_line() const;
  nlohmann::json to_json() const;
  std::string to_markdown() const;
  // The final table for the terminal: one line per overload.
  std::string table() const;
};

// "https://user:pw@host:8080/v1?x=1" → "https://host:8080/v1"; the host alone for provenance.
std::string redact_url(const std::string& url);
std::string url_host(const std::string& url);

}  // namespace opsynth::synth

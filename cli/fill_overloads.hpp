// `fill` without --sig: choose the overloads to fill. Argument types are derived from the callable's
// parameters and docstring (synth/signature_choice), the model may propose more, and every candidate
// is probed in CPython, which gives its result type or refuses it (raises on every input, result type
// depends on the values, too many parameters) with the reason, before any code is requested.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pybridge/python_callable.hpp"
#include "synth/fill_report.hpp"
#include "synth/llm_cache.hpp"
#include "synth/prompts.hpp"
#include "verify/domain.hpp"

namespace opsynth::cli {

struct PlannedOverload {
  Signature signature;
  std::string origin;  // "--sig", "derived: x: array_like (docstring)", "proposed by the model"
};

struct OverloadPlan {
  std::vector<PlannedOverload> chosen;
  std::vector<synth::RefusedSignature> refused;
  int requests = 0;
  synth::Usage usage;
  std::optional<synth::LlmError> llm_error;  // the proposal request failed
};

// "(x, ord=None, axis=None, keepdims=False)" from inspect.signature, else the docstring's first line.
std::string python_signature_text(const PythonCallable& callable);

// The result type CPython gives for these argument types, or why the overload is refused.
Result<Type> probe_params(const std::string& qualname, const std::vector<Type>& params, const verify::Domain& domain);

struct ProposalRequest {
  const synth::PromptTemplates* templates = nullptr;
  const synth::CachedLlm* llm = nullptr;  // nullptr: derive only
  std::string model;
  synth::Sampling sampling;
};

OverloadPlan choose_overloads(const PythonCallable& callable, const verify::Domain& domain,
                              const ProposalRequest& proposal, std::size_t max_overloads = 12);

}  // namespace opsynth::cli

// Choosing the overloads `fill` asks for (see fill_overloads.hpp).
#include "fill_overloads.hpp"

#include <pybind11/pybind11.h>

#include <algorithm>

#include "synth/docstring_excerpt.hpp"
#include "synth/signature_choice.hpp"
#include "verify/python/oracle.hpp"
#include "verification.hpp"
#include "verify/python/probe.hpp"

namespace opsynth::cli {
namespace py = pybind11;

std::string python_signature_text(const PythonCallable& callable) {
  try {
    py::object signature = py::module_::import("inspect").attr("signature")(callable.object);
    return py::str(signature).cast<std::string>();
  } catch (const py::error_already_set&) {
    // A ufunc's docstring starts "logaddexp(x1, x2, /, ...)": the parameters, without the name the
    // prompt already puts in front of them.
    const std::string first_line = callable.doc.substr(0, callable.doc.find('\n'));
    const std::size_t open = first_line.find('(');
    return open == std::string::npos ? first_line : first_line.substr(open);
  }
}

Result<Type> probe_params(const std::string& qualname, const std::vector<Type>& params, const verify::Domain& domain) {
  auto oracle = verify::Oracle::create(qualname, Signature{params, Type{}});
  if (!oracle) return oracle.error();
  if (auto names = oracle->callable().bind_parameter_names(params.size()); !names) return names.error();
  verify::ProbeOptions options;
  options.domain = probe_domain(domain);
  verify::ProbeResult probe = verify::probe_result_type(*oracle, options);
  if (probe.evidence.returned == 0) {
    return Error{"CPython raised on every probe input" +
                     (probe.evidence.first_exception.empty() ? "" : " (" + probe.evidence.first_exception + ")"),
                 qualname};
  }
  return probe.type;
}

namespace {

synth::CallableFacts facts_of(const PythonCallable& callable) {
  synth::CallableFacts facts;
  facts.qualname = callable.qualname;
  facts.method_of_type = callable.kind == CallableKind::MethodOfType;
  facts.doc = callable.doc;
  for (const auto& p : callable.params)
    facts.params.push_back({p.name, p.has_default,
                            p.kind == ParamKind::VarPositional || p.kind == ParamKind::VarKeyword});
  return facts;
}

bool already_chosen(const OverloadPlan& plan, const std::vector<Type>& params) {
  return std::any_of(plan.chosen.begin(), plan.chosen.end(),
                     [&](const PlannedOverload& p) { return p.signature.params == params; });
}

std::string params_text(const std::vector<Type>& params) {
  std::string out;
  for (const auto& t : params) out += (out.empty() ? "" : ", ") + to_string(t);
  return out;
}

// Probes `params`; a refusal goes to the plan's list with its reason.
void consider(OverloadPlan& plan, const std::string& qualname, const std::vector<Type>& params,
              const std::string& origin, const verify::Domain& domain) {
  auto result = probe_params(qualname, params, domain);
  if (!result) {
    plan.refused.push_back({params_text(params) + " -> ?", origin, result.error().message});
    return;
  }
  plan.chosen.push_back({Signature{params, *result}, origin});
}

}  // namespace

OverloadPlan choose_overloads(const PythonCallable& callable, const verify::Domain& domain,
                              const ProposalRequest& proposal, std::size_t max_overloads) {
  OverloadPlan plan;
  for (const auto& derived : synth::derive_parameter_types(facts_of(callable))) {
    if (plan.chosen.size() >= max_overloads) break;
    consider(plan, callable.qualname, derived.params, "derived: " + derived.why, domain);
  }
  if (!proposal.llm || plan.chosen.size() >= max_overloads) return plan;

  synth::SignatureContext context{callable.qualname, python_signature_text(callable), synth::docstring_excerpt(callable.doc), {}};
  for (const auto& p : plan.chosen) context.chosen.push_back(to_string(p.signature));
  synth::ChatRequest request{proposal.model, synth::propose_signature_messages(*proposal.templates, context),
                             proposal.sampling, 1};
  auto answer = proposal.llm->complete(request);
  if (auto* error = std::get_if<synth::LlmError>(&answer)) {
    plan.llm_error = *error;
    return plan;
  }
  const auto& response = std::get<synth::ChatResponse>(answer);
  plan.requests += response.http_requests;
  plan.usage = response.usage;
  if (response.choices.empty()) return plan;
  const std::string origin = "proposed by the model";
  for (const auto& text : synth::parse_proposed_signatures(response.choices[0])) {
    if (plan.chosen.size() >= max_overloads) break;
    auto sig = parse_signature(text);
    if (!sig) {
      plan.refused.push_back({text, origin, sig.error().describe()});
      continue;
    }
    if (already_chosen(plan, sig->params)) continue;
    auto result = probe_params(callable.qualname, sig->params, domain);
    if (!result) {
      plan.refused.push_back({text, origin, result.error().message});
      continue;
    }
    // The result type is CPython's, whatever the model wrote after the arrow.
    std::string note = *result == sig->result ? "" : " (CPython returns " + to_string(*result) + ")";
    plan.chosen.push_back({Signature{sig->params, *result}, origin + note});
  }
  return plan;
}

}  // namespace opsynth::cli

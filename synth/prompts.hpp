// Prompt rendering (DESIGN §5): text templates in prompts/ filled from one overload's facts. The
// templates' hash goes into the provenance of every operator they produce, so a template edit is
// traceable. Rendering is strict: a placeholder without a value is an error, never an empty hole.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "synth/attempt_history.hpp"
#include "synth/llm_client.hpp"
#include "verify/report.hpp"

namespace opsynth::synth {

// The folder the executable reads templates from: $OPSYNTH_PROMPTS, else the source tree's prompts/.
std::filesystem::path default_prompts_dir();

// Every template file of prompts/, read once. `hash` is the sha256 over the files' names and texts.
struct PromptTemplates {
  std::string system;                // the role: writes one C++ function against the rt runtime
  std::string implement;             // first request for an overload
  std::string repair_compile;        // the previous answer failed static checks or compilation
  std::string repair_counterexample; // the previous answer compiled and gave a wrong result (or crashed)
  std::string repair_extract;        // the previous answer had no usable code block
  std::string propose_signatures;    // `fill` without --sig: more signatures, as type-language strings
  std::string runtime_reference;     // the rt API reference in sections, each sent when an overload needs it
  std::string implement_generic;     // first request for a group of overloads one template may serve
  std::string file_rules;            // the static check's rules, pasted into implement and implement_generic
  std::string hash;

  static Result<PromptTemplates> load(const std::filesystem::path& dir);
};

// Replaces every {{name}} with vars[name]; an unknown name is an error naming it and the template.
Result<std::string> render(const std::string& template_text, const std::map<std::string, std::string>& vars,
                           const std::string& template_name);

// An accepted operator shown as an example of style and runtime use.
struct ExampleOp {
  std::string qualname;
  std::string signature;  // type language
  std::string source;     // its .hpp
};

// What the prompts say about one overload. Gathered on the main thread (Python facts need CPython),
// then rendered anywhere.
struct OverloadBrief {
  std::string qualname;
  std::string kind;              // "function", "method", "builtin", ...
  std::string python_signature;  // inspect.signature text, e.g. "(x, ord=None, axis=None, keepdims=False)"
  std::string docstring;         // trimmed to a useful length by the caller
  std::string signature;         // type language: "ndarray[float64,2], Literal['fro'] -> float64"
  std::string param_names;       // "x, ord, axis, keepdims"
  std::string cpp_declaration;   // the exact declaration to implement, namespace included
  std::string tolerance;         // "exact", "ulp:4", "reduction" with a sentence on what it means
  std::string domain;            // domain hints as text, or "none"
  std::string note;              // op.json's note, may be empty
  std::vector<ExampleOp> examples;
  // Attempts at this overload earlier in the run (a group's generic template it failed on): its
  // repair prompts list them before the loop's own.
  std::vector<AttemptNote> earlier_attempts;
};

std::vector<ChatMessage> implement_messages(const PromptTemplates& t, const OverloadBrief& brief);

// The conversation continued after a rejected answer: the first request, the model's answer, then the
// repair request built from the verifier's report (trimmed compiler errors, static violations, or the
// shrunk counterexample: inputs by parameter name, expected, got, exception, worker failure).
// `history` lists every refuted attempt at this overload (attempt_history.hpp).
std::vector<ChatMessage> repair_messages(const PromptTemplates& t, const OverloadBrief& brief,
                                         const std::string& previous_answer, const verify::VerifyReport& report,
                                         const std::string& history = "");
// The same after an answer with no usable code block (`why` from extract_candidate).
std::vector<ChatMessage> extract_repair_messages(const PromptTemplates& t, const OverloadBrief& brief,
                                                 const std::string& previous_answer, const std::string& why);

// The feedback text a repair prompt carries for `report`, bounded in size (long compiler output is cut
// to its first errors).
std::string describe_rejection(const verify::VerifyReport& report);

// What refuted a candidate, in one line: the counterexample's inputs with CPython's and the candidate's
// outcome, or the first compiler error or static violation.
std::string refutation_line(const verify::VerifyReport& report);

// One request for several overloads of one op (generic_group.hpp): the declarations of all of them,
// the reference sections any of them needs, the first one's other facts.
std::vector<ChatMessage> generic_messages(const PromptTemplates& t, const std::vector<const OverloadBrief*>& briefs);

// `fill` without --sig: asks for more signatures of `qualname` in the type language.
struct SignatureContext {
  std::string qualname;
  std::string python_signature;
  std::string docstring;
  std::vector<std::string> chosen;  // signatures fill already derived
};
std::vector<ChatMessage> propose_signature_messages(const PromptTemplates& t, const SignatureContext& context);
// The signature lines of an answer to that prompt (one per line, in a fenced block or not), without
// duplicates, in order; lines that are not plausible signatures are skipped, never guessed at.
std::vector<std::string> parse_proposed_signatures(const std::string& answer);

}  // namespace opsynth::synth

// Prompt rendering: loads prompts/, fills {{name}} placeholders strictly, and turns a verifier report into
// bounded repair feedback (trimmed compiler errors, static violations, the shrunk counterexample).
#include "synth/prompts.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "core/install_layout.hpp"
#include "core/sha256.hpp"
#include "core/types.hpp"
#include "core/value.hpp"
#include "synth/op_family.hpp"
#include "synth/runtime_reference.hpp"

#ifndef OPSYNTH_DEFAULT_PROMPTS
#define OPSYNTH_DEFAULT_PROMPTS "prompts"
#endif

namespace opsynth::synth {
namespace {

using Vars = std::map<std::string, std::string>;

// Feedback bounds: a repair prompt must fit a small local model's context whatever the report holds.
constexpr std::size_t kFeedbackMax = 6000;
constexpr std::size_t kReasonMax = 600;
constexpr std::size_t kStaticMax = 1500;
constexpr std::size_t kCompilerLines = 30;
constexpr std::size_t kCompilerChars = 3000;
constexpr std::size_t kReprMax = 1500;
constexpr std::size_t kReprMin = 200;
constexpr std::size_t kCounterexampleBudget = 4000;  // shared by the input, expected and got reprs

// ---- templates: files, placeholders each renderer provides ------------------------------------------

struct TemplateFile {
  const char* file;
  std::string PromptTemplates::*text;
};

// The fixed order of the hash and of load errors.
constexpr std::array<TemplateFile, 9> kFiles{{
    {"system.txt", &PromptTemplates::system},
    {"implement.txt", &PromptTemplates::implement},
    {"repair_compile.txt", &PromptTemplates::repair_compile},
    {"repair_counterexample.txt", &PromptTemplates::repair_counterexample},
    {"repair_extract.txt", &PromptTemplates::repair_extract},
    {"propose_signatures.txt", &PromptTemplates::propose_signatures},
    {"runtime_reference.md", &PromptTemplates::runtime_reference},
    {"implement_generic.txt", &PromptTemplates::implement_generic},
    {"file_rules.md", &PromptTemplates::file_rules},
}};

// Files pasted as values, never rendered: braces in them are text.
bool is_value_file(std::string_view file) {
  return file == "runtime_reference.md" || file == "file_rules.md";
}

// What implement_messages provides; the repair templates get the same facts plus their feedback.
const std::vector<std::string>& brief_var_names() {
  static const std::vector<std::string> names{
      "qualname",        "kind",      "python_signature", "docstring", "signature", "param_names",
      "cpp_declaration", "tolerance", "domain",           "note",      "examples",  "runtime_reference",
      "file_rules"};
  return names;
}

struct Contract {
  std::set<std::string> provided;
  std::vector<std::string> required;  // a template without these could not do its job
};

Contract contract_for(std::string_view file) {
  const auto& brief = brief_var_names();
  Contract c;
  // system.txt is rendered with no values; the value files are never rendered.
  if (file == "system.txt" || is_value_file(file)) return c;
  if (file == "propose_signatures.txt") {
    c.provided = {"qualname", "python_signature", "docstring", "chosen"};
    c.required = {"qualname"};
    return c;
  }
  c.provided.insert(brief.begin(), brief.end());
  if (file == "implement.txt") {
    c.required = {"cpp_declaration", "runtime_reference"};
  } else if (file == "implement_generic.txt") {
    c.provided.insert("declarations");
    c.required = {"declarations", "runtime_reference"};
  } else if (file == "repair_extract.txt") {
    c.provided.insert("why");
    c.required = {"why"};
  } else {  // repair_compile.txt, repair_counterexample.txt
    c.provided.insert({"stage", "feedback", "history"});
    c.required = {"feedback"};
  }
  return c;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A placeholder at `at` ("{{" already seen): its name and the offset just past "}}", or nothing when
// the braces are not a placeholder (C++ like `{{1, 2}}` stays as written).
struct Placeholder {
  std::string name;
  std::size_t end = 0;
};
std::optional<Placeholder> placeholder_at(std::string_view text, std::size_t at) {
  std::size_t i = at + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  const std::size_t name_begin = i;
  while (i < text.size() && is_name_char(text[i])) ++i;
  const std::size_t name_end = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (name_end == name_begin || text.substr(i, 2) != "}}") return std::nullopt;
  if (text[name_begin] >= '0' && text[name_begin] <= '9') return std::nullopt;
  return Placeholder{std::string(text.substr(name_begin, name_end - name_begin)), i + 2};
}

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    if (auto p = placeholder_at(text, at)) {
      if (std::find(names.begin(), names.end(), p->name) == names.end()) names.push_back(p->name);
      at = p->end - 1;
    }
  }
  return names;
}

// Only PromptTemplates::load's checks make rendering fail, so a failure here means a caller built a
// PromptTemplates by hand with a placeholder no renderer fills: a programming error, not bad input.
std::string render_or_throw(const std::string& text, const Vars& vars, const std::string& name) {
  auto out = render(text, vars, name);
  if (!out) throw std::invalid_argument(out.error().message);
  return std::move(*out);
}

// ---- text helpers ----------------------------------------------------------------------------------

// The longest prefix of at most `n` bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (n >= s.size()) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
  return s.substr(0, n);
}

std::string capped(std::string_view s, std::size_t cap) {
  if (s.size() <= cap) return std::string(s);
  std::string out(utf8_prefix(s, cap));
  out += " ... [" + std::to_string(s.size() - out.size()) + " more bytes cut]";
  return out;
}

std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string or_default(const std::string& value, const std::string& fallback) {
  return value.find_first_not_of(" \t\r\n") == std::string::npos ? fallback : value;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// A fence longer than any backtick run in `text`, so quoted code cannot close it early.
std::string fence_for(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

// ---- rendering the brief -----------------------------------------------------------------------------

std::string render_examples(const std::vector<ExampleOp>& examples) {
  if (examples.empty()) return "(no accepted operator is close enough to show)";
  std::string out;
  for (const ExampleOp& e : examples) {
    if (!out.empty()) out += "\n";
    const std::string fence = fence_for(e.source);
    out += "## `" + e.qualname + "` for `" + e.signature + "`\n\n" + fence + "cpp\n" + e.source;
    if (!e.source.empty() && e.source.back() != '\n') out += "\n";
    out += fence + "\n";
  }
  return out;
}

std::string render_domain(const std::string& domain) {
  const std::string d = or_default(domain, "none");
  if (d == "none") return "the whole range of every argument type, edge values included";
  return "drawn from these domain hints (" + d + "), edge values included";
}

// The reference sections every brief's types and family need (several briefs: a generic request).
std::string reference_for(const PromptTemplates& t, const std::vector<const OverloadBrief*>& briefs) {
  std::set<std::string> needs;
  for (const OverloadBrief* b : briefs) {
    auto sig = parse_signature(b->signature);
    if (!sig) return t.runtime_reference;  // a brief built by hand without a signature: the whole reference
    needs.merge(reference_needs(*sig, family_of(b->qualname, *sig)));
  }
  return select_reference(t.runtime_reference, needs);
}

Vars brief_vars(const PromptTemplates& t, const OverloadBrief& b) {
  return Vars{
      {"qualname", b.qualname},
      {"kind", or_default(b.kind, "function")},
      {"python_signature", or_default(b.python_signature, "(...)")},
      {"docstring", or_default(b.docstring, "(no docstring)")},
      {"signature", b.signature},
      {"param_names", or_default(b.param_names, "(none)")},
      {"cpp_declaration", b.cpp_declaration},
      {"tolerance", or_default(b.tolerance, "exact")},
      {"domain", render_domain(b.domain)},
      {"note", or_default(b.note, "none")},
      {"examples", render_examples(b.examples)},
      {"runtime_reference", reference_for(t, {&b})},
      {"file_rules", t.file_rules},
  };
}

std::vector<ChatMessage> first_turn(const PromptTemplates& t, const Vars& vars) {
  return {ChatMessage{"system", render_or_throw(t.system, {}, "system.txt")},
          ChatMessage{"user", render_or_throw(t.implement, vars, "implement.txt")}};
}

// ---- describing a rejection ---------------------------------------------------------------------------

bool is_note_line(std::string_view line) { return line.find("note:") != std::string_view::npos; }

// "x.hpp:3:5: error: ...", "fatal error: ...", "collect2: error: ...", "undefined reference to ...".
// Case matters: a note naming rt::ValueError is not an error line.
bool is_error_line(std::string_view line) {
  if (is_note_line(line)) return false;
  return line.find("error:") != std::string_view::npos ||
         line.find("undefined reference") != std::string_view::npos;
}

// gcc's source excerpt under a diagnostic: "   12 |   code" and "      |   ^~~~".
bool is_excerpt_line(std::string_view line) {
  const std::size_t bar = line.find('|');
  if (bar == std::string_view::npos) return false;
  for (std::size_t i = 0; i < bar; ++i) {
    const char c = line[i];
    if (c != ' ' && (c < '0' || c > '9')) return false;
  }
  return true;
}

// The first errors of `raw` with their source excerpts, within kCompilerLines / kCompilerChars;
// notes, template-instantiation context and later errors are dropped, and the cut is stated.
std::string trim_compiler_output(std::string_view raw) {
  const std::vector<std::string_view> lines = split_lines(raw);
  std::size_t total_chars = 0;
  for (auto l : lines) total_chars += l.size() + 1;
  if (lines.size() <= kCompilerLines && total_chars <= kCompilerChars) {
    std::string whole(raw);
    if (!whole.empty() && whole.back() != '\n') whole += '\n';
    return whole;
  }
  const bool any_error = std::any_of(lines.begin(), lines.end(), is_error_line);
  std::vector<std::string> kept;
  std::size_t chars = 0;
  bool after_error = false;  // the excerpt lines right under an error line belong to it
  for (std::string_view line : lines) {
    bool keep;
    if (!any_error) {
      keep = true;  // a time-out or another message without errors: the beginning is all there is
    } else if (is_excerpt_line(line)) {
      keep = after_error;
    } else {
      keep = after_error = is_error_line(line);
    }
    if (!keep) continue;
    if (kept.empty() && line.size() + 1 > kCompilerChars) {  // one huge first error: cut, not dropped
      kept.push_back(capped(line, kCompilerChars - 100));
      chars += kept.back().size() + 1;
      break;
    }
    if (kept.size() >= kCompilerLines || chars + line.size() + 1 > kCompilerChars) break;
    kept.emplace_back(line);
    chars += line.size() + 1;
  }
  std::string out;
  for (const auto& l : kept) out += l + "\n";
  if (kept.size() < lines.size()) {
    out += "[compiler output trimmed: " + std::to_string(kept.size()) + " of " +
           std::to_string(lines.size()) + " lines kept (" + std::to_string(chars) + " of " +
           std::to_string(total_chars) +
           " characters); notes, instantiation context and later errors dropped]\n";
  }
  return out;
}

std::string param_label(const verify::Counterexample& c, std::size_t i) {
  return i < c.param_names.size() && !c.param_names[i].empty() ? c.param_names[i]
                                                               : "argument " + std::to_string(i);
}

std::string layout_text(const verify::ArrayLayout& layout) {
  std::string steps;
  for (std::size_t k = 0; k < layout.steps.size(); ++k)
    steps += (k ? ", " : "") + std::to_string(layout.steps[k]);
  std::string out = "passed as a non-contiguous view";
  if (!steps.empty())
    out += " (steps per axis: " + steps + (layout.transposed ? "; transposed" : "") + ")";
  else if (layout.transposed)
    out += " (transposed)";
  return out;
}

std::string outcome_text(const verify::Outcome& o, std::size_t cap) {
  if (o.raised) {
    if (o.raised->exception == "<C++ exception>")
      return "let a C++ exception that is not an rt exception escape: " + capped(o.raised->message, cap);
    if (o.raised->exception == "<harness>")
      return "produced a value the harness could not read back: " + capped(o.raised->message, cap);
    return "raised " + o.raised->exception + "(" + capped(repr(Value(StrValue{o.raised->message})), cap) +
           ")";
  }
  if (o.result) return "returned " + capped(repr(*o.result), cap);
  return "returned nothing";
}

std::string describe_counterexample(const verify::Counterexample& c) {
  std::size_t values = c.inputs.args.size() + 2;
  for (const auto& a : c.expected.args_after) values += a.has_value();
  const std::size_t cap =
      std::clamp(kCounterexampleBudget / std::max<std::size_t>(values, 1), kReprMin, kReprMax);

  std::string out = "Failing input (shrunk; seed " + std::to_string(c.seed) + "):\n";
  if (c.inputs.args.empty()) out += "  (no arguments)\n";
  for (std::size_t i = 0; i < c.inputs.args.size(); ++i) {
    out += "  " + param_label(c, i) + " = " + capped(repr(c.inputs.args[i]), cap);
    if (i < c.inputs.layouts.size() && c.inputs.layouts[i] && !c.inputs.layouts[i]->contiguous())
      out += "   [" + layout_text(*c.inputs.layouts[i]) + "]";
    if (i < c.inputs.aliases.size() && c.inputs.aliases[i])
      out += c.inputs.alias_view(i) == verify::AliasView::same
                 ? "   [the same object as " + param_label(c, *c.inputs.aliases[i]) + "]"
                 : "   [the view " + param_label(c, *c.inputs.aliases[i]) + verify::alias_view_suffix(c.inputs.alias_view(i)) +
                       ", sharing its memory]";
    out += "\n";
  }
  out += "CPython " + outcome_text(c.expected, cap) + "\n";
  if (!c.worker_failure.empty()) {
    out += "Your code: the worker process failed: " + capped(c.worker_failure, kReprMax) + "\n";
  } else {
    out += "Your code " + outcome_text(c.got, cap) + "\n";
  }
  if (c.mismatch) {
    out += "First difference (" + c.mismatch->stage +
           "): " + capped(one_line(c.mismatch->describe()), 2 * cap) + "\n";
    if (c.mismatch->stage == "exception")
      out += "(Exception classes are compared exactly; messages are shown but not compared.)\n";
  }
  // A wrong mutation: what CPython left in each mutable argument against what the candidate left.
  const bool effect = c.mismatch && c.mismatch->stage == "effect" && c.worker_failure.empty();
  for (std::size_t i = 0; effect && i < c.expected.args_after.size(); ++i) {
    const auto& e = c.expected.args_after[i];
    if (!e) continue;
    const std::optional<Value>* g = i < c.got.args_after.size() ? &c.got.args_after[i] : nullptr;
    if (g && *g && **g == *e) continue;
    out += "After the call, " + param_label(c, i) + " held " + capped(repr(*e), cap) + " in CPython but " +
           (g && *g ? capped(repr(**g), cap) : std::string("nothing readable")) + " in your code\n";
  }
  return out;
}

std::string stage_phrase(const verify::VerifyReport& report, bool compile_template) {
  using verify::Stage;
  switch (report.stage) {
    case Stage::Static:
      return "the static check refused it";
    case Stage::Compile:
      return "it does not compile";
    case Stage::Sanitizer:
      return compile_template ? "it does not compile with -fsanitize=address,undefined"
                              : "the AddressSanitizer/UBSan build failed on a case";
    case Stage::StoredCases:
      return "on a stored case that rejected an earlier candidate";
    case Stage::EdgeCases:
      return "on an edge case";
    case Stage::Repair:
      return "on a generated case";
    case Stage::Acceptance:
      return "on an acceptance case";
    case Stage::Tool:
      return "the verifier itself failed";
  }
  return "rejected";
}

// Static violations and compiler errors go to repair_compile; a sanitizer build that failed to
// compile has no counterexample and belongs there too.
bool is_compile_rejection(const verify::VerifyReport& report) {
  if (report.stage == verify::Stage::Static || report.stage == verify::Stage::Compile) return true;
  return !report.counterexample && (!report.compiler_output.empty() || !report.static_violations.empty());
}

}  // namespace

std::filesystem::path default_prompts_dir() {
  if (const char* env = std::getenv("OPSYNTH_PROMPTS"); env && *env) return env;
  if (const auto& installed = installed_layout()) return installed->prompts_dir;
  return OPSYNTH_DEFAULT_PROMPTS;
}

Result<PromptTemplates> PromptTemplates::load(const std::filesystem::path& dir) {
  PromptTemplates t;
  Sha256 hash;
  for (const TemplateFile& f : kFiles) {
    const std::filesystem::path path = dir / f.file;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read prompt template " + path.string(), path.string()};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Error{"cannot read prompt template " + path.string(), path.string()};
    t.*(f.text) = text.str();
    const std::string& body = t.*(f.text);
    const Contract contract = contract_for(f.file);
    // The reference is pasted as a value, never rendered: braces in it are text.
    const bool rendered = !is_value_file(f.file);
    const std::vector<std::string> used = rendered ? placeholders_in(body) : std::vector<std::string>{};
    for (const std::string& name : used) {
      if (!contract.provided.contains(name)) {
        std::string known;
        for (const auto& p : contract.provided) known += (known.empty() ? "" : ", ") + p;
        return Error{
            "prompt template " + std::string(f.file) + ": unknown placeholder {{" + name + "}} (" +
                (known.empty() ? std::string("this file takes no placeholders") : "known: " + known) + ")",
            path.string()};
      }
    }
    for (const std::string& name : contract.required) {
      if (std::find(used.begin(), used.end(), name) == used.end())
        return Error{"prompt template " + std::string(f.file) + " must use {{" + name + "}}", path.string()};
    }
    hash.update(std::string_view(f.file)).update("\0", 1).update(body).update("\0", 1);
  }
  t.hash = hash.hex();
  return t;
}

Result<std::string> render(const std::string& template_text, const std::map<std::string, std::string>& vars,
                           const std::string& template_name) {
  std::string out;
  out.reserve(template_text.size());
  std::size_t from = 0;
  for (std::size_t at = template_text.find("{{"); at != std::string::npos;
       at = template_text.find("{{", at + 1)) {
    auto p = placeholder_at(template_text, at);
    if (!p) continue;
    auto value = vars.find(p->name);
    if (value == vars.end()) {
      return Error{"prompt template " + template_name + ": no value for placeholder {{" + p->name + "}}",
                   template_name};
    }
    out.append(template_text, from, at - from);
    out += value->second;  // values are never scanned again: a docstring's "{{x}}" stays text
    from = p->end;
    at = p->end - 1;
  }
  out.append(template_text, from, std::string::npos);
  return out;
}

std::vector<ChatMessage> implement_messages(const PromptTemplates& t, const OverloadBrief& brief) {
  return first_turn(t, brief_vars(t, brief));
}

std::vector<ChatMessage> repair_messages(const PromptTemplates& t, const OverloadBrief& brief,
                                         const std::string& previous_answer,
                                         const verify::VerifyReport& report, const std::string& history) {
  Vars vars = brief_vars(t, brief);
  std::vector<ChatMessage> messages = first_turn(t, vars);
  messages.push_back(ChatMessage{"assistant", previous_answer});
  const bool compile = is_compile_rejection(report);
  vars["stage"] = stage_phrase(report, compile);
  std::string feedback = describe_rejection(report);
  while (!feedback.empty() && feedback.back() == '\n') feedback.pop_back();  // the template owns the spacing
  vars["feedback"] = std::move(feedback);
  vars["history"] = or_default(history, "- only the answer above");
  messages.push_back(
      compile
          ? ChatMessage{"user", render_or_throw(t.repair_compile, vars, "repair_compile.txt")}
          : ChatMessage{"user", render_or_throw(t.repair_counterexample, vars, "repair_counterexample.txt")});
  return messages;
}

std::vector<ChatMessage> extract_repair_messages(const PromptTemplates& t, const OverloadBrief& brief,
                                                 const std::string& previous_answer, const std::string& why) {
  Vars vars = brief_vars(t, brief);
  std::vector<ChatMessage> messages = first_turn(t, vars);
  messages.push_back(ChatMessage{"assistant", previous_answer});
  vars["why"] = capped(or_default(why, "no usable code block"), kReasonMax);
  messages.push_back(ChatMessage{"user", render_or_throw(t.repair_extract, vars, "repair_extract.txt")});
  return messages;
}

std::string describe_rejection(const verify::VerifyReport& report) {
  std::string out = "Verdict: " + std::string(verify::verdict_name(report.verdict)) + " at the " +
                    std::string(verify::stage_name(report.stage)) + " stage";
  if (!report.reason.empty()) out += ": " + capped(one_line(report.reason), kReasonMax);
  out += "\n";

  if (!report.static_violations.empty()) {
    out += "\nStatic check violations (line numbers count from the first line of your code block):\n";
    std::size_t used = 0, shown = 0;
    for (const std::string& v : report.static_violations) {
      const std::string line = "- " + capped(one_line(v), 400) + "\n";
      if (used + line.size() > kStaticMax) break;
      out += line;
      used += line.size();
      ++shown;
    }
    if (shown < report.static_violations.size())
      out += "- ... and " + std::to_string(report.static_violations.size() - shown) + " more\n";
  }

  if (!report.compiler_output.empty()) {
    const std::string trimmed = trim_compiler_output(report.compiler_output);
    const std::string fence = fence_for(trimmed);
    out +=
        "\nCompiler output (candidate.hpp is your code block; its line numbers count from the block's first "
        "line):\n" +
        fence + "\n" + trimmed + fence + "\n";
  }

  if (report.counterexample) out += "\n" + describe_counterexample(*report.counterexample);

  if (out.size() > kFeedbackMax) {
    const std::string note = "\n[feedback cut at " + std::to_string(kFeedbackMax) + " characters]\n";
    out = std::string(utf8_prefix(out, kFeedbackMax - note.size())) + note;
  }
  return out;
}

std::string refutation_line(const verify::VerifyReport& report) {
  constexpr std::size_t kValue = 80;
  if (const auto& c = report.counterexample) {
    std::string inputs;
    for (std::size_t i = 0; i < c->inputs.args.size(); ++i)
      inputs += (i ? ", " : "") + param_label(*c, i) + " = " + capped(repr(c->inputs.args[i]), kValue);
    const std::string got = c->worker_failure.empty()
                                ? outcome_text(c->got, kValue)
                                : "failed in the worker: " + capped(c->worker_failure, kValue);
    return (inputs.empty() ? std::string("no arguments") : inputs) + ": CPython " +
           outcome_text(c->expected, kValue) + ", yours " + got;
  }
  const bool compile = is_compile_rejection(report);
  if (!report.static_violations.empty())
    return "the static check: " + capped(one_line(report.static_violations.front()), 200);
  if (!report.compiler_output.empty()) {
    for (std::string_view line : split_lines(report.compiler_output))
      if (is_error_line(line)) return stage_phrase(report, compile) + ": " + capped(one_line(line), 200);
  }
  return stage_phrase(report, compile) +
         (report.reason.empty() ? "" : ": " + capped(one_line(report.reason), 200));
}

std::vector<ChatMessage> generic_messages(const PromptTemplates& t,
                                          const std::vector<const OverloadBrief*>& briefs) {
  if (briefs.empty()) throw std::invalid_argument("generic_messages: no overloads");
  Vars vars = brief_vars(t, *briefs.front());
  vars["runtime_reference"] = reference_for(t, briefs);
  std::string declarations;
  for (const OverloadBrief* b : briefs) {
    declarations += "  - `" + b->signature + "`:\n\n    ```cpp\n";
    for (std::string_view line : split_lines(b->cpp_declaration))
      declarations += "    " + std::string(line) + "\n";
    declarations += "    ```\n\n";
  }
  while (!declarations.empty() && declarations.back() == '\n') declarations.pop_back();
  vars["declarations"] = std::move(declarations);
  return {ChatMessage{"system", render_or_throw(t.system, {}, "system.txt")},
          ChatMessage{"user", render_or_throw(t.implement_generic, vars, "implement_generic.txt")}};
}

std::vector<ChatMessage> propose_signature_messages(const PromptTemplates& t,
                                                    const SignatureContext& context) {
  std::string chosen;
  for (const std::string& s : context.chosen) chosen += "- `" + s + "`\n";
  if (chosen.empty()) chosen = "(none yet)\n";
  if (chosen.back() == '\n') chosen.pop_back();
  const Vars vars{{"qualname", context.qualname},
                  {"python_signature", or_default(context.python_signature, "(...)")},
                  {"docstring", or_default(context.docstring, "(no docstring)")},
                  {"chosen", chosen}};
  // No system message: system.txt asks for a C++ header, this asks for type-language lines.
  return {ChatMessage{"user", render_or_throw(t.propose_signatures, vars, "propose_signatures.txt")}};
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "- ", "* ", "• ", "1. ", "2) ", "(3) " in front of a line.
std::string_view strip_bullet(std::string_view s) {
  s = trim(s);
  if (s.starts_with("\xe2\x80\xa2")) return trim(s.substr(3));  // •
  if (!s.empty() && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s.size() > 1 && s[1] == ' ')
    return trim(s.substr(2));
  std::size_t i = s.starts_with("(") ? 1 : 0;
  const std::size_t digits = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i > digits && i < s.size() && (s[i] == '.' || s[i] == ')') && i + 1 < s.size() && s[i + 1] == ' ')
    return trim(s.substr(i + 2));
  return s;
}

// The candidate signature text of one answer line, before validation.
std::string_view signature_text(std::string_view line) {
  line = strip_bullet(line);
  // `sig` quoted inline, perhaps followed by prose: take the first quoted span holding "->".
  for (std::size_t open = line.find('`'); open != std::string_view::npos; open = line.find('`', open + 1)) {
    const std::size_t close = line.find('`', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view inside = line.substr(open + 1, close - open - 1);
    if (inside.find("->") != std::string_view::npos) return trim(inside);
    open = close;
  }
  while (!line.empty() && (line.back() == ',' || line.back() == ';')) line.remove_suffix(1);
  return trim(line);
}

}  // namespace

std::vector<std::string> parse_proposed_signatures(const std::string& answer) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::string_view line : split_lines(answer)) {
    const std::string_view t = trim(line);
    if (t.starts_with("```") || t.starts_with("~~~")) continue;
    if (t.find("->") == std::string_view::npos) continue;
    std::string_view text = signature_text(t);
    auto sig = parse_signature(text);
    if (!sig) {
      // "label: sig" or "sig  # comment": one retry each, never more guessing than that.
      if (const std::size_t colon = text.find(": ");
          colon != std::string_view::npos && colon < text.find("->"))
        sig = parse_signature(trim(text.substr(colon + 2)));
      if (!sig) {
        if (const std::size_t hash = text.find(" #"); hash != std::string_view::npos)
          sig = parse_signature(trim(text.substr(0, hash)));
      }
    }
    if (!sig) continue;
    std::string canonical = to_string(*sig);
    if (seen.insert(canonical).second) out.push_back(std::move(canonical));
  }
  return out;
}

}  // namespace opsynth::synth

// Selecting parts of the rt reference by need (see runtime_reference.hpp).
#include "synth/runtime_reference.hpp"

#include <sstream>
#include <string_view>
#include <vector>

namespace opsynth::synth {
namespace {

constexpr std::string_view kMarkerOpen = "<!-- needs:";
constexpr std::string_view kMarkerClose = "-->";

void add_type_needs(const Type& t, std::set<std::string>& needs) {
  switch (t.kind) {
    case TypeKind::Int:
      needs.insert("int");
      break;
    case TypeKind::Float:
      needs.insert("float");
      break;
    case TypeKind::Complex:
      needs.insert("complex");
      break;
    case TypeKind::Str:
      needs.insert("str");
      break;
    case TypeKind::None:
      needs.insert("none");
      break;
    case TypeKind::List:
      needs.insert("list");
      break;
    case TypeKind::Dict:
      needs.insert("dict");
      break;
    case TypeKind::Tuple:
      needs.insert("tuple");
      break;
    case TypeKind::NDArray:
      needs.insert("ndarray");
      break;
    case TypeKind::NpScalar:
      needs.insert("numpy_scalar");
      break;
    case TypeKind::Literal:
      needs.insert("literal");
      break;
    case TypeKind::Bool:
    case TypeKind::Union:
      break;
  }
  for (const Type& a : t.args) add_type_needs(a, needs);
}

// The needs a marker in `line` lists, and the line without it; no marker: nullopt needs.
struct MarkedLine {
  std::string text;
  bool marked = false;
  std::set<std::string> needs;
};
MarkedLine parse_marker(std::string_view line) {
  const std::size_t open = line.find(kMarkerOpen);
  const std::size_t close = open == std::string_view::npos ? open : line.find(kMarkerClose, open);
  if (close == std::string_view::npos) return {std::string(line), false, {}};
  MarkedLine out;
  out.marked = true;
  std::istringstream words(
      std::string(line.substr(open + kMarkerOpen.size(), close - open - kMarkerOpen.size())));
  for (std::string w; words >> w;) out.needs.insert(w);
  std::string text(line.substr(0, open));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  out.text = text + std::string(line.substr(close + kMarkerClose.size()));
  return out;
}

bool wanted(const std::set<std::string>& needs, const std::set<std::string>& have) {
  for (const auto& n : needs)
    if (have.contains(n)) return true;
  return false;
}

}  // namespace

std::set<std::string> reference_needs(const Signature& sig, OpFamily family) {
  std::set<std::string> needs;
  for (const Type& t : sig.params) add_type_needs(t, needs);
  add_type_needs(sig.result, needs);
  // Text processing (UTF-8 walks, Unicode properties) for str methods and ops that build a str; an op
  // that only stores or compares strings does without.
  if (family == OpFamily::StrMethod || sig.result.kind == TypeKind::Str) needs.insert("text");
  if (family == OpFamily::Comparison) needs.insert("compare");
  if (family == OpFamily::Linalg) needs.insert("eigen");
  return needs;
}

std::string select_reference(const std::string& markdown, const std::set<std::string>& needs) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < markdown.size();) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    lines.push_back(std::string_view(markdown).substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  std::vector<std::string_view> left_out;
  bool skipping_section = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with("## ")) {
      skipping_section = false;
      if (i + 1 < lines.size()) {
        const MarkedLine under = parse_marker(lines[i + 1]);
        if (under.marked && under.text.find_first_not_of(' ') == std::string::npos) {
          ++i;  // the marker line itself is never sent
          if (!wanted(under.needs, needs)) {
            skipping_section = true;
            left_out.push_back(line.substr(3));
            continue;
          }
        }
      }
      out += std::string(line) + "\n";
      continue;
    }
    if (skipping_section) continue;
    const MarkedLine marked = parse_marker(line);
    if (marked.marked && !wanted(marked.needs, needs)) continue;
    out += marked.text + "\n";
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
  if (!left_out.empty()) {
    // A count, not the titles: the model needs to know the reference was cut, not what it missed.
    out += "\n(Sections of this reference that the overload's types do not need are left out: " +
           std::to_string(left_out.size()) + ".)\n";
  }
  return out;
}

}  // namespace opsynth::synth

// Candidate argument types for `fill` without --sig (see signature_choice.hpp).
#include "synth/signature_choice.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace opsynth::synth {
namespace {

Type must_parse(const char* text) { return parse_type(text).value(); }

// Arrays at the dtypes and ranks most code uses, most common first.
std::vector<Type> array_menu() {
  return {must_parse("ndarray[float64,1]"), must_parse("ndarray[float64,2]"), must_parse("ndarray[int64,1]"),
          must_parse("ndarray[float32,1]")};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool has_word(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
    const std::size_t end = at + word.size();
    const bool right = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
    if (left && right) return true;
  }
  return false;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// numpydoc: "Parameters\n----------\nx : array_like\n    description\nord : {...}, optional".
std::map<std::string, std::string> documented_parameters(const std::string& doc) {
  std::map<std::string, std::string> out;
  std::istringstream in(doc);
  std::string line;
  bool inside = false;
  std::string previous;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (!inside) {
      if (t.find_first_not_of('-') == std::string::npos && !t.empty() && trim(previous) == "Parameters") inside = true;
      previous = line;
      continue;
    }
    if (!t.empty() && t.find_first_not_of('-') == std::string::npos) break;  // the next section's underline
    if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) continue;
    const auto colon = line.find(" : ");
    const std::string names = trim(colon == std::string::npos ? line : line.substr(0, colon));
    const std::string description = colon == std::string::npos ? "" : trim(line.substr(colon + 3));
    std::istringstream split(names);
    for (std::string name; std::getline(split, name, ',');) out[trim(name)] = description;
  }
  return out;
}

std::vector<Type> receiver_types(const std::string& qualname) {
  const std::string owner = qualname.substr(0, qualname.rfind('.'));
  if (owner == "str" || owner == "builtins.str") return {must_parse("str")};
  if (owner == "list" || owner == "builtins.list") return {must_parse("list[int]"), must_parse("list[float]")};
  if (owner == "dict" || owner == "builtins.dict") return {must_parse("dict[str,int]")};
  if (owner == "float" || owner == "builtins.float") return {must_parse("float")};
  if (owner == "int" || owner == "builtins.int") return {must_parse("int")};
  if (owner == "numpy.ndarray") return array_menu();
  return {};
}

// When nothing is documented: what the module's functions usually take.
std::vector<Type> fallback_types(const std::string& qualname) {
  if (qualname.rfind("numpy.", 0) == 0) return array_menu();
  if (qualname.rfind("str.", 0) == 0) return {must_parse("str")};
  return {must_parse("float"), must_parse("int")};
}

bool is_array(const Type& t) { return t.kind == TypeKind::NDArray; }

}  // namespace

std::vector<Type> types_for_description(const std::string& description) {
  const std::string d = lower(description);
  if (d.empty()) return {};
  if (has_word(d, "array_like") || has_word(d, "ndarray") || has_word(d, "array")) return array_menu();
  std::vector<Type> out;
  if (has_word(d, "str") || has_word(d, "string")) out.push_back(must_parse("str"));
  if (has_word(d, "float") || has_word(d, "scalar") || has_word(d, "number") || has_word(d, "real"))
    out.push_back(must_parse("float"));
  if (has_word(d, "int") || has_word(d, "integer")) out.push_back(must_parse("int"));
  if (has_word(d, "bool") || has_word(d, "boolean")) out.push_back(must_parse("bool"));
  if (out.empty() && (has_word(d, "sequence") || has_word(d, "list"))) out.push_back(must_parse("list[float]"));
  return out;
}

std::vector<ProposedParams> derive_parameter_types(const CallableFacts& facts, std::size_t limit) {
  const auto documented = documented_parameters(facts.doc);
  std::vector<std::vector<Type>> menus;
  std::vector<std::string> whys;
  for (std::size_t i = 0; i < facts.params.size(); ++i) {
    const ParameterFacts& p = facts.params[i];
    if (p.has_default || p.variadic) break;  // trailing defaults stay at their defaults
    std::vector<Type> menu;
    std::string why;
    if (i == 0 && facts.method_of_type) {
      menu = receiver_types(facts.qualname);
      why = p.name + ": the receiver";
    }
    if (menu.empty()) {
      if (auto d = documented.find(p.name); d != documented.end()) {
        menu = types_for_description(d->second);
        why = p.name + ": " + d->second + " (docstring)";
      }
    }
    if (menu.empty()) {
      menu = fallback_types(facts.qualname);
      why = p.name + ": undocumented, the module's usual types";
    }
    menus.push_back(std::move(menu));
    whys.push_back(std::move(why));
  }
  std::string why_all;
  for (const auto& w : whys) why_all += (why_all.empty() ? "" : "; ") + w;
  if (menus.empty()) return {ProposedParams{{}, "no required parameters"}};

  // Array parameters move together (two float64 matrices, not every mix of dtypes and ranks); every
  // other parameter crosses with them, most common choices first.
  std::size_t array_choices = 1;
  for (const auto& m : menus) {
    if (!m.empty() && is_array(m[0])) array_choices = std::max(array_choices, m.size());
  }
  std::vector<ProposedParams> out;
  std::vector<std::size_t> index(menus.size(), 0);
  for (std::size_t a = 0; a < array_choices && out.size() < limit; ++a) {
    std::fill(index.begin(), index.end(), 0);
    while (out.size() < limit) {
      ProposedParams proposal{{}, why_all};
      for (std::size_t i = 0; i < menus.size(); ++i) {
        const auto& m = menus[i];
        proposal.params.push_back(is_array(m[0]) ? m[std::min(a, m.size() - 1)] : m[index[i]]);
      }
      if (std::find_if(out.begin(), out.end(), [&](const ProposedParams& p) { return p.params == proposal.params; }) ==
          out.end())
        out.push_back(std::move(proposal));
      // Next combination of the non-array parameters (an odometer).
      std::size_t i = 0;
      for (; i < menus.size(); ++i) {
        if (is_array(menus[i][0])) continue;
        if (++index[i] < menus[i].size()) break;
        index[i] = 0;
      }
      if (i == menus.size()) break;
    }
  }
  return out;
}

}  // namespace opsynth::synth

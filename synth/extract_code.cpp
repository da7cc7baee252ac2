// Candidate extraction: fenced blocks found line by line (CommonMark's fence rules, leniently), then a
// light token scan of each block for a definition of the expected function in the expected namespace.
// No C++ parsing beyond balanced brackets: the compiler judges the code, this only picks the block.
#include "synth/extract_code.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace opsynth::synth {
namespace {

// ---- fenced blocks -------------------------------------------------------------------------------------

struct Block {
  std::string info;  // the opening fence's info string ("cpp", "c++ title=x", "")
  std::string code;
  bool closed = false;
};

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

struct Fence {
  char marker = '`';
  std::size_t length = 0;
  std::size_t indent = 0;
  std::string_view info;
};

// A fence line: any indentation (models indent fences inside list items), then 3+ backticks or tildes.
std::optional<Fence> fence_of(std::string_view line) {
  Fence f;
  f.indent = indent_of(line);
  if (f.indent >= line.size() || (line[f.indent] != '`' && line[f.indent] != '~')) return std::nullopt;
  f.marker = line[f.indent];
  std::size_t i = f.indent;
  while (i < line.size() && line[i] == f.marker) ++i;
  f.length = i - f.indent;
  if (f.length < 3) return std::nullopt;
  f.info = line.substr(i);
  while (!f.info.empty() && (f.info.front() == ' ' || f.info.front() == '\t')) f.info.remove_prefix(1);
  while (!f.info.empty() && (f.info.back() == ' ' || f.info.back() == '\t')) f.info.remove_suffix(1);
  // ```cpp x``` on one line is inline code, not a fence (CommonMark: no backtick in a backtick info).
  if (f.marker == '`' && f.info.find('`') != std::string_view::npos) return std::nullopt;
  return f;
}

std::vector<Block> fenced_blocks(std::string_view text) {
  std::vector<Block> blocks;
  std::optional<Fence> open;
  for (std::string_view line : lines_of(text)) {
    if (!open) {
      if (auto f = fence_of(line)) {
        open = f;
        blocks.push_back(Block{std::string(f->info), "", false});
      }
      continue;
    }
    if (auto f = fence_of(line);
        f && f->marker == open->marker && f->length >= open->length && f->info.empty()) {
      blocks.back().closed = true;
      open.reset();
      continue;
    }
    // Content lines lose up to the opening fence's indentation.
    std::size_t drop = 0;
    while (drop < open->indent && drop < line.size() && (line[drop] == ' ' || line[drop] == '\t')) ++drop;
    blocks.back().code.append(line.substr(drop));
    blocks.back().code += '\n';
  }
  return blocks;
}

// Untagged blocks count as C++; so do the tags models use for C++ headers.
bool is_cpp_info(std::string_view info) {
  std::string word;
  std::size_t i = 0;
  while (i < info.size() && (info[i] == '{' || info[i] == '.')) ++i;
  for (; i < info.size(); ++i) {
    const char c = info[i];
    const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '+')) break;
    word += lower;
  }
  static const std::vector<std::string_view> tags{"",   "cpp", "c++", "cxx", "cc",        "hpp",  "hxx",
                                                  "hh", "h++", "h",   "c",   "cplusplus", "cpp20"};
  return std::find(tags.begin(), tags.end(), word) != tags.end();
}

// ---- tokens ---------------------------------------------------------------------------------------------

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

// The code with comments, string and character literals and preprocessor lines blanked out, so that
// nothing inside them looks like a namespace, a brace or the function's name.
std::string code_only(std::string_view code) {
  std::string out(code);
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < out.size(); ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  std::size_t i = 0;
  bool line_start = true;
  while (i < code.size()) {
    const char c = code[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (line_start && (c == ' ' || c == '\t')) {
      ++i;
      continue;
    }
    if (line_start && c == '#') {  // a directive, with its continuation lines
      std::size_t end = i;
      while (end < code.size() && code[end] != '\n') {
        if (code[end] == '\\' && end + 1 < code.size() && code[end + 1] == '\n') ++end;
        ++end;
      }
      blank(i, end);
      i = end;
      continue;
    }
    line_start = false;
    if (code.substr(i, 2) == "//") {
      const std::size_t end = std::min(code.find('\n', i), code.size());
      blank(i, end);
      i = end;
      continue;
    }
    if (code.substr(i, 2) == "/*") {
      const std::size_t close = code.find("*/", i + 2);
      const std::size_t end = close == std::string_view::npos ? code.size() : close + 2;
      blank(i, end);
      i = end;
      continue;
    }
    if (is_ident_start(c)) {
      std::size_t j = i;
      while (j < code.size() && is_ident_char(code[j])) ++j;
      const std::string_view word = code.substr(i, j - i);
      const bool prefix = word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR";
      if (prefix && j < code.size() && code[j] == '"') {  // raw string R"delim( ... )delim"
        const std::size_t paren = code.find('(', j + 1);
        if (paren != std::string_view::npos) {
          const std::string closing = ")" + std::string(code.substr(j + 1, paren - j - 1)) + "\"";
          const std::size_t close = code.find(closing, paren + 1);
          const std::size_t end = close == std::string_view::npos ? code.size() : close + closing.size();
          blank(i, end);
          i = end;
          continue;
        }
      }
      i = j;  // u8"x", L'x': the literal itself is handled on the next turn
      continue;
    }
    if (c >= '0' && c <= '9') {  // pp-number, digit separators included (1'000'000)
      std::size_t j = i + 1;
      while (j < code.size() && (is_ident_char(code[j]) || code[j] == '.' ||
                                 (code[j] == '\'' && j + 1 < code.size() && is_ident_char(code[j + 1])))) {
        ++j;
      }
      i = j;
      continue;
    }
    if (c == '"' || c == '\'') {
      std::size_t j = i + 1;
      while (j < code.size() && code[j] != c && code[j] != '\n') j += code[j] == '\\' ? 2 : 1;
      const std::size_t end = std::min(j + 1, code.size());
      blank(i, end);
      i = end;
      continue;
    }
    ++i;
  }
  return out;
}

std::vector<std::string> tokenize(std::string_view code) {
  static const std::vector<std::string_view> pairs{"::", "->", "==", "!=", "<=", ">=", "&&", "||",
                                                   "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="};
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (is_ident_char(c)) {
      std::size_t j = i;
      while (j < code.size() && (is_ident_char(code[j]) || (c >= '0' && c <= '9' && code[j] == '.'))) ++j;
      tokens.emplace_back(code.substr(i, j - i));
      i = j;
    } else {
      const std::string_view two = code.substr(i, 2);
      const bool pair = std::find(pairs.begin(), pairs.end(), two) != pairs.end();
      tokens.emplace_back(code.substr(i, pair ? 2 : 1));
      i += pair ? 2 : 1;
    }
  }
  return tokens;
}

// ---- the definition scan ----------------------------------------------------------------------------------

std::string join_ns(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "::") + p;
  return out;
}

struct Scan {
  bool defines = false;                // a body in the expected namespace
  bool declares = false;               // a declaration (no body) in the expected namespace
  std::vector<std::string> elsewhere;  // namespaces holding a definition of the name instead
  bool balanced = true;                // every '{' closed, nothing unmatched
};

Scan scan_block(std::string_view code, const std::vector<std::string>& expected, const std::string& fn) {
  const std::vector<std::string> t = tokenize(code_only(code));
  struct Frame {
    bool is_namespace;
    std::size_t names;
  };
  std::vector<Frame> frames;
  std::vector<std::string> path;
  Scan scan;
  auto at_namespace_scope = [&] {
    return std::all_of(frames.begin(), frames.end(), [](const Frame& f) { return f.is_namespace; });
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& tok = t[i];
    if (tok == "namespace") {
      std::vector<std::string> names;
      bool inline_next = i > 0 && t[i - 1] == "inline";  // inline namespaces are transparent to lookup
      std::size_t j = i + 1;
      for (; j < t.size() && (t[j] == "::" || t[j] == "inline" || is_ident_start(t[j][0])); ++j) {
        if (t[j] == "inline") {
          inline_next = true;
        } else if (t[j] != "::") {
          if (!inline_next) names.push_back(t[j]);
          inline_next = false;
        }
      }
      if (j < t.size() && t[j] == "{") {
        if (names.empty() && (j == i + 1)) names.push_back("{anonymous}");
        frames.push_back(Frame{true, names.size()});
        path.insert(path.end(), names.begin(), names.end());
        i = j;
      } else {
        i = j - 1;  // `using namespace x;`, an alias, or a truncated line
      }
      continue;
    }
    if (tok == "{") {
      frames.push_back(Frame{false, 0});
      continue;
    }
    if (tok == "}") {
      if (frames.empty()) {
        scan.balanced = false;
        continue;
      }
      path.resize(path.size() - frames.back().names);
      frames.pop_back();
      continue;
    }
    if (tok != fn || i + 1 >= t.size() || t[i + 1] != "(" || !at_namespace_scope()) continue;
    if (i > 0 && (t[i - 1] == "." || t[i - 1] == "->")) continue;
    // `oplib::math::sqrt(` written out at namespace scope: the qualifier adds to the current path.
    std::vector<std::string> ns = path;
    std::vector<std::string> qualifier;
    std::size_t q = i;
    bool global = false;
    while (q >= 2 && t[q - 1] == "::" && is_ident_start(t[q - 2][0])) {
      qualifier.insert(qualifier.begin(), t[q - 2]);
      q -= 2;
    }
    if (q >= 1 && t[q - 1] == "::") global = true;
    if (global) ns.clear();
    ns.insert(ns.end(), qualifier.begin(), qualifier.end());
    // A declaration has a type before the name (`double sqrt(`, `T& f(`, `auto f(`); a call does not.
    const std::size_t before = global ? q - 1 : q;
    const std::string prev = before > 0 ? t[before - 1] : "";
    const bool after_type = prev == ">" || prev == "&" || prev == "*" || prev == "]" || prev == "&&" ||
                            (!prev.empty() && is_ident_start(prev[0]) && prev != "return" &&
                             prev != "throw" && prev != "co_return");
    // The parameter list, then qualifiers, a trailing return type or a requires-clause, then `{`.
    std::size_t k = i + 1;
    int depth = 0;
    for (; k < t.size(); ++k) {
      if (t[k] == "(") ++depth;
      if (t[k] == ")" && --depth == 0) break;
    }
    if (k >= t.size()) continue;  // cut off inside the parameter list
    bool body = false, declaration = false;
    depth = 0;
    for (++k; k < t.size(); ++k) {
      const std::string& s = t[k];
      if (s == "(" || s == "[") {
        ++depth;
      } else if (s == ")" || s == "]") {
        if (--depth < 0) break;  // the name was inside an enclosing call: `decltype(sqrt(1.0))`
      } else if (depth == 0 && (s == "{" || s == "try")) {
        body = true;
        break;
      } else if (depth == 0 && s == ";") {
        declaration = true;
        break;
      } else if (depth == 0 && (s == "=" || s == "," || s == "}")) {
        break;  // `= delete`, an initializer, a call inside an expression
      }
    }
    if (ns == expected) {
      scan.defines = scan.defines || body;
      scan.declares = scan.declares || (declaration && after_type);
    } else if (body) {
      scan.elsewhere.push_back(ns.empty() ? "the global namespace" : "namespace " + join_ns(ns));
    }
  }
  if (!frames.empty()) scan.balanced = false;
  return scan;
}

std::vector<std::string> split_ns(const std::string& ns) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = ns.find("::", start);
    parts.push_back(ns.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 2;
  }
}

Result<std::string> extract_from(std::string_view text, const CppName& name) {
  const std::string target = name.ns + "::" + name.function;
  const std::vector<Block> blocks = fenced_blocks(text);
  if (blocks.empty()) return Error{"no fenced code block", target};
  const std::vector<std::string> expected = split_ns(name.ns);

  std::optional<std::size_t> chosen;
  bool declared = false, truncated_definition = false;
  std::vector<std::string> elsewhere, other_tags;
  std::size_t cpp_blocks = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (!is_cpp_info(blocks[b].info)) {
      other_tags.push_back(blocks[b].info);
      continue;
    }
    ++cpp_blocks;
    const Scan scan = scan_block(blocks[b].code, expected, name.function);
    declared = declared || scan.declares;
    elsewhere.insert(elsewhere.end(), scan.elsewhere.begin(), scan.elsewhere.end());
    if (!scan.defines) continue;
    // An unclosed fence is the end of the answer: usable only if the code itself is complete.
    if (!blocks[b].closed && !scan.balanced) {
      truncated_definition = true;
      continue;
    }
    chosen = b;  // the last defining block wins: models restate the fixed code last
  }
  if (chosen) return blocks[*chosen].code;

  if (truncated_definition || (!blocks.back().closed && is_cpp_info(blocks.back().info)))
    return Error{"the code block is not closed (answer truncated?)", target};
  std::string why = "no code block defines " + target;
  if (!elsewhere.empty()) {
    why += " (" + name.function + " is defined in " + elsewhere.back() + "; it must be inside namespace " +
           name.ns + ")";
  } else if (declared) {
    why += " (it is declared with ';' after the parameter list but never given a body)";
  } else if (cpp_blocks == 0) {
    std::string tags;
    for (const auto& tag : other_tags) tags += (tags.empty() ? "" : ", ") + tag;
    why += " (no C++ code block; the blocks are tagged " + tags + ")";
  } else {
    why += " (" + std::to_string(cpp_blocks) + " code block" + (cpp_blocks == 1 ? "" : "s") +
           " without a definition `" + name.function + "(...) { ... }` inside namespace " + name.ns + ")";
  }
  return Error{why, target};
}

}  // namespace

Result<std::string> extract_candidate(std::string_view answer, std::string_view qualname) {
  auto name = cpp_name(qualname);
  if (!name) return name.error();
  const std::string text = normalize_newlines(answer);
  // Reasoning models think aloud first; their drafts come before </think>, the answer after it.
  if (const std::size_t think = text.rfind("</think>"); think != std::string::npos) {
    auto after = extract_from(std::string_view(text).substr(think + 8), *name);
    if (after) return after;
  }
  return extract_from(text, *name);
}

}  // namespace opsynth::synth

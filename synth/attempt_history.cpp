// Earlier attempts as short notes for repair prompts (see attempt_history.hpp).
#include "synth/attempt_history.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace opsynth::synth {
namespace {

constexpr std::size_t kIdeaChars = 160;
constexpr std::size_t kNoteChars = 320;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// At most `n` bytes, never splitting a UTF-8 sequence or a word: cut at the last space before.
std::string shortened(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  std::size_t cut = n - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  if (const std::size_t space = s.substr(0, cut).rfind(' '); space != std::string_view::npos && space > n / 2)
    cut = space;
  return std::string(trim(s.substr(0, cut))) + "...";
}

std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    const bool blank = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (blank && !space) out += ' ';
    if (!blank) out += c;
    space = blank;
  }
  return out;
}

// The prose before the first code fence: the model's own summary of its approach.
std::string first_sentence_of_prose(const std::string& answer) {
  const std::string_view prose = trim(std::string_view(answer).substr(0, answer.find("```")));
  if (prose.empty()) return "";
  std::size_t end = prose.size();
  for (std::size_t i = 0; i + 1 < prose.size(); ++i) {
    if ((prose[i] == '.' || prose[i] == ':') && (prose[i + 1] == ' ' || prose[i + 1] == '\n')) {
      end = i + 1;
      break;
    }
    if (prose[i] == '\n' && prose[i + 1] == '\n') {
      end = i;
      break;
    }
  }
  const std::string sentence = one_line(prose.substr(0, end));
  // "Here is the implementation." says nothing about the approach.
  const std::string lower = [&] {
    std::string l = sentence;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return l;
  }();
  if (sentence.size() < 25 || lower.starts_with("here is") || lower.starts_with("here's")) return "";
  return sentence;
}

std::string first_comment(const std::string& source) {
  for (std::size_t at = source.find("//"); at != std::string::npos; at = source.find("//", at + 2)) {
    const std::size_t end = source.find('\n', at);
    const std::string text =
        one_line(std::string_view(source).substr(at + 2, end == std::string::npos ? end : end - at - 2));
    if (text.size() >= 12) return text;
  }
  return "";
}

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }

// "calls std::log, rt::float_truediv": the qualified calls show the approach when nothing else does.
std::string calls_made(const std::string& source) {
  std::vector<std::string> calls;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (!(source.compare(i, 5, "std::") == 0 || source.compare(i, 4, "rt::") == 0)) continue;
    if (i > 0 && is_ident(source[i - 1])) continue;
    std::size_t j = i;
    while (j < source.size() && is_ident(source[j])) ++j;
    if (j < source.size() && source[j] == '(') {
      std::string name = source.substr(i, j - i);
      if (seen.insert(name).second) calls.push_back(std::move(name));
    }
    i = j;
  }
  if (calls.empty()) return "plain code without std:: or rt:: calls";
  std::string out = "calls ";
  for (std::size_t k = 0; k < calls.size() && k < 6; ++k) out += (k ? ", " : "") + calls[k];
  if (calls.size() > 6) out += ", ...";
  return out;
}

std::string note_line(const AttemptNote& n) {
  const std::string which =
      n.attempt == 0 ? "the group's generic template" : "attempt " + std::to_string(n.attempt);
  return "- " + which + ", candidate " + std::to_string(n.sample + 1) + ": " + shortened(n.idea, kIdeaChars) +
         " -- refuted: " + one_line(n.refuted_by);
}

}  // namespace

std::string idea_of(const std::string& answer, const std::string& source) {
  if (std::string s = first_sentence_of_prose(answer); !s.empty()) return shortened(s, kIdeaChars);
  if (source.empty()) return "no code";
  if (std::string c = first_comment(source); !c.empty()) return shortened(c, kIdeaChars);
  return calls_made(source);
}

std::string render_attempt_history(const std::vector<AttemptNote>& notes, std::size_t max_chars) {
  std::vector<std::string> lines;
  for (const AttemptNote& n : notes) lines.push_back(shortened(note_line(n), kNoteChars));
  auto total = [](const std::vector<std::string>& ls) {
    std::size_t t = 0;
    for (const auto& l : ls) t += l.size() + 1;
    return t;
  };
  // Over the bound: drop from the second note on, keeping the first idea and the latest ones.
  std::size_t omitted = 0;
  while (lines.size() > 2 && total(lines) + 60 > max_chars) {
    lines.erase(lines.begin() + 1);
    ++omitted;
  }
  std::string out;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out += lines[k] + "\n";
    if (k == 0 && omitted > 0) out += "- (" + std::to_string(omitted) + " later attempts left out)\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace opsynth::synth

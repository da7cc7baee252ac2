// Cutting a docstring at a section boundary (see docstring_excerpt.hpp).
#include "synth/docstring_excerpt.hpp"

#include <string_view>
#include <vector>

namespace opsynth::synth {
namespace {

struct Section {
  std::string title;  // "" for the summary before the first heading
  std::string text;   // heading lines included
};

bool is_underline(std::string_view line) {
  const std::size_t first = line.find_first_not_of(' ');
  if (first == std::string_view::npos || line.size() - first < 3) return false;
  return line.find_first_not_of("- ", first) == std::string_view::npos;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// numpydoc: a title line directly over a line of dashes starts a section.
std::vector<Section> sections_of(const std::string& doc) {
  const auto lines = lines_of(doc);
  std::vector<Section> sections(1);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool heading = i + 1 < lines.size() && is_underline(lines[i + 1]) &&
                         lines[i].find_first_not_of(' ') != std::string_view::npos;
    if (heading) {
      const std::size_t first = lines[i].find_first_not_of(' ');
      sections.push_back({std::string(lines[i].substr(first)), ""});
    }
    sections.back().text += std::string(lines[i]) + (i + 1 < lines.size() ? "\n" : "");
  }
  return sections;
}

// The longest prefix of `text` within `max` that ends at a blank line, else at a line end.
std::string cut_at_boundary(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  const std::string_view head = std::string_view(text).substr(0, max);
  std::size_t cut = head.rfind("\n\n");
  if (cut == std::string_view::npos || cut < max / 2) cut = head.rfind('\n');
  if (cut == std::string_view::npos) cut = head.rfind(' ');
  if (cut == std::string_view::npos) cut = 0;
  return text.substr(0, cut);
}

}  // namespace

std::string docstring_excerpt(const std::string& doc, std::size_t max_chars) {
  if (doc.size() <= max_chars) return doc;
  std::string kept;
  std::vector<std::string> dropped;
  for (const Section& s : sections_of(doc)) {
    if (s.title == "See Also" || s.title == "References") {
      dropped.push_back(s.title);
      continue;
    }
    kept += s.text;
  }
  std::string note;
  if (kept.size() > max_chars) {
    std::string within;
    std::string where;
    for (const Section& s : sections_of(kept)) {
      if (within.size() + s.text.size() > max_chars) {
        const std::string title = s.title.empty() ? "summary" : s.title + " section";
        if (within.size() < max_chars / 2) {  // a cut before it would waste the budget: cut inside it
          within += cut_at_boundary(s.text, max_chars - within.size());
          where = "cut inside the " + title;
        } else {
          where = "cut before the " + title;
        }
        break;
      }
      within += s.text;
    }
    note = where + " (" + std::to_string(kept.size() - within.size()) + " more characters)";
    kept = std::move(within);
  }
  while (!kept.empty() && (kept.back() == '\n' || kept.back() == ' ')) kept.pop_back();
  std::string what;
  for (const auto& d : dropped) what += (what.empty() ? "" : ", ") + d;
  if (!what.empty())
    note = "the " + what + " section" + (dropped.size() > 1 ? "s" : "") + " left out" +
           (note.empty() ? "" : "; " + note);
  return kept + "\n\n[docstring shortened: " + note + "]";
}

}  // namespace opsynth::synth

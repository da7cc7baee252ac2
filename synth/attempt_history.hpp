// Memory across attempts at one overload: each refuted candidate as the idea it tried (one line) and
// what refuted it (one line), so a repair prompt shows every earlier failure, not only the last, and a
// model does not circle back to an approach already refuted. Bounded: a long run keeps the first and
// the latest attempts and says how many it left out.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace opsynth::synth {

struct AttemptNote {
  int attempt = 0;         // 1-based request; 0 for the generic template asked for the overload's group
  int sample = 0;          // 0-based choice
  std::string idea;        // "uses std::log(1.0 + x)", or the model's own first sentence
  std::string refuted_by;  // "x = -1.0: CPython raised ValueError, yours returned -inf"
};

// The idea of an answer in one line: the model's first sentence outside the code block when it wrote
// one, else the first comment of the code, else the library calls the code makes.
std::string idea_of(const std::string& answer, const std::string& source);

// The notes as Markdown bullet lines within `max_chars` (each note cut to a line of its own first).
std::string render_attempt_history(const std::vector<AttemptNote>& notes, std::size_t max_chars = 1600);

}  // namespace opsynth::synth

// The docstring a prompt carries: whole when it fits, else cut at a section boundary and said so,
// never in the middle of a line or a number ("array([  3.741" told a model nothing). numpydoc
// sections that only point elsewhere (See Also, References) go first; then the text is cut before
// the first section that would pass the budget (Examples, usually), or inside it at a paragraph (else
// a line) when a cut before it would leave most of the budget unused.
#pragma once

#include <cstddef>
#include <string>

namespace opsynth::synth {

// About 300 tokens: a numpy docstring's summary and its Parameters (whole or cut at a paragraph).
constexpr std::size_t kPromptDocstringChars = 1200;

std::string docstring_excerpt(const std::string& doc, std::size_t max_chars = kPromptDocstringChars);

}  // namespace opsynth::synth

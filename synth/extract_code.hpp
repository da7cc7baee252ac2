// Takes the candidate out of a model's answer: the fenced code block that defines the expected
// function. Answers are untrusted text; extraction never executes or interprets anything.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace opsynth::synth {

// The C++ of the fenced block (``` or ~~~, tagged cpp/c++/cxx/hpp or untagged) that defines the
// function `qualname` names, e.g. numpy.linalg.norm → a `norm(` definition inside namespace
// oplib::numpy::linalg (nested or `namespace a::b` form). When several blocks define it, the last
// one wins (models restate fixed code last). Errors say why: "no fenced code block", "the code block
// is not closed (answer truncated?)", "no code block defines oplib::numpy::linalg::norm".
Result<std::string> extract_candidate(std::string_view answer, std::string_view qualname);

}  // namespace opsynth::synth

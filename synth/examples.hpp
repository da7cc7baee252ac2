// Example operators for a prompt: one or two accepted implementations from oplib whose types look
// like the overload's (its own op's other overloads first, then the same module, then matching
// parameter kinds), small enough not to crowd out the task.
#pragma once

#include <string>
#include <vector>

#include "oplib/library/library.hpp"
#include "synth/prompts.hpp"

namespace opsynth::synth {

std::vector<ExampleOp> choose_examples(const oplib::Library& library, const std::string& qualname, const Signature& sig,
                                       std::size_t count = 2, std::size_t max_chars = 6000);

}  // namespace opsynth::synth

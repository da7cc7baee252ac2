// Example operators for a prompt: one or two accepted implementations from oplib, the closest first:
// the op's own accepted overloads (also those committed earlier in the same run), then ops of the same
// family (op_family.hpp), then the same module, then matching parameter kinds; small enough not to
// crowd out the task.
#pragma once

#include <string>
#include <vector>

#include "oplib/library/library.hpp"
#include "synth/prompts.hpp"

namespace opsynth::synth {

// `max_chars` bounds all examples together (about 350 tokens by default).
std::vector<ExampleOp> choose_examples(const oplib::Library& library, const std::string& qualname, const Signature& sig,
                                       std::size_t count = 2, std::size_t max_chars = 1400);

}  // namespace opsynth::synth

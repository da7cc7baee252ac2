// The parts of the rt reference (prompts/runtime_reference.md) one overload needs. The file marks what
// calls for each part with `<!-- needs: str list -->`: on the line under a `## ` heading the marker
// covers the section, at the end of any other line (a table row) that line. Unmarked text is always
// sent. The needs of an overload come from the types of its signature and from its family (a
// comparison needs Python's comparison rules, linalg the Eigen adapter), so an ndarray op never
// carries the str/list/dict reference.
#pragma once

#include <set>
#include <string>

#include "core/types.hpp"
#include "synth/op_family.hpp"

namespace opsynth::synth {

// "int", "float", "complex", "str", "list", "dict", "tuple", "ndarray", "numpy_scalar", "literal",
// "none"; "text" for a str method or a str result; from the family "compare" or "eigen".
std::set<std::string> reference_needs(const Signature& sig, OpFamily family);

// The reference with the parts no need calls for left out and the markers removed; a closing line
// says how many sections were left out, so the model knows the reference was cut.
std::string select_reference(const std::string& markdown, const std::set<std::string>& needs);

}  // namespace opsynth::synth

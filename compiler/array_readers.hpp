// Which operators may write into an array. Passes that compute something earlier or later than the
// program says (elementwise fusion, reduction lanes) need to know that nothing in between changes the
// arrays they read.
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// One of numpy's functions and array accessors that only read their arguments (the library grows: an
// operator not listed here is taken to write).
bool only_reads_arrays(const std::string& qualname);

// The type is, or contains, an array (an unknown type may).
bool holds_array(const IrType& t);
bool holds_array(const Type& t);

}  // namespace opsynth::compiler

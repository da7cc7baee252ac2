// Which operator calls may write into an array. Passes that compute something earlier or later than the
// program says (elementwise fusion, reduction lanes) need to know that nothing in between changes the
// arrays they read.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// True when the call only reads the arrays it is given: numpy's functions and array accessors that
// return new values, and Python's non-in-place operators, with every array among their inputs (an
// array in a later position may be numpy's `out=`, which is written). The library grows: an operator
// not listed here is taken to write.
bool only_reads_arrays(const std::string& qualname, const std::vector<IrType>& arg_types);

// The call may write into an array: one of its arguments holds one, and it is not a reader above.
bool may_write_arrays(const std::string& qualname, const std::vector<IrType>& arg_types);

// The type is, or contains, an array (an unknown type may).
bool holds_array(const IrType& t);
bool holds_array(const Type& t);

}  // namespace opsynth::compiler

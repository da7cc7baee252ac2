// `opsynth compile FILE.py::FN --example MODULE:EXPR`: FN's parameter types from example arguments.
// MODULE is a module importable from FILE.py's folder or the current one, or a path to a .py file (a
// file of arguments); EXPR is evaluated in its namespace and gives the arguments, a tuple of them (a
// single argument that is itself a tuple is written `(t,)`).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

namespace opsynth::cli {

// The type of each argument; an error names the argument and what has no type (an empty list, a mix
// of element types, an int beyond int64). Needs a running interpreter.
Result<std::vector<Type>> example_argument_types(const std::string& spec, const std::string& source_file);

}  // namespace opsynth::cli

// `fill` without --sig: which overloads to ask for. From the callable's parameters and docstring it
// derives candidate argument types (array-likes at the usual dtypes and ranks, documented scalar
// types, the receiver's type for methods). Candidates are only proposals: the caller probes each with
// CPython, which gives the result type or refuses the overload, before any code is requested.
#pragma once

#include <string>
#include <vector>

#include "core/types.hpp"

namespace opsynth::synth {

struct ParameterFacts {
  std::string name;
  bool has_default = false;
  bool variadic = false;  // *args / **kwargs
};

struct CallableFacts {
  std::string qualname;
  bool method_of_type = false;  // str.upper: the first parameter is the receiver
  std::vector<ParameterFacts> params;
  std::string doc;
};

// Argument-type lists for the required parameters (trailing defaults are left at their defaults),
// at most `limit` of them, most common first. Each names why it was chosen.
struct ProposedParams {
  std::vector<Type> params;
  std::string why;  // "x: array_like (docstring)"
};
std::vector<ProposedParams> derive_parameter_types(const CallableFacts& facts, std::size_t limit = 8);

// The types a numpydoc "Parameters" entry or a plain description suggests ("array_like" → arrays,
// "int" → int, ...); empty when it says nothing usable.
std::vector<Type> types_for_description(const std::string& description);

}  // namespace opsynth::synth

// The family an overload belongs to, for prompts: which examples are close and which parts of the rt
// reference it needs. Decided by a written rule from the qualname's module and the signature's shape,
// never from a list of operator names (the tolerance rule keeps those), first match wins:
//   numpy.linalg.*                                             -> linalg
//   str.*                                                      -> str method
//   list.*, dict.*                                             -> container method
//   two arguments and a bool result (or a bool array)          -> comparison
//   an array argument and a result of lower rank (or a scalar) -> reduction
//   array arguments and an array result of their rank         -> ufunc
//   scalar arguments and a scalar result                       -> math scalar
//   anything else                                              -> other
#pragma once

#include <string_view>

#include "core/types.hpp"

namespace opsynth::synth {

enum class OpFamily { Linalg, StrMethod, ContainerMethod, Comparison, Reduction, Ufunc, MathScalar, Other };

OpFamily family_of(std::string_view qualname, const Signature& sig);

}  // namespace opsynth::synth

// numpy dtypes used as values (`dtype=np.float32`, `x.dtype`, `x.astype(float)`, `np.dtype('f8')`).
// The compiler folds each to the Literal of the dtype's name (Literal['float32']): numpy accepts the
// name wherever it takes a dtype, so the operator called with it behaves as with the type object,
// and the dtype is known at compile time, which decides the result type.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/types.hpp"

namespace opsynth::compiler {

// numpy.float64, numpy.double, numpy.int64, numpy.int_, numpy.bool_, ... as a value.
std::optional<Dtype> numpy_type_as_dtype(const std::string& qualname);

// The builtins numpy reads as dtypes (float, int, bool, complex), only where a dtype is expected:
// elsewhere `float` is the Python type.
std::optional<Dtype> builtin_as_dtype(const std::string& name);

// A dtype given as a string: 'float64', 'f8', 'float', 'int32', 'i4', '?', ...
std::optional<Dtype> dtype_from_string(const std::string& text);

// The positional index of the dtype parameter of numpy callables that take one
// (np.zeros(n, float), x.astype(np.int64)); nullopt for the rest.
std::optional<std::size_t> dtype_parameter_position(const std::string& qualname);

// numpy.empty and numpy.empty_like leave the contents unspecified; zero-filled contents are one of
// the allowed results and make the compiled function deterministic and verifiable, so they compile as
// numpy.zeros and numpy.zeros_like. Any other qualname is returned as it is.
std::string with_specified_contents(const std::string& qualname);

}  // namespace opsynth::compiler

// The result types Python and numpy promise, as one declarative table (DESIGN §6): the numeric tower,
// numpy float64 scalars, numpy broadcasting and dtype promotion, reductions with axis/keepdims, ranks
// from shape arguments, and the builtins whose result type is fixed. Lowering checks every overload it
// uses against the table: oplib's declared signature (verified against CPython) or CPython's probe of
// a new one must confirm the rule, never replace it. Each row names the operators it covers; an
// operator may be in several rows, and the first row whose rule fits the argument types decides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace opsynth::compiler {

struct RuleResult {
  Type result;
  std::string rule;  // the row's name, for messages
};

// The result type the table gives `qualname` at these argument types (Literal arguments count as
// their plain types, except where a rule reads the value: axis=, keepdims=), or nullopt when no row
// covers the call.
std::optional<RuleResult> rule_result(const std::string& qualname, const std::vector<Type>& args);

// Methods that are their module's function with the receiver first: numpy's ndarray.sum(axis, ...) is
// numpy.sum(a, axis, ...), one implementation (numpy's function calls the method for an ndarray), so
// `x.sum()` compiles to the function's verified overloads. The function's qualname, or nullopt.
std::optional<std::string> method_as_function(const std::string& qualname);

// A call whose result type depends on the values, which lowering splits into paths: sum(xs) over a
// list of floats is the int 0 when xs is empty (the start) and sum(xs, 0.0) otherwise (the same float:
// 0 + x == 0.0 + x for every float x).
struct EmptyGivesStart {
  std::string rule;
  Type start;  // the type of the start value returned for an empty iterable (int)
  std::string start_text;
  std::string otherwise_start_text;  // the start that gives the same result when it is not empty ("0.0")
  Type otherwise_start;
};
std::optional<EmptyGivesStart> empty_gives_start(const std::string& qualname, const std::vector<Type>& args);

}  // namespace opsynth::compiler

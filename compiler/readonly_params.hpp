// List and dict parameters a function provably never changes. The call path writes every list or
// dict argument's state after the call back to the caller (args_after), and before that compares it
// with what came in, element by element, so an untouched argument stays UNSET (rt/abi_bridge.hpp).
// For a parameter this analysis clears, the generated export skips both: the comparison of a
// 10,000-str list was an eighth of a short dedupe's call.
//
// A parameter is read-only when every value that may be it or share its storage (its loads, the loads
// of any variable it was assigned to, any container a reading operator returned from it, which an
// operator may share, such as a row `rows[i]` of a list of lists, and any tuple, list or dict built
// around one of those) is used only as an argument of an operator that reads its arguments in Python
// (len, indexing, `in`, dict.get, comparisons, list(), sorted(), ...), as a variable's new value, or as
// the return value; `out.extend(xs)` may copy from it only when its elements are values (bools, ints,
// floats, strs, tuples of those), since for lists it would share them. Anything else (a mutating method,
// a helper function) keeps the write-back.
#pragma once

#include <vector>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// One flag per parameter of f: true when the call path may skip its write-back.
std::vector<bool> read_only_params(const Function& f);

}  // namespace opsynth::compiler

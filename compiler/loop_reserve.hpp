// A loop that appends to a list once per pass (`for v in xs: out.append(f(v))`, a comprehension, a
// `for i in range(n)` building a row) reserves room for all its appends before it starts:
// opsynth.ops.reserve_appends(out, start, stop, step) with the range the loop counts through, or
// 0, len(xs), 1 for a loop over a list, str, array, dict, zip or enumerate. Without it the list grew by
// doubling, and each growth copied every item so far: a tenth of building a list of one-character strs.
//
// The call changes only the list's capacity, which no Python program can see, so the rewrite is sound
// whatever the count. It is made only where the count is right, not to hold memory a loop never uses:
// the append sits in the body itself (not under an `if`), the loop has no break, continue or return, the
// list's variable holds the same list through the loop (no store to it inside) and is assigned on every
// path before it (reading it earlier must not raise UnboundLocalError), and the count's inputs are values
// the loop's header computes from variables the loop never stores (lengths, a min of lengths). Nothing
// changes when the library lacks a verified instance for the list's element type.
#pragma once

#include "compiler/ir.hpp"
#include "compiler/lower.hpp"

namespace opsynth::compiler {

// Adds the reservations to f; the number of calls added.
int plan_loop_reserve(Function& f, OpResolver& resolver);

}  // namespace opsynth::compiler

// `d[k].append(x)` and `d.setdefault(k, []).append(x)` (after setdefault_empty) as one call,
// opsynth.ops.append_at(d, k, x) or setdefault_append(d, k, x), which appends to the list the dict holds.
// As two calls, the list's handle was copied out of the dict and dropped again per item: a reference
// count taken and released on a block that a grouping loop (10,000 keys into 1,000 lists) reaches only
// through a cache miss, a fifth of that loop.
//
// The rewrite is sound because only constants and reads of variables sit between the two calls (so the
// list is appended to right after it is read, as before, and x is what it was), and every variable read
// there is assigned before on every path (a read of an unassigned one raises UnboundLocalError, which
// must not come before the getitem's KeyError). Nothing changes when the library lacks a verified instance
// at the dict's type.
#pragma once

#include "compiler/ir.hpp"
#include "compiler/lower.hpp"

namespace opsynth::compiler {

// Rewrites every such pair in f; the number rewritten.
int plan_dict_list_appends(Function& f, OpResolver& resolver);

}  // namespace opsynth::compiler

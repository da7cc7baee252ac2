// Several sums of products over a function's array parameters computed side by side. numpy sums
// np.linalg.norm(x) and np.dot(x, y) of 1-D float64 arrays as reference BLAS's ddot does: one running
// sum, so each call is bound by the latency of one add per element, not by memory. A cosine
// (norm(a), norm(b), then dot(a, b)) makes three such passes; opsynth.ops.reduction_lanes makes one, its
// lanes' add chains interleaved, each still in numpy's order (bit for bit the same results).
//
// The rewrite is sound when every array the lanes read is in a variable that holds it for the whole
// call (a parameter never rebound, or a variable stored once by a statement at the function's top
// level, before the first such call: `xc = x - x.mean()`) and nothing in the function can write into an
// array (numpy's reading functions only): the sums computed early are then the ones the calls would
// compute. The lanes are computed just before the first such call, in its block, and serve the calls
// after it there (nested blocks included). A norm's lane is its
// value. A dot's lane is read only where the two lengths agree; otherwise np.dot itself is called
// there, and raises as before (the lanes never raise). Nothing changes when the library lacks a
// verified instance of the lanes operator for the plan, so the pass never makes a compile fail.
#pragma once

#include "compiler/ir.hpp"
#include "compiler/lower.hpp"

namespace opsynth::compiler {

// Rewrites f when it has at least two distinct such sums; true when it did.
bool plan_reduction_lanes(Function& f, OpResolver& resolver);

}  // namespace opsynth::compiler

// `lo = a.min()` next to `hi = a.max()` (either first, the same array variable, no argument but the
// array) computed in one call, opsynth.ops.min_max(a, max_first), which reads the array once where the
// order of the reduction cannot show (rt::minmax::both). numpy reads it twice: for an image stretched to
// [0, 1] (min, max, -=, /=) that is one pass of four saved.
//
// The rewrite is sound because the two statements are adjacent: nothing runs between the two reads, so
// the array holds the same elements for both, and the first statement stores neither into the array's
// variable nor anything the second reads. Each result keeps its value id and its store; an empty array
// raises the error of the reduction asked first. Nothing changes when the library lacks a verified
// instance of min_max at the array's type.
#pragma once

#include "compiler/ir.hpp"
#include "compiler/lower.hpp"

namespace opsynth::compiler {

// Rewrites every such pair in f; the number rewritten.
int plan_min_max_pairs(Function& f, OpResolver& resolver);

}  // namespace opsynth::compiler

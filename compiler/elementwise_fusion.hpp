// Elementwise chains the generated code computes in one pass (runtime/rt/ufunc_fusion.hpp). In
// `(x - lo) / span` the subtraction's array is only the division's operand: emitted as a deferred node
// (its array operands marked rt::ufunc::lazy), it is computed inside the division's loop, element by
// element, instead of into a temporary the division reads back.
//
// An operator takes part when its header is nothing but rt::ufunc::apply over its own operands
// (`fusion_role`): a deferred node then reaches apply, which defers. A call is deferred when its array
// is used once, by a node or root later in the same block, with nothing in between that could write
// into an array (constants, loads, tuples, other chain operators, numpy's reading functions): a
// deferred node holds its arrays, not their values. Nothing is raised out of order: a deferred node
// checks that its operands broadcast when it is made, as the eager call would.
#pragma once

#include <map>
#include <set>
#include <string>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// What an operator can be in a chain, from its header. A node: its functions only pass their operands
// to rt::ufunc::apply (no concrete array type in a signature, no loop, no reading of an operand's shape,
// data or size), so it defers over a deferred operand. A root: the same through rt::ufunc::apply_runs,
// which computes its own contiguous runs (np.exp, np.sqrt): it takes deferred operands, a block at a
// time, but is never deferred itself.
enum class FusionRole { none, node, root };
FusionRole fusion_role(const std::string& header_text);

struct Fusion {
  std::set<ValueId> deferred;  // calls emitted as deferred nodes
  std::set<ValueId> roots;     // calls with a deferred operand whose own array is computed (force)
};

// `roles`: the role of each operator in f.ops (by index) that has one; `uses`: each value's use count.
Fusion find_fusions(const Function& f, const std::map<int, FusionRole>& roles, const std::map<ValueId, int>& uses);

}  // namespace opsynth::compiler

// Array accesses a `for v in range(...)` loop makes in bounds, proven by one test before the loop
// (loop versioning). An element read `a[i + 1]` or write `a[i, j - 1] = x` whose every index is
//   coeff * v + constant (+/- k)      coeff in {-1, 0, 1}; k an int variable the loop never assigns
// and whose array variable the loop never assigns either (an array's shape never changes), lands
// inside the array on every step exactly when it does so at the range's first and last values. The
// code generator tests that for every such access before the loop, and when it holds runs a copy of
// the loop that reads and writes the elements directly (rt/proven_index.hpp); otherwise the checked
// loop runs and raises where Python raises. Every other access keeps its operator, in both copies.
//
// An access belongs to its innermost enclosing range loop: the outer loop's variable is a constant
// there, so one test per run of the inner loop covers it (the 5-point stencil's `u[i - 1, j]`).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// One index of an access: coeff * v + constant + sign * k, v the loop's variable.
struct AffineIndex {
  int coeff = 0;
  long long constant = 0;
  std::string slot;  // k's slot, or empty
  int sign = 0;      // +1 or -1 with a slot
};

struct ProvenAccess {
  const Instr* call = nullptr;  // the operator.getitem or operator.setitem call
  std::string array;            // the array variable's slot
  Type array_type;
  bool store = false;
  std::vector<ValueId> index_values;  // one per axis: the int values the call indexes with
  std::vector<AffineIndex> index;     // their affine forms
};

struct LoopProof {
  std::vector<ProvenAccess> accesses;
  // Index additions `v + c`, `c - v`, `k - c` whose result is one of the proven indices: the test
  // bounds their result inside an array's extent, so they cannot overflow and become plain C++ `+`.
  std::set<const Instr*> plain_arithmetic;
  bool empty() const { return accesses.empty(); }
};

// The proof of every ForRange node of `f`, by node; each covers its loop's body only (nested range loops
// prove their own), and is empty where nothing was proven.
std::map<const Node*, LoopProof> prove_loops(const Function& f);

}  // namespace opsynth::compiler

// A verification case: argument values plus how they are laid out in memory and aliased.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/value.hpp"

namespace opsynth::verify {

// How an ndarray argument sits in memory. Values are always C-contiguous; a layout turns the
// logical array into a view of a larger base buffer so candidates meet strided, reversed and
// transposed inputs exactly as numpy code hands them over. Both the oracle (numpy) and the
// worker (rt::ndarray) build the same view from it.
struct ArrayLayout {
  // Per logical axis: the view takes every |step|-th element of a base |step| times longer;
  // a negative step walks it backwards (like a[::-2]). All 1 = contiguous.
  std::vector<std::int64_t> steps;
  // The base is stored with axes reversed and the view is its transpose (like base.T).
  bool transposed = false;

  bool contiguous() const;
  bool operator==(const ArrayLayout&) const = default;
};

struct Case {
  std::vector<Value> args;
  // One per arg; set only for ndarray args that are not plain C-contiguous.
  std::vector<std::optional<ArrayLayout>> layouts;
  // aliases[j] = i (< j) when argument j is the very same object as argument i
  // (same Python object; same rt handle in the worker). Only between arguments of equal type.
  std::vector<std::optional<std::size_t>> aliases;

  bool operator==(const Case&) const = default;
};

}  // namespace opsynth::verify

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

// How an aliasing argument sees its target: the very object, its transpose (`a.T`), or a view walking its
// first axis backwards (`a[::-1]`). The views exist only between arrays: they make two operands overlap
// in memory without being equal, as `a += a.T`, `x.T @ x` and `a[1:] = a[:-1]` do in real code.
enum class AliasView : std::uint8_t { same = 0, transposed = 1, reversed = 2 };

// "", ".T" or "[::-1]": the Python spelling of the view after the target's name.
const char* alias_view_suffix(AliasView view);
// What an argument that is `view` of a target holding `target` holds (an array's elements permuted).
Value aliased_value(const Value& target, AliasView view);

struct Case {
  std::vector<Value> args;
  // One per arg; set only for ndarray args that are not plain C-contiguous.
  std::vector<std::optional<ArrayLayout>> layouts;
  // aliases[j] = i (< j) when argument j is the very same object as argument i
  // (same Python object; same rt handle in the worker). Only between arguments of equal type.
  std::vector<std::optional<std::size_t>> aliases;
  // With aliases[j] set, how argument j sees its target; missing entries are AliasView::same.
  std::vector<AliasView> alias_views;

  AliasView alias_view(std::size_t j) const { return j < alias_views.size() ? alias_views[j] : AliasView::same; }
  bool operator==(const Case& o) const;
};

}  // namespace opsynth::verify

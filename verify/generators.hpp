// Input generators for verification: RapidCheck generators from the type language, edge cases, seeded draws.
//
// RapidCheck alone almost never produces NaN, -0.0, subnormals, int64 extremes, combining marks or empty
// arrays, which is where C++ candidates and Python disagree. Every generator here mixes such edge values
// into about a quarter of its draws. Generators are composed from rc::gen combinators so shrinking comes
// for free; every choice between alternatives shrinks towards its first (simplest) alternative, so
// counterexamples shrink towards 0, empty containers, the domain boundary, no layout and no aliasing.
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/types.hpp"
#include "core/value.hpp"
#include "verify/case.hpp"
#include "verify/domain.hpp"
#include "verify/sizes.hpp"

namespace opsynth::verify {

// Values of one type. Literal types always give their literal, None gives NoneValue.
rc::Gen<Value> value_gen(const Type& type, const Domain& domain);

// Argument tuples for a signature (its result type is ignored): mostly short lengths (sizes.hpp), array
// shapes from a pool of axis lengths the case's arrays share (so they broadcast, and sometimes do not), a
// relation between two arguments on a quarter of the cases (relations.hpp), ArrayLayouts on a third of
// the ndarray arguments and aliasing between equal-typed list/dict/ndarray arguments on some cases.
rc::Gen<Case> case_gen(const Signature& signature, const Domain& domain);

// The same at one sweep target: lengths exactly target.length (shrinking towards 0, so a failure at
// 1025 shrinks to the first length that fails), in the target's text style, views and tail edge.
rc::Gen<Case> sized_case_gen(const Signature& signature, const Domain& domain, const SizeTarget& target);

// Deterministic edge values of one type, most telling first (0, -0.0, NaN, ... ; "" ; [] ; empty arrays).
std::vector<Value> edge_values(const Type& type, const Domain& domain);

// The edge cases every verification runs first: the cross product of the parameters' edge values when it
// fits in `cap`, else a smaller product of the leading edge values plus every remaining edge value of each
// parameter once (combined with the other parameters' first edge value). Never more than `cap` cases.
std::vector<Case> edge_cases(const Signature& signature, const Domain& domain, std::size_t cap = 512);

// Seeded draws without the RapidCheck test runner. Case `index` of `seed` depends only on (seed, index):
// its random state is derived from both and its size ramps 0..100 repeatedly (index % 101), so small and
// large cases alternate. Same seed => same cases.
int draw_size(std::size_t index);
rc::Shrinkable<Case> draw_case(const rc::Gen<Case>& gen, std::uint64_t seed, std::size_t index);
std::vector<rc::Shrinkable<Case>> draw_cases(const Signature& signature, const Domain& domain,
                                             std::uint64_t seed, std::size_t count);

// Fast path for bulk acceptance runs: the same cases as draw_cases (case i of a seed is identical), as
// plain values. When case i fails, draw_case(gen, seed, i) rebuilds it as a Shrinkable to shrink.
std::vector<Case> draw_plain_cases(const rc::Gen<Case>& gen, std::uint64_t seed, std::size_t first_index,
                                   std::size_t count);

// Greedy shrinking the way RapidCheck does it: repeatedly move to the first shrink that still fails,
// until none does or `max_steps` shrinks were tried. `fails` must be deterministic.
struct Shrunk {
  Case minimal;
  std::size_t accepted_steps = 0;  // shrinks that still failed (the path length)
  std::size_t tried = 0;           // candidate shrinks evaluated
};
Shrunk minimize(const rc::Shrinkable<Case>& failing, const std::function<bool(const Case&)>& fails,
                std::size_t max_steps = 20000);

}  // namespace opsynth::verify

// Relations between the arguments of a case, which independent draws almost never produce yet which ops
// branch on: equal values in distinct objects, near-equal numbers (isclose, comparisons, a float equal to
// an int), one argument a part of another (a substring, a prefix, a slice), an element or key of another,
// and an index at the edge of another's length. generators.cpp gives about a quarter of the cases one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "core/value.hpp"
#include "verify/domain.hpp"

namespace opsynth::verify {

enum class RelationKind {
  Equal,    // args[to] == args[from], a distinct object
  Near,     // a number derived from args[from]: 1 or 4 ulps away, a relative 1e-9 or 1e-12 apart, +-1,
            // negated, doubled; across int and float too (a float equal to an int)
  Part,     // a prefix, suffix, middle, single element or the whole of args[from] (str, list, 1-D array)
  Element,  // an element of a list or 1-D array, a key of a dict
  Index,    // an int at the edge of args[from]'s length: len, len-1, len+1, -len, -len-1, len/2, -1
};
std::string_view relation_name(RelationKind kind);

struct Relation {
  RelationKind kind;
  std::size_t from, to;
  bool operator==(const Relation&) const = default;
};

// Every relation the signature's parameter types allow (Literal and None parameters take part in none).
std::vector<Relation> relations_of(const Signature& sig);

// Rewrites args[r.to] from args[r.from]; `pick` chooses the distance, part, element or index. Leaves the
// arguments as they are when the source has nothing to take (an empty list) or the result would leave
// the domain (an int range, a float bound, no NaN).
void apply_relation(const Relation& r, std::uint64_t pick, const Signature& sig, const Domain& domain,
                    std::vector<Value>& args);

}  // namespace opsynth::verify

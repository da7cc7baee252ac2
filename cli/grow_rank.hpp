// `grow`'s ranking step: which missing overloads to fill tonight, in what order. A function needs all
// of its missing overloads, so overloads are taken in bundles: repeatedly the remaining missing set
// of one blocked function, choosing the bundle that unblocks the most functions, then the cheapest
// (fewest overloads, each at the expected cost), then by name, until the next bundle would pass the
// token budget. Sharding (--shard I/N) splits overloads by a hash of their key, stable across runs
// and machines; a shard ranks only its own share.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace opsynth::cli {

struct BlockedFunction {
  std::string id;
  std::vector<std::string> missing;  // overload keys
};

struct RankedOverload {
  std::string key;
  std::vector<std::string>
      unblocks;  // functions this overload's bundle unblocks (listed on the bundle's first)
  std::vector<std::string> needed_by;  // every blocked function that needs it
  double expected_tokens = 0;
};

struct Ranking {
  std::vector<RankedOverload> planned;  // fill order
  std::vector<std::string> deferred;    // this shard's, left for a later night by the budget
  std::vector<std::string> other_shards;
};

struct Shard {
  std::size_t index = 0, count = 1;  // 0 <= index < count
};

// Which shard fills an overload: sha256 of its key, first 8 bytes, modulo the shard count.
std::size_t shard_of(const std::string& overload_key, std::size_t count);

Ranking rank_overloads(const std::vector<BlockedFunction>& blocked, const Shard& shard,
                       double tokens_per_overload, std::uint64_t token_budget);

}  // namespace opsynth::cli

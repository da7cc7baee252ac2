// `grow`'s ranking step (see grow_rank.hpp).
#include "grow_rank.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/sha256.hpp"

namespace opsynth::cli {

std::size_t shard_of(const std::string& overload_key, std::size_t count) {
  const std::string hex = sha256_hex(overload_key).substr(0, 16);
  return static_cast<std::size_t>(std::stoull(hex, nullptr, 16) % count);
}

Ranking rank_overloads(const std::vector<BlockedFunction>& blocked, const Shard& shard,
                       double tokens_per_overload, std::uint64_t token_budget) {
  Ranking ranking;
  std::map<std::string, std::vector<std::string>> needed_by;
  std::map<std::string, std::set<std::string>> need;  // function -> its missing overloads in this share
  for (const auto& f : blocked) {
    for (const auto& key : f.missing) {
      if (shard_of(key, shard.count) != shard.index) {
        if (std::find(ranking.other_shards.begin(), ranking.other_shards.end(), key) ==
            ranking.other_shards.end())
          ranking.other_shards.push_back(key);
        continue;
      }
      needed_by[key].push_back(f.id);
      need[f.id].insert(key);
    }
  }
  std::set<std::string> chosen;
  std::set<std::string> done;  // functions whose share is all chosen
  for (const auto& [id, keys] : need)
    if (keys.empty()) done.insert(id);
  double spent = 0;
  for (;;) {
    struct Bundle {
      std::vector<std::string> overloads;
      std::vector<std::string> unblocks;
    };
    std::optional<Bundle> best;
    auto remaining = [&](const std::string& id) {
      std::vector<std::string> left;
      for (const auto& k : need[id])
        if (!chosen.count(k)) left.push_back(k);
      return left;
    };
    for (const auto& [id, keys] : need) {
      if (done.count(id)) continue;
      Bundle b{remaining(id), {}};
      const std::set<std::string> in(b.overloads.begin(), b.overloads.end());
      for (const auto& [other, other_keys] : need) {
        if (done.count(other)) continue;
        const auto left = remaining(other);
        if (std::all_of(left.begin(), left.end(), [&](const std::string& k) { return in.count(k) > 0; }))
          b.unblocks.push_back(other);
      }
      const auto better = [](const Bundle& x, const Bundle& y) {
        if (x.unblocks.size() != y.unblocks.size()) return x.unblocks.size() > y.unblocks.size();
        if (x.overloads.size() != y.overloads.size()) return x.overloads.size() < y.overloads.size();
        return x.overloads < y.overloads;
      };
      if (!best || better(b, *best)) best = std::move(b);
    }
    if (!best) break;
    const double cost = tokens_per_overload * static_cast<double>(best->overloads.size());
    if (spent + cost > static_cast<double>(token_budget)) break;
    spent += cost;
    for (std::size_t i = 0; i < best->overloads.size(); ++i) {
      const std::string& key = best->overloads[i];
      chosen.insert(key);
      ranking.planned.push_back(
          {key, i == 0 ? best->unblocks : std::vector<std::string>{}, needed_by[key], tokens_per_overload});
    }
    for (const auto& id : best->unblocks) done.insert(id);
  }
  for (const auto& [key, users] : needed_by)
    if (!chosen.count(key)) ranking.deferred.push_back(key);
  return ranking;
}

}  // namespace opsynth::cli

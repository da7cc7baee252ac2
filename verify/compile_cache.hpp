// The compile cache's size. Every candidate, every compiled library and every change of a runtime header
// makes new entries (a worker is ~6 MB, a precompiled prelude ~140 MB), so without a bound a nightly
// grow or a week of development fills the disk. The cap evicts the least recently used entries.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/error.hpp"

namespace opsynth {

// $OPSYNTH_CACHE_MAX (bytes with a K/M/G/T suffix, or "none"), else kDefaultCompileCacheLimit.
// std::nullopt means no limit; a malformed value is an Error naming the variable.
inline constexpr std::uint64_t kDefaultCompileCacheLimit = std::uint64_t{4} << 30;
Result<std::optional<std::uint64_t>> compile_cache_limit();

// Marks a cache entry (a worker file or a prelude folder) used now, so eviction takes it last.
void mark_cache_entry_used(const std::filesystem::path& entry);

struct CacheTrim {
  std::size_t removed = 0;       // entries evicted (and abandoned temp folders removed)
  std::uint64_t freed = 0;       // their bytes
  std::uint64_t remaining = 0;   // bytes left in the cache
};

// Evicts least recently used entries of the cache at `root` (executables at <root>/<aa>/<key>, prelude
// folders at <root>/pch/<key>) until it holds at most nine tenths of `limit` bytes, so that the next
// few publications do not each trim again. An entry used within `in_use_window` is never evicted: a
// concurrent verifier may have just found it and be about to run it. Temp folders of compiles that
// died (older than a day) go first.
CacheTrim trim_compile_cache(const std::filesystem::path& root, std::uint64_t limit,
                             std::chrono::seconds in_use_window = std::chrono::hours(1));

}  // namespace opsynth

// Sizes written by people in environment variables: OPSYNTH_MAX_MEMORY, OPSYNTH_CACHE_MAX.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace opsynth {

// Bytes with an optional K, M, G or T suffix (powers of 1024), or "none" (std::nullopt: no limit).
// Anything else is an Error naming `variable` and showing how to write a size.
Result<std::optional<std::uint64_t>> parse_byte_size(const std::string& text, const std::string& variable);

}  // namespace opsynth

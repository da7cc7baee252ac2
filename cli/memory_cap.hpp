// A cap on the opsynth process's own memory, so that CPython building an enormous result inside the
// verifier's oracle raises MemoryError instead of waking the kernel's OOM killer (see memory_cap.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace opsynth::cli {

// The cap when OPSYNTH_MAX_MEMORY is unset: three quarters of the memory this process may use (the
// machine's, or the cgroup's limit when lower); std::nullopt when neither can be read.
std::optional<std::uint64_t> default_memory_cap();

// Sets RLIMIT_DATA's soft limit to the cap (never above the hard limit, never raising a lower one).
Result<bool> cap_process_memory();

}  // namespace opsynth::cli

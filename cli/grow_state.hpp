// What `grow` remembers between nights, in WORKDIR/state.json: where the rotating reverify slice
// stopped, the CPython and numpy versions of the last run (a change means reverifying everything),
// and the corpus functions whose compiled library passed `verify --function` with the operators it
// used then (so only new or changed ones are compiled and checked again).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/error.hpp"

namespace opsynth::cli {

struct GrowState {
  std::size_t reverify_cursor = 0;              // index into the sorted qualnames
  std::string python, numpy;                    // empty before the first run
  std::map<std::string, std::string> verified;  // function id -> "op@version sha256" list it passed with
};

// A missing file is the empty state; a malformed one is an error naming it.
Result<GrowState> load_grow_state(const std::filesystem::path& path);
Result<bool> save_grow_state(const std::filesystem::path& path, const GrowState& state);

}  // namespace opsynth::cli

// `opsynth ops check`: is the library what op.json says it is? Every listed version's .hpp hashes to
// its recorded sha256, its provenance agrees, and nothing unlisted sits in an op folder.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "oplib/library/library.hpp"

namespace opsynth::oplib {

struct IntegrityReport {
  std::size_t operators = 0, versions = 0, cases = 0;
  // Corruption: a hash mismatch, a missing or malformed file. The library cannot be trusted.
  std::vector<std::string> errors;
  // Files no op.json lists: leftovers of a commit that was killed before its op.json was replaced
  // (harmless, never used; removed by `--fix` or overwritten by the next commit).
  std::vector<std::string> leftovers;
};

IntegrityReport check_integrity(const Library& library);
// Removes the leftovers check_integrity found, under the writer lock. Returns how many.
Result<std::size_t> remove_leftovers(Library& library);

}  // namespace opsynth::oplib

// Deltas (DESIGN §7): what one `grow --shard I/N` run added to its private copy of the library, kept
// out of the library itself until `opsynth ops merge` brings it in under the writer lock. A delta
// names the library it was made from (every version it held, with hashes), so that a delta from
// another library is refused, and carries a hash of its whole content, so that a damaged one is too.
// The conflict rule is written in oplib/README.md ("Deltas and merge").
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oplib/library/library.hpp"

namespace opsynth::oplib {

inline constexpr int kDeltaSchemaVersion = 1;

// Every version a library holds ("qualname|overload|vN" -> sha256), every instance a version is
// verified at ("qualname|overload|vN|params"), every stored case ("qualname|cases/<id>.json").
struct LibrarySnapshot {
  std::map<std::string, std::string> versions;
  std::set<std::string> instances;
  std::set<std::string> cases;
};

Result<LibrarySnapshot> snapshot_library(const Library& library);
nlohmann::json snapshot_to_json(const LibrarySnapshot& snapshot);
Result<LibrarySnapshot> snapshot_from_json(const nlohmann::json& json, const std::string& where);

// Copies the library at `from` into `to` (replacing what is there) under `from`'s writer lock, so no
// commit lands half-way through the copy; returns the snapshot of what was copied.
Result<LibrarySnapshot> copy_library(const Library& from, const std::filesystem::path& to);

struct DeltaSummary {
  std::size_t versions = 0, instances = 0, cases = 0;
};

// Writes into `dir` every version, instance and case `work` holds beyond `base`: the .hpp and case
// files, then delta.json last (the delta's commit point). `shard` is recorded as given.
Result<DeltaSummary> write_delta(const Library& work, const LibrarySnapshot& base,
                                 const std::filesystem::path& dir, const nlohmann::json& shard);

// What merging one version of a delta did.
struct MergedVersion {
  std::string delta;  // the delta folder
  std::string qualname, overload;
  int delta_version = 0;  // its number in the shard's copy
  // "merged" (now library version `version`), "present" (the library already had this text: an
  // earlier merge of the same delta), "conflict" (the library gained another version of this
  // overload since the delta's base: the earlier one is kept), "refused" (the library refused the
  // commit, reason says why)
  std::string status;
  int version = 0;
  std::string reason;
};

struct MergeReport {
  std::vector<MergedVersion> versions;
  std::size_t instances = 0, cases = 0;
  nlohmann::json to_json() const;
};

// A delta that cannot be merged at all (damaged, from another library); names the delta and why.
struct DeltaRefusal {
  std::string delta;
  std::string reason;
};

// Checks every delta first (schema, content hash, file hashes, base contained in `library`); if one
// fails nothing is written and the refusal names it. Otherwise merges them in the order given, under
// one hold of the writer lock. Each version lands whole or not at all (Library::commit), and a rerun
// after a crash skips what is already there.
std::variant<MergeReport, DeltaRefusal> merge_deltas(Library& library,
                                                     const std::vector<std::filesystem::path>& deltas);

}  // namespace opsynth::oplib

// ops.lock: pins the version of each overload (`opsynth ops lock > ops.lock`, `--lock FILE`), so a
// build uses exactly the operators it was reviewed with, whatever the library gains later.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace opsynth::oplib {

struct LockedVersion {
  int version = 0;
  std::string sha256;
  bool operator==(const LockedVersion&) const = default;
};

struct LockFile {
  // qualname -> overload name -> pinned version
  std::map<std::string, std::map<std::string, LockedVersion>> ops;

  const LockedVersion* pinned(const std::string& qualname, const std::string& overload) const;
};

// `where` names the file in errors ("ops.lock: ops.math.sqrt.float.version: ...").
Result<LockFile> parse_lock_file(std::string_view text, const std::string& where);
std::string to_text(const LockFile& lock);

}  // namespace opsynth::oplib

// The operator library API (DESIGN §3) that the CLI, synth and the compiler share: find the overload
// for a call, list, commit a version, record verifications and instantiations, revoke, and replay
// stored counterexamples. Reads never take the lock (every file is replaced atomically); writes are
// serialized by WriterLock and re-read op.json under it, so concurrent writers never lose updates.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/types.hpp"
#include "oplib/library/atomic_file.hpp"
#include "oplib/library/lock_file.hpp"
#include "oplib/library/op_record.hpp"
#include "verify/case.hpp"

namespace opsynth::oplib {

// One usable implementation: a version of an overload at one signature.
struct OverloadRef {
  std::string qualname;
  std::string overload;
  int version = 0;
  std::string sha256;
  bool generic = false;
  Signature signature;
  std::filesystem::path header;  // absolute path of <overload>.vN.hpp
};

struct Lookup {
  std::optional<OverloadRef> found;
  // Generic overloads whose newest accepted version may implement the call once it is verified at
  // these argument types (probe + verify, no LLM); empty when there are none.
  std::vector<OverloadRef> instantiable;
  std::string why_not;  // when neither: "no overload of math.sqrt takes (int)"
};

// What a person declares when an operator is first added; later commits must agree with op.json.
struct Declaration {
  std::string kind = "function";
  verify::Tolerance tolerance;
  verify::Domain domain;
  std::vector<std::string> traits;
  std::string note;
  std::string tolerance_reason;  // recorded with a new op, never compared: the class itself is
};

struct CommitRequest {
  std::string qualname;
  Declaration declaration;
  std::string overload;  // overload_name(params) for a concrete one; the author's name for a generic
  bool generic = false;
  std::string source;    // the .hpp text
  Signature signature;   // where it was verified
  Verification verification;
  nlohmann::json provenance;  // author and verification details; the library adds identity and hash
};

struct CommitResult {
  OverloadRef ref;
  bool created_version = false;  // false: the same text was already this overload's accepted version
};

class Library {
 public:
  // The library at `root` (created on first commit); `lock` pins versions for find().
  explicit Library(std::filesystem::path root, std::optional<LockFile> lock = std::nullopt);

  const std::filesystem::path& root() const { return root_; }

  // Every qualname with an op.json, sorted.
  Result<std::vector<std::string>> qualnames() const;
  // The op's record, or nullopt when the library has no such operator. A malformed op.json is an
  // error naming the file and field.
  Result<std::optional<OpRecord>> load(const std::string& qualname) const;
  // The implementation for a call with these argument types: a locked version if the lock pins one,
  // else the newest accepted version verified at exactly these types. Concrete beats generic.
  Result<Lookup> find(const std::string& qualname, const std::vector<Type>& params) const;
  // Counterexamples stored for this op that fit `sig`, oldest first: replayed before anything else.
  Result<std::vector<verify::Case>> stored_cases(const std::string& qualname, const Signature& sig) const;
  std::filesystem::path header_path(const std::string& qualname, const std::string& overload, int version) const;
  // `opsynth ops lock`: the newest accepted version of every overload.
  Result<LockFile> current_lock() const;

  // Verifies nothing itself: the caller ran the verifier and passes a PASS. Writes the .hpp, its
  // provenance, then op.json (the commit point), each atomically, under the writer lock.
  Result<CommitResult> commit(const CommitRequest& request);
  // The same, for a caller already holding this library's writer lock (`ops merge` holds it over a
  // whole merge, so no other writer interleaves).
  Result<CommitResult> commit(const CommitRequest& request, const WriterLock& held);
  // A generic version verified at one more signature (or a later run at a known one).
  Result<bool> record_verification(const std::string& qualname, const std::string& overload, int version,
                                   const Signature& sig, const Verification& verification);
  Result<bool> record_verification(const std::string& qualname, const std::string& overload, int version,
                                   const Signature& sig, const Verification& verification, const WriterLock& held);
  // Marks a version revoked with the reason and, when given, its counterexample (stored in cases/).
  Result<bool> revoke(const std::string& qualname, const std::string& overload, int version,
                      const std::string& reason, const std::optional<verify::Case>& counterexample,
                      const Signature& sig);
  // Stores a counterexample that rejected a candidate; returns its path relative to the op folder.
  Result<std::string> store_case(const std::string& qualname, const Signature& sig, const verify::Case& c,
                                 const std::string& reason);

  const std::optional<LockFile>& lock() const { return lock_; }

 private:
  Result<std::string> store_case_locked(const std::string& qualname, const Signature& sig, const verify::Case& c,
                                        const std::string& reason);
  Result<CommitResult> commit_locked(const CommitRequest& request);
  Result<bool> record_verification_locked(const std::string& qualname, const std::string& overload, int version,
                                          const Signature& sig, const Verification& verification);
  Result<bool> save(const OpRecord& op);
  // Under the writer lock: load op.json, find the version, apply `change`, save.
  Result<bool> change_version(const std::string& qualname, const std::string& overload, int version,
                              const std::function<Result<bool>(OverloadRecord&, VersionRecord&)>& change);
  Result<bool> change_version_locked(const std::string& qualname, const std::string& overload, int version,
                                     const std::function<Result<bool>(OverloadRecord&, VersionRecord&)>& change);
  std::filesystem::path root_;
  std::optional<LockFile> lock_;
};

// Is this Declaration what op.json already says for this overload? Names the first difference
// ("tolerance: op.json declares reduction, the request ulp:4"). An overload not yet in op.json may
// declare a domain of its own (kept beside the op's); the tolerance is the op's.
std::optional<std::string> declaration_conflict(const OpRecord& op, const Declaration& d, const std::string& overload);

}  // namespace opsynth::oplib

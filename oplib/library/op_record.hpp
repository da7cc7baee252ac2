// op.json, the one record of an operator (DESIGN §3, STYLE "declare an operator once"): what a person
// declared (tolerance, domain, traits) and what the library holds (overloads, versions, where each
// version was verified, revocations). Parsing validates every field and names the bad one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/types.hpp"
#include "verify/domain.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::oplib {

inline constexpr int kSchemaVersion = 1;

// One run of the verifier on one version at one signature.
struct Verification {
  std::string verdict;  // "PASS", "FAIL", "INCONCLUSIVE", "ERROR"
  std::string time;     // UTC, ISO 8601
  std::uint64_t cases = 0;
  std::uint64_t repair_seed = 0, acceptance_seed = 0;
  // The plan that ran, so `reverify --replay` repeats the run from op.json alone: how many stored cases
  // (the oldest first), repair, acceptance and sanitizer cases. 0 in records older than the fields.
  std::uint64_t stored_cases = 0, repair_cases = 0, acceptance_cases = 0, sanitizer_cases = 0;
  std::string verifier, python, numpy;
  std::string reason;
};

// A signature the version is verified at: one for a concrete overload, one per instantiation for a
// generic (template) one.
struct Instance {
  Signature signature;
  Verification verification;  // the latest run at this signature
};

struct Revocation {
  std::string reason;
  std::string time;
  std::string case_file;  // "cases/<id>.json" with the counterexample, "" when there was none
};

struct VersionRecord {
  int number = 0;
  bool revoked = false;
  std::string sha256;  // of the .hpp
  std::string committed;
  std::vector<Instance> instances;
  std::optional<Revocation> revocation;

  const Instance* instance_for(const std::vector<Type>& params) const;
};

struct OverloadRecord {
  std::string name;  // file stem: <name>.vN.hpp
  bool generic = false;
  // A person's domain for this overload alone, when it needs other bounds than the op's:
  // operator.mul repeating a list needs a small count, its int product the whole int64 range.
  std::optional<verify::Domain> domain;
  // A person's tolerance for this overload alone, when its results come from other code than the op's
  // other overloads: operator.pow on Python floats is libm's pow (exact), on float64 arrays numpy's own
  // SIMD loops (ulp:4).
  std::optional<verify::Tolerance> tolerance;
  std::vector<VersionRecord> versions;

  const VersionRecord* newest_accepted() const;
  const VersionRecord* version(int number) const;
  VersionRecord* version(int number) { return const_cast<VersionRecord*>(std::as_const(*this).version(number)); }
  int next_version() const;
};

struct OpRecord {
  std::string qualname;
  std::string kind;  // "function", "method-of-type", "type"
  verify::Tolerance tolerance;
  verify::Domain domain;
  std::vector<std::string> traits;  // elementwise, reduction, mutates, may_raise, ...
  std::string note;                 // a person's reasons for the tolerance and domain
  // Why the tolerance is what it is: a person's flag, or the rule that chose it (verify/tolerance_rule.hpp).
  std::string tolerance_reason;
  std::vector<OverloadRecord> overloads;

  const OverloadRecord* overload(const std::string& name) const;
  OverloadRecord* overload(const std::string& name);
  // The domain an overload is verified on: its own when declared, else the op's.
  const verify::Domain& domain_for(const std::string& overload) const;
  const verify::Tolerance& tolerance_for(const std::string& overload) const;
};

// `where` names the file in errors: "oplib/math/sqrt/op.json: overloads[0].versions[0].sha256: ...".
Result<OpRecord> parse_op_record(const nlohmann::json& json, const std::string& where);
nlohmann::json to_json(const OpRecord& op);

// The file stem of a concrete overload, from its parameter types: "float", "int__int",
// "ndarray_float64_2__lit_fro__none"; long ones end in a hash so names stay under 100 bytes.
std::string overload_name(const std::vector<Type>& params);
// Names people give generic overloads: [a-z0-9_]{1,64}.
bool valid_overload_name(std::string_view name);

// <root>/numpy/linalg/norm for numpy.linalg.norm.
std::filesystem::path op_folder(const std::filesystem::path& root, std::string_view qualname);
std::string version_stem(const std::string& overload, int version);  // "float.v2"

std::string utc_now();

}  // namespace opsynth::oplib

// The operator library (see library.hpp).
#include "oplib/library/library.hpp"

#include <algorithm>

#include "core/sha256.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verify/case_json.hpp"

namespace opsynth::oplib {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<bool> check_qualname(const std::string& qualname) {
  if (auto cpp = cpp_name(qualname); !cpp) return Error{cpp.error().message, qualname};
  return true;
}

std::string describe_params(const std::vector<Type>& params) {
  std::string out;
  for (const auto& p : params) out += (out.empty() ? "" : ", ") + to_string(p);
  return "(" + out + ")";
}

}  // namespace

std::optional<std::string> declaration_conflict(const OpRecord& op, const Declaration& d, const std::string& overload) {
  // A new overload may declare its own tolerance and domain; an existing one keeps what a person declared.
  const OverloadRecord* o = op.overload(overload);
  if (!o || o->versions.empty()) return std::nullopt;
  const verify::Tolerance& tolerance = op.tolerance_for(overload);
  if (!(tolerance == d.tolerance))
    return "tolerance: op.json declares " + verify::to_string(tolerance) + " for overload '" + overload +
           "', this request " + verify::to_string(d.tolerance);
  const verify::Domain& declared = op.domain_for(overload);
  if (!(declared == d.domain))
    return "domain: op.json declares " + verify::domain_to_json(declared).dump() + " for overload '" + overload +
           "', this request " + verify::domain_to_json(d.domain).dump();
  return std::nullopt;
}

Library::Library(fs::path root, std::optional<LockFile> lock) : root_(std::move(root)), lock_(std::move(lock)) {}

fs::path Library::header_path(const std::string& qualname, const std::string& overload, int version) const {
  return fs::absolute(op_folder(root_, qualname) / (version_stem(overload, version) + ".hpp"));
}

Result<std::vector<std::string>> Library::qualnames() const {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return names;
  fs::recursive_directory_iterator it(root_, ec), end;
  if (ec) return Error{"cannot list '" + root_.string() + "': " + ec.message(), root_.string()};
  for (; it != end; it.increment(ec)) {
    if (ec) return Error{"cannot list '" + root_.string() + "': " + ec.message(), root_.string()};
    const std::string leaf = it->path().filename().string();
    if (it->is_directory() && (leaf.starts_with(".") || leaf == "cases")) {
      it.disable_recursion_pending();
      continue;
    }
    if (leaf != "op.json" || !it->is_regular_file()) continue;
    std::string qualname;
    for (const auto& part : fs::relative(it->path().parent_path(), root_)) qualname += (qualname.empty() ? "" : ".") + part.string();
    names.push_back(qualname);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::optional<OpRecord>> Library::load(const std::string& qualname) const {
  if (auto ok = check_qualname(qualname); !ok) return ok.error();
  const fs::path path = op_folder(root_, qualname) / "op.json";
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<OpRecord>{};
  auto text = read_file(path);
  if (!text) return text.error();
  json j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error{path.string() + ": not valid JSON", path.string()};
  auto op = parse_op_record(j, path.string());
  if (!op) return op.error();
  if (op->qualname != qualname)
    return Error{path.string() + ": qualname: says '" + op->qualname + "' but the folder is " + qualname, path.string()};
  return std::optional<OpRecord>(std::move(op).value());
}

Result<Lookup> Library::find(const std::string& qualname, const std::vector<Type>& params) const {
  auto loaded = load(qualname);
  if (!loaded) return loaded.error();
  Lookup lookup;
  if (!*loaded) {
    lookup.why_not = "the library has no operator " + qualname;
    return lookup;
  }
  const OpRecord& op = **loaded;
  std::vector<std::string> failed;
  for (const bool generic : {false, true}) {
    for (const auto& o : op.overloads) {
      if (o.generic != generic) continue;
      const VersionRecord* v = o.newest_accepted();
      if (const LockedVersion* pin = lock_ ? lock_->pinned(qualname, o.name) : nullptr) {
        v = o.version(pin->version);
        const std::string what = qualname + " " + version_stem(o.name, pin->version);
        if (!v) return Error{"the lock pins " + what + ", which the library does not have", qualname};
        if (v->sha256 != pin->sha256) return Error{"the lock pins " + what + " with a different sha256", qualname};
        if (v->revoked) return Error{"the lock pins " + what + ", which is revoked: " + v->revocation->reason, qualname};
      }
      if (!v) continue;
      auto ref = [&](const Instance* inst) {
        return OverloadRef{qualname, o.name, v->number, v->sha256, o.generic,
                           inst ? inst->signature : Signature{params, Type{}}, header_path(qualname, o.name, v->number)};
      };
      if (const Instance* inst = v->instance_for(params)) {
        if (inst->verification.verdict == "FAIL") {
          failed.push_back(version_stem(o.name, v->number));
          continue;
        }
        if (!lookup.found) lookup.found = ref(inst);
      } else if (o.generic) {
        lookup.instantiable.push_back(ref(nullptr));
      }
    }
  }
  if (lookup.found) lookup.instantiable.clear();
  if (!lookup.found && lookup.instantiable.empty()) {
    lookup.why_not = "no overload of " + qualname + " takes " + describe_params(params);
    for (const auto& f : failed) lookup.why_not += "; " + f + " does, but its latest verification failed";
  }
  return lookup;
}

Result<std::vector<verify::Case>> Library::stored_cases(const std::string& qualname, const Signature& sig) const {
  if (auto ok = check_qualname(qualname); !ok) return ok.error();
  const fs::path folder = op_folder(root_, qualname) / "cases";
  std::vector<std::pair<std::string, fs::path>> files;  // (found time, path)
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return std::vector<verify::Case>{};
  std::vector<verify::Case> cases;
  std::vector<std::pair<std::string, verify::Case>> dated;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".json" || entry.path().filename().string().find(".tmp.") != std::string::npos) continue;
    auto text = read_file(entry.path());
    if (!text) return text.error();
    const std::string where = entry.path().string();
    json j = json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("signature") || !j["signature"].is_string() ||
        !j.contains("case"))
      return Error{where + ": expected {\"signature\": ..., \"case\": ...}", where};
    auto case_sig = parse_signature(j["signature"].get<std::string>());
    if (!case_sig) return Error{where + ": signature: " + case_sig.error().describe(), where};
    if (case_sig->params != sig.params) continue;
    auto c = verify::case_from_json(j["case"], sig);
    if (!c) return Error{where + ": " + c.error().message, where};
    dated.emplace_back(j.value("found", std::string()) + "|" + entry.path().filename().string(), std::move(c).value());
  }
  std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, c] : dated) cases.push_back(std::move(c));
  return cases;
}

Result<LockFile> Library::current_lock() const {
  auto names = qualnames();
  if (!names) return names.error();
  LockFile lock;
  for (const auto& q : *names) {
    auto op = load(q);
    if (!op) return op.error();
    for (const auto& o : (*op)->overloads) {
      if (const VersionRecord* v = o.newest_accepted()) lock.ops[q][o.name] = {v->number, v->sha256};
    }
  }
  return lock;
}

Result<bool> Library::save(const OpRecord& op) {
  return write_file_atomically(op_folder(root_, op.qualname) / "op.json", to_json(op).dump(2) + "\n");
}

Result<CommitResult> Library::commit(const CommitRequest& request) {
  auto held = WriterLock::acquire(root_);
  if (!held) return held.error();
  return commit_locked(request);
}

Result<CommitResult> Library::commit(const CommitRequest& request, const WriterLock&) { return commit_locked(request); }

Result<CommitResult> Library::commit_locked(const CommitRequest& request) {
  if (auto ok = check_qualname(request.qualname); !ok) return ok.error();
  if (!valid_overload_name(request.overload)) return Error{"not an overload name: '" + request.overload + "'", request.overload};
  if (request.verification.verdict != "PASS") return Error{"only a PASS is committed", request.qualname};
  auto loaded = load(request.qualname);
  if (!loaded) return loaded.error();
  OpRecord op;
  if (*loaded) {
    op = std::move(**loaded);
    if (auto conflict = declaration_conflict(op, request.declaration, request.overload))
      return Error{request.qualname + ": " + *conflict + " (op.json is declared by a person: edit it, then re-verify)",
                   request.qualname};
  } else {
    op.qualname = request.qualname;
    op.kind = request.declaration.kind;
    op.tolerance = request.declaration.tolerance;
    op.domain = request.declaration.domain;
    op.traits = request.declaration.traits;
    op.note = request.declaration.note;
    op.tolerance_reason = request.declaration.tolerance_reason;
  }
  OverloadRecord* overload = op.overload(request.overload);
  if (!overload) {
    op.overloads.push_back(OverloadRecord{request.overload, request.generic, {}, {}});
    overload = &op.overloads.back();
    if (!(request.declaration.domain == op.domain)) overload->domain = request.declaration.domain;
    if (!(request.declaration.tolerance == op.tolerance)) overload->tolerance = request.declaration.tolerance;
  }
  if (overload->generic != request.generic)
    return Error{request.qualname + ": overload '" + request.overload + "' is " +
                     (overload->generic ? "generic" : "concrete") + " in op.json",
                 request.overload};
  const std::string sha = sha256_hex(request.source);
  const std::string now = utc_now();
  for (auto& v : overload->versions) {
    if (v.sha256 != sha) continue;
    if (v.revoked)
      return Error{request.qualname + ": this text is " + version_stem(overload->name, v.number) +
                       ", revoked: " + v.revocation->reason,
                   request.qualname};
    // The same text again: one more signature (a generic instantiation) or a fresh run.
    if (!overload->generic && !(v.instances[0].signature.params == request.signature.params))
      return Error{request.qualname + ": " + version_stem(overload->name, v.number) + " is verified at " +
                       to_string(v.instances[0].signature) + ", not this signature",
                   request.qualname};
    Instance* inst = nullptr;
    for (auto& i : v.instances) {
      if (i.signature.params == request.signature.params) inst = &i;
    }
    if (inst) {
      inst->verification = request.verification;
    } else {
      v.instances.push_back({request.signature, request.verification});
    }
    if (auto saved = save(op); !saved) return saved.error();
    return CommitResult{{op.qualname, overload->name, v.number, sha, overload->generic, request.signature,
                         header_path(op.qualname, overload->name, v.number)},
                        false};
  }
  const int number = overload->next_version();
  const fs::path folder = op_folder(root_, op.qualname);
  const fs::path header = folder / (version_stem(overload->name, number) + ".hpp");
  // A leftover file of that name is an orphan of an interrupted commit (op.json never listed it).
  if (auto w = write_file_atomically(header, request.source); !w) return w.error();
  crash_point("after-hpp");
  json provenance = request.provenance.is_object() ? request.provenance : json::object();
  provenance["qualname"] = op.qualname;
  provenance["overload"] = overload->name;
  provenance["version"] = number;
  provenance["sha256"] = sha;
  provenance["committed"] = now;
  provenance["signature"] = to_string(request.signature);
  if (auto w = write_file_atomically(folder / (version_stem(overload->name, number) + ".json"), provenance.dump(2) + "\n");
      !w)
    return w.error();
  crash_point("after-provenance");
  VersionRecord v;
  v.number = number;
  v.sha256 = sha;
  v.committed = now;
  v.instances.push_back({request.signature, request.verification});
  overload->versions.push_back(v);
  if (auto saved = save(op); !saved) return saved.error();
  crash_point("after-op-json");
  return CommitResult{{op.qualname, overload->name, number, sha, overload->generic, request.signature,
                       header_path(op.qualname, overload->name, number)},
                      true};
}

Result<bool> Library::change_version(const std::string& qualname, const std::string& overload, int version,
                                     const std::function<Result<bool>(OverloadRecord&, VersionRecord&)>& change) {
  auto held = WriterLock::acquire(root_);
  if (!held) return held.error();
  return change_version_locked(qualname, overload, version, change);
}

Result<bool> Library::change_version_locked(const std::string& qualname, const std::string& overload, int version,
                                            const std::function<Result<bool>(OverloadRecord&, VersionRecord&)>& change) {
  auto loaded = load(qualname);
  if (!loaded) return loaded.error();
  if (!*loaded) return Error{"the library has no operator " + qualname, qualname};
  OpRecord op = std::move(**loaded);
  OverloadRecord* o = op.overload(overload);
  VersionRecord* v = o ? o->version(version) : nullptr;
  if (!o || !v) return Error{qualname + " has no " + version_stem(overload, version), qualname};
  if (auto changed = change(*o, *v); !changed) return changed;
  return save(op);
}

Result<bool> Library::record_verification(const std::string& qualname, const std::string& overload, int version,
                                          const Signature& sig, const Verification& verification) {
  auto held = WriterLock::acquire(root_);
  if (!held) return held.error();
  return record_verification_locked(qualname, overload, version, sig, verification);
}

Result<bool> Library::record_verification(const std::string& qualname, const std::string& overload, int version,
                                          const Signature& sig, const Verification& verification, const WriterLock&) {
  return record_verification_locked(qualname, overload, version, sig, verification);
}

Result<bool> Library::record_verification_locked(const std::string& qualname, const std::string& overload, int version,
                                                 const Signature& sig, const Verification& verification) {
  return change_version_locked(qualname, overload, version, [&](OverloadRecord& o, VersionRecord& v) -> Result<bool> {
    for (auto& i : v.instances) {
      if (i.signature.params == sig.params) {
        i.verification = verification;
        return true;
      }
    }
    if (!o.generic) return Error{qualname + " " + version_stem(overload, version) + " is concrete: it has one signature", qualname};
    if (verification.verdict != "PASS") return Error{"only a PASS adds a new instantiation", qualname};
    v.instances.push_back({sig, verification});
    return true;
  });
}

Result<std::string> Library::store_case_locked(const std::string& qualname, const Signature& sig, const verify::Case& c,
                                               const std::string& reason) {
  const json body = {{"signature", to_string(sig)}, {"case", verify::case_to_json(c)}};
  const std::string id = sha256_hex(body.dump()).substr(0, 16);
  const std::string relative = "cases/" + id + ".json";
  const fs::path path = op_folder(root_, qualname) / relative;
  std::error_code ec;
  if (fs::exists(path, ec)) return relative;  // the same counterexample was stored before
  json stored = body;
  stored["found"] = utc_now();
  stored["reason"] = reason;
  if (auto w = write_file_atomically(path, stored.dump(2) + "\n"); !w) return w.error();
  return relative;
}

Result<std::string> Library::store_case(const std::string& qualname, const Signature& sig, const verify::Case& c,
                                        const std::string& reason) {
  if (auto ok = check_qualname(qualname); !ok) return ok.error();
  auto held = WriterLock::acquire(root_);
  if (!held) return held.error();
  return store_case_locked(qualname, sig, c, reason);
}

Result<bool> Library::revoke(const std::string& qualname, const std::string& overload, int version,
                             const std::string& reason, const std::optional<verify::Case>& counterexample,
                             const Signature& sig) {
  return change_version(qualname, overload, version, [&](OverloadRecord&, VersionRecord& v) -> Result<bool> {
    if (v.revoked) return Error{qualname + " " + version_stem(overload, version) + " is already revoked", qualname};
    Revocation revocation{reason, utc_now(), ""};
    if (counterexample) {
      auto file = store_case_locked(qualname, sig, *counterexample, reason);
      if (!file) return file.error();
      revocation.case_file = *file;
    }
    v.revoked = true;
    v.revocation = revocation;
    return true;
  });
}

}  // namespace opsynth::oplib

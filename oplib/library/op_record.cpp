// op.json parsing, printing and naming (see op_record.hpp).
#include "oplib/library/op_record.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include "core/sha256.hpp"

namespace opsynth::oplib {

using nlohmann::json;
namespace fs = std::filesystem;

const Instance* VersionRecord::instance_for(const std::vector<Type>& params) const {
  for (const auto& i : instances) {
    if (i.signature.params == params) return &i;
  }
  return nullptr;
}

const VersionRecord* OverloadRecord::newest_accepted() const {
  const VersionRecord* best = nullptr;
  for (const auto& v : versions) {
    if (!v.revoked && (!best || v.number > best->number)) best = &v;
  }
  return best;
}

const VersionRecord* OverloadRecord::version(int number) const {
  for (const auto& v : versions) {
    if (v.number == number) return &v;
  }
  return nullptr;
}

int OverloadRecord::next_version() const {
  int n = 0;
  for (const auto& v : versions) n = std::max(n, v.number);
  return n + 1;
}

const OverloadRecord* OpRecord::overload(const std::string& name) const {
  for (const auto& o : overloads) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

OverloadRecord* OpRecord::overload(const std::string& name) {
  for (auto& o : overloads) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

const verify::Domain& OpRecord::domain_for(const std::string& name) const {
  const OverloadRecord* o = overload(name);
  return o && o->domain ? *o->domain : domain;
}

const verify::Tolerance& OpRecord::tolerance_for(const std::string& name) const {
  const OverloadRecord* o = overload(name);
  return o && o->tolerance ? *o->tolerance : tolerance;
}

namespace {

// Walks a JSON document keeping the path for error messages.
class Reader {
 public:
  Reader(const json& j, std::string where, std::string path) : j_(j), where_(std::move(where)), path_(std::move(path)) {}

  Error error(const std::string& what) const {
    return Error{where_ + ": " + (path_.empty() ? "" : path_ + ": ") + what, where_};
  }
  Reader at(const std::string& key) const { return Reader(j_.at(key), where_, join(key)); }
  Reader at(std::size_t i) const { return Reader(j_.at(i), where_, path_ + "[" + std::to_string(i) + "]"); }
  const json& raw() const { return j_; }
  bool has(const std::string& key) const { return j_.is_object() && j_.contains(key); }

  Result<bool> object(const std::set<std::string>& required, const std::set<std::string>& optional) const {
    if (!j_.is_object()) return error("expected an object");
    for (const auto& key : required) {
      if (!j_.contains(key)) return Error{where_ + ": " + join(key) + ": missing", where_};
    }
    for (const auto& [key, value] : j_.items()) {
      if (!required.count(key) && !optional.count(key)) return Error{where_ + ": " + join(key) + ": unknown field", where_};
    }
    return true;
  }
  Result<std::string> string(const std::string& key) const {
    if (!j_.at(key).is_string()) return at(key).error("expected a string");
    return j_.at(key).get<std::string>();
  }
  Result<std::string> string_or(const std::string& key, std::string fallback) const {
    return has(key) ? string(key) : Result<std::string>(std::move(fallback));
  }
  Result<std::uint64_t> unsigned_or(const std::string& key, std::uint64_t fallback) const {
    if (!has(key)) return fallback;
    if (!j_.at(key).is_number_unsigned()) return at(key).error("expected a non-negative integer");
    return j_.at(key).get<std::uint64_t>();
  }
  Result<bool> boolean_or(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_.at(key).is_boolean()) return at(key).error("expected true or false");
    return j_.at(key).get<bool>();
  }
  Result<std::size_t> array(const std::string& key) const {
    if (!j_.at(key).is_array()) return at(key).error("expected an array");
    return j_.at(key).size();
  }

 private:
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  const json& j_;
  std::string where_;
  std::string path_;
};

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<Verification> parse_verification(const Reader& r) {
  if (auto ok = r.object({"verdict", "time"}, {"cases", "repair_seed", "acceptance_seed", "verifier", "python",
                                               "numpy", "reason", "stored_cases", "repair_cases",
                                               "acceptance_cases", "sanitizer_cases"});
      !ok)
    return ok.error();
  Verification v;
  auto verdict = r.string("verdict");
  if (!verdict) return verdict.error();
  static const std::set<std::string> verdicts = {"PASS", "FAIL", "INCONCLUSIVE", "ERROR"};
  if (!verdicts.count(*verdict)) return r.at("verdict").error("expected PASS, FAIL, INCONCLUSIVE or ERROR");
  v.verdict = *verdict;
  auto time = r.string("time");
  if (!time) return time.error();
  v.time = *time;
  for (auto [key, field] : {std::pair{"cases", &v.cases}, std::pair{"repair_seed", &v.repair_seed},
                            std::pair{"acceptance_seed", &v.acceptance_seed}, std::pair{"stored_cases", &v.stored_cases},
                            std::pair{"repair_cases", &v.repair_cases}, std::pair{"acceptance_cases", &v.acceptance_cases},
                            std::pair{"sanitizer_cases", &v.sanitizer_cases}}) {
    auto n = r.unsigned_or(key, 0);
    if (!n) return n.error();
    *field = *n;
  }
  for (auto [key, field] : {std::pair{"verifier", &v.verifier}, std::pair{"python", &v.python},
                            std::pair{"numpy", &v.numpy}, std::pair{"reason", &v.reason}}) {
    auto s = r.string_or(key, "");
    if (!s) return s.error();
    *field = *s;
  }
  return v;
}

json verification_json(const Verification& v) {
  json j = {{"verdict", v.verdict}, {"time", v.time}, {"cases", v.cases}, {"repair_seed", v.repair_seed},
            {"acceptance_seed", v.acceptance_seed}, {"verifier", v.verifier}, {"python", v.python},
            {"numpy", v.numpy}};
  if (!v.reason.empty()) j["reason"] = v.reason;
  if (v.repair_cases || v.acceptance_cases) {
    j["stored_cases"] = v.stored_cases;
    j["repair_cases"] = v.repair_cases;
    j["acceptance_cases"] = v.acceptance_cases;
    j["sanitizer_cases"] = v.sanitizer_cases;
  }
  return j;
}

Result<VersionRecord> parse_version(const Reader& r) {
  if (auto ok = r.object({"version", "status", "sha256", "committed", "instances"}, {"revocation"}); !ok)
    return ok.error();
  VersionRecord v;
  if (!r.raw().at("version").is_number_unsigned() || r.raw().at("version").get<std::uint64_t>() < 1 ||
      r.raw().at("version").get<std::uint64_t>() > 1000000)
    return r.at("version").error("expected a version number from 1");
  v.number = r.raw().at("version").get<int>();
  auto status = r.string("status");
  if (!status) return status.error();
  if (*status != "accepted" && *status != "revoked") return r.at("status").error("expected \"accepted\" or \"revoked\"");
  v.revoked = *status == "revoked";
  auto sha = r.string("sha256");
  if (!sha) return sha.error();
  if (!is_sha256_hex(*sha)) return r.at("sha256").error("expected 64 lowercase hex digits");
  v.sha256 = *sha;
  auto committed = r.string("committed");
  if (!committed) return committed.error();
  v.committed = *committed;
  auto count = r.array("instances");
  if (!count) return count.error();
  if (*count == 0) return r.at("instances").error("a version is verified at one signature at least");
  for (std::size_t i = 0; i < *count; ++i) {
    Reader item = r.at("instances").at(i);
    if (auto ok = item.object({"signature", "verification"}, {}); !ok) return ok.error();
    auto text = item.string("signature");
    if (!text) return text.error();
    auto sig = parse_signature(*text);
    if (!sig) return item.at("signature").error(sig.error().describe());
    for (const auto& seen : v.instances) {
      if (seen.signature.params == sig->params) return item.at("signature").error("listed twice");
    }
    auto verification = parse_verification(item.at("verification"));
    if (!verification) return verification.error();
    v.instances.push_back({*sig, *verification});
  }
  if (r.has("revocation")) {
    Reader rev = r.at("revocation");
    if (auto ok = rev.object({"reason", "time"}, {"case"}); !ok) return ok.error();
    Revocation revocation;
    auto reason = rev.string("reason");
    if (!reason) return reason.error();
    auto time = rev.string("time");
    if (!time) return time.error();
    auto file = rev.string_or("case", "");
    if (!file) return file.error();
    if (!file->empty() && (file->rfind("cases/", 0) != 0 || file->find("..") != std::string::npos))
      return rev.at("case").error("expected a file under cases/");
    revocation = {*reason, *time, *file};
    v.revocation = revocation;
  }
  if (v.revoked != v.revocation.has_value())
    return r.error(v.revoked ? "a revoked version needs a revocation" : "only a revoked version has a revocation");
  return v;
}

}  // namespace

Result<OpRecord> parse_op_record(const json& j, const std::string& where) {
  Reader r(j, where, "");
  if (auto ok = r.object({"schema", "qualname", "kind", "tolerance", "overloads"}, {"domain", "traits", "note", "tolerance_reason"}); !ok)
    return ok.error();
  if (!j.at("schema").is_number_integer() || j.at("schema").get<std::int64_t>() != kSchemaVersion)
    return r.at("schema").error("expected " + std::to_string(kSchemaVersion) + " (this opsynth reads schema " +
                                std::to_string(kSchemaVersion) + ")");
  OpRecord op;
  auto qualname = r.string("qualname");
  if (!qualname) return qualname.error();
  if (auto cpp = cpp_name(*qualname); !cpp) return r.at("qualname").error(cpp.error().message);
  op.qualname = *qualname;
  auto kind = r.string("kind");
  if (!kind) return kind.error();
  if (*kind != "function" && *kind != "method-of-type" && *kind != "type")
    return r.at("kind").error("expected \"function\", \"method-of-type\" or \"type\"");
  op.kind = *kind;
  auto tolerance_text = r.string("tolerance");
  if (!tolerance_text) return tolerance_text.error();
  auto tolerance = verify::parse_tolerance(*tolerance_text);
  if (!tolerance) return r.at("tolerance").error(tolerance.error().message);
  op.tolerance = *tolerance;
  if (r.has("domain")) {
    auto domain = verify::parse_domain(j.at("domain"));
    if (!domain) return Error{where + ": " + domain.error().message, where};
    op.domain = *domain;
  }
  if (r.has("traits")) {
    auto n = r.array("traits");
    if (!n) return n.error();
    for (std::size_t i = 0; i < *n; ++i) {
      const json& t = j.at("traits").at(i);
      if (!t.is_string() || !valid_overload_name(t.get<std::string>()))
        return r.at("traits").at(i).error("expected a trait name ([a-z0-9_]+)");
      op.traits.push_back(t.get<std::string>());
    }
  }
  auto note = r.string_or("note", "");
  if (!note) return note.error();
  op.note = *note;
  auto tolerance_reason = r.string_or("tolerance_reason", "");
  if (!tolerance_reason) return tolerance_reason.error();
  op.tolerance_reason = *tolerance_reason;
  auto count = r.array("overloads");
  if (!count) return count.error();
  for (std::size_t i = 0; i < *count; ++i) {
    Reader o = r.at("overloads").at(i);
    if (auto ok = o.object({"name", "versions"}, {"generic", "domain", "tolerance"}); !ok) return ok.error();
    OverloadRecord overload;
    auto name = o.string("name");
    if (!name) return name.error();
    if (!valid_overload_name(*name)) return o.at("name").error("expected [a-z0-9_], 1 to 100 characters");
    if (op.overload(*name)) return o.at("name").error("'" + *name + "' is listed twice");
    overload.name = *name;
    auto generic = o.boolean_or("generic", false);
    if (!generic) return generic.error();
    overload.generic = *generic;
    if (o.has("domain")) {
      auto domain = verify::parse_domain(o.raw().at("domain"));
      if (!domain) return o.at("domain").error(domain.error().message);
      overload.domain = *domain;
    }
    if (o.has("tolerance")) {
      auto text = o.string("tolerance");
      if (!text) return text.error();
      auto tolerance = verify::parse_tolerance(*text);
      if (!tolerance) return o.at("tolerance").error(tolerance.error().message);
      overload.tolerance = *tolerance;
    }
    auto versions = o.array("versions");
    if (!versions) return versions.error();
    for (std::size_t k = 0; k < *versions; ++k) {
      auto v = parse_version(o.at("versions").at(k));
      if (!v) return v.error();
      if (overload.version(v->number)) return o.at("versions").at(k).at("version").error("listed twice");
      if (!overload.generic && v->instances.size() != 1)
        return o.at("versions").at(k).at("instances").error("a concrete overload is verified at exactly one signature");
      overload.versions.push_back(std::move(v).value());
    }
    op.overloads.push_back(std::move(overload));
  }
  return op;
}

json to_json(const OpRecord& op) {
  json overloads = json::array();
  for (const auto& o : op.overloads) {
    json versions = json::array();
    for (const auto& v : o.versions) {
      json instances = json::array();
      for (const auto& i : v.instances)
        instances.push_back({{"signature", to_string(i.signature)}, {"verification", verification_json(i.verification)}});
      json version = {{"version", v.number},          {"status", v.revoked ? "revoked" : "accepted"},
                      {"sha256", v.sha256},           {"committed", v.committed},
                      {"instances", instances}};
      if (v.revocation) {
        version["revocation"] = {{"reason", v.revocation->reason}, {"time", v.revocation->time}};
        if (!v.revocation->case_file.empty()) version["revocation"]["case"] = v.revocation->case_file;
      }
      versions.push_back(version);
    }
    json overload = {{"name", o.name}, {"versions", versions}};
    if (o.generic) overload["generic"] = true;
    if (o.domain) overload["domain"] = verify::domain_to_json(*o.domain);
    if (o.tolerance) overload["tolerance"] = verify::to_string(*o.tolerance);
    overloads.push_back(overload);
  }
  json j = {{"schema", kSchemaVersion}, {"qualname", op.qualname}, {"kind", op.kind},
            {"tolerance", verify::to_string(op.tolerance)}};
  const json domain = verify::domain_to_json(op.domain);
  if (!domain.empty()) j["domain"] = domain;
  if (!op.traits.empty()) j["traits"] = op.traits;
  if (!op.note.empty()) j["note"] = op.note;
  if (!op.tolerance_reason.empty()) j["tolerance_reason"] = op.tolerance_reason;
  j["overloads"] = overloads;
  return j;
}

std::string overload_name(const std::vector<Type>& params) {
  std::string name;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) name += "__";
    std::string part;
    for (char c : to_string(params[i])) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (c >= 'A' && c <= 'Z') {
        part += static_cast<char>(c - 'A' + 'a');
      } else if (alnum) {
        part += c;
      } else if (c == '-') {
        part += "neg";
      } else if (!part.empty() && part.back() != '_') {
        part += '_';
      }
    }
    while (!part.empty() && part.back() == '_') part.pop_back();
    // "literal_" reads worse than "lit_" and costs length.
    for (std::size_t at; (at = part.find("literal")) != std::string::npos;) part.replace(at, 7, "lit");
    name += part.empty() ? "x" : part;
  }
  if (name.empty()) name = "noargs";
  if (name.size() > 80) {
    std::string all;
    for (const auto& p : params) all += to_string(p) + ";";
    name = name.substr(0, 60) + "_" + sha256_hex(all).substr(0, 16);
  }
  return name;
}

bool valid_overload_name(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

fs::path op_folder(const fs::path& root, std::string_view qualname) {
  fs::path folder = root;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = qualname.find('.', start);
    folder /= std::string(qualname.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return folder;
}

std::string version_stem(const std::string& overload, int version) { return overload + ".v" + std::to_string(version); }

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace opsynth::oplib

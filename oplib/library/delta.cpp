// Deltas and merge (see delta.hpp; the rule is in oplib/README.md).
#include "oplib/library/delta.hpp"

#include <system_error>
#include <variant>

#include "core/sha256.hpp"
#include "oplib/library/atomic_file.hpp"

namespace opsynth::oplib {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string version_key(const std::string& qualname, const std::string& overload, int version) {
  return qualname + "|" + overload + "|v" + std::to_string(version);
}

std::string params_text(const std::vector<Type>& params) {
  std::string text;
  for (const auto& t : params) text += (text.empty() ? "" : ", ") + to_string(t);
  return text;
}

// The op's folder relative to the library root: numpy/linalg/norm.
fs::path relative_op_folder(const std::string& qualname) { return op_folder(fs::path(), qualname); }

// A provenance file ops check would flag anyway; carried as an empty object rather than a discarded value.
json provenance_object(const std::string& text) {
  json p = json::parse(text, nullptr, false);
  return p.is_object() ? p : json::object();
}

// The content hash covers everything but itself, in nlohmann's canonical (sorted-key) dump.
std::string content_hash(json delta) {
  delta.erase("content_sha256");
  return sha256_hex(delta.dump());
}

}  // namespace

Result<LibrarySnapshot> snapshot_library(const Library& library) {
  LibrarySnapshot snapshot;
  auto names = library.qualnames();
  if (!names) return names.error();
  for (const auto& q : *names) {
    auto op = library.load(q);
    if (!op) return op.error();
    if (!*op) continue;
    for (const auto& o : (*op)->overloads) {
      for (const auto& v : o.versions) {
        snapshot.versions[version_key(q, o.name, v.number)] = v.sha256;
        for (const auto& i : v.instances)
          snapshot.instances.insert(version_key(q, o.name, v.number) + "|" + params_text(i.signature.params));
      }
    }
    std::error_code ec;
    const fs::path cases = op_folder(library.root(), q) / "cases";
    for (fs::directory_iterator it(cases, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json")
        snapshot.cases.insert(q + "|cases/" + it->path().filename().string());
    }
  }
  return snapshot;
}

json snapshot_to_json(const LibrarySnapshot& snapshot) {
  return {{"versions", snapshot.versions}, {"instances", snapshot.instances}, {"cases", snapshot.cases}};
}

Result<LibrarySnapshot> snapshot_from_json(const json& j, const std::string& where) {
  LibrarySnapshot snapshot;
  try {
    snapshot.versions = j.at("versions").get<std::map<std::string, std::string>>();
    snapshot.instances = j.at("instances").get<std::set<std::string>>();
    snapshot.cases = j.at("cases").get<std::set<std::string>>();
  } catch (const json::exception& e) {
    return Error{where + ": base: " + e.what(), where};
  }
  return snapshot;
}

Result<LibrarySnapshot> copy_library(const Library& from, const fs::path& to) {
  auto held = WriterLock::acquire(from.root());
  if (!held) return held.error();
  std::error_code ec;
  fs::remove_all(to, ec);
  fs::create_directories(to, ec);
  if (ec) return Error{to.string() + ": " + ec.message(), to.string()};
  fs::copy(from.root(), to, fs::copy_options::recursive, ec);
  if (ec)
    return Error{"copying " + from.root().string() + " to " + to.string() + ": " + ec.message(), to.string()};
  return snapshot_library(from);
}

Result<DeltaSummary> write_delta(const Library& work, const LibrarySnapshot& base, const fs::path& dir,
                                 const json& shard) {
  DeltaSummary summary;
  json ops = json::array();
  auto names = work.qualnames();
  if (!names) return names.error();
  for (const auto& q : *names) {
    auto op = work.load(q);
    if (!op) return op.error();
    if (!*op) continue;
    json versions = json::array(), instances = json::array(), cases = json::array();
    for (const auto& o : (*op)->overloads) {
      for (const auto& v : o.versions) {
        const std::string key = version_key(q, o.name, v.number);
        if (!base.versions.count(key)) {
          if (v.revoked) continue;  // revoked in the shard's copy: nothing to bring in
          auto source = read_file(work.header_path(q, o.name, v.number));
          if (!source) return source.error();
          auto provenance_text =
              read_file(fs::path(work.header_path(q, o.name, v.number)).replace_extension(".json"));
          if (!provenance_text) return provenance_text.error();
          const std::string file = "versions/" + v.sha256 + ".hpp";
          if (auto w = write_file_atomically(dir / file, *source); !w) return w.error();
          versions.push_back({{"overload", o.name},
                              {"version", v.number},
                              {"sha256", v.sha256},
                              {"file", file},
                              {"provenance", provenance_object(*provenance_text)}});
          ++summary.versions;
          continue;
        }
        for (const auto& i : v.instances) {
          if (base.instances.count(key + "|" + params_text(i.signature.params))) continue;
          instances.push_back({{"overload", o.name},
                               {"version", v.number},
                               {"sha256", v.sha256},
                               {"params", params_text(i.signature.params)}});
          ++summary.instances;
        }
      }
    }
    std::error_code ec;
    const fs::path case_folder = op_folder(work.root(), q) / "cases";
    for (fs::directory_iterator it(case_folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = "cases/" + it->path().filename().string();
      if (it->path().extension() != ".json" || base.cases.count(q + "|" + name)) continue;
      auto text = read_file(it->path());
      if (!text) return text.error();
      const std::string file = "cases/" + (relative_op_folder(q) / it->path().filename()).string();
      if (auto w = write_file_atomically(dir / file, *text); !w) return w.error();
      cases.push_back({{"name", name}, {"file", file}, {"sha256", sha256_hex(*text)}});
      ++summary.cases;
    }
    if (versions.empty() && instances.empty() && cases.empty()) continue;
    ops.push_back({{"qualname", q},
                   {"op", to_json(**op)},
                   {"versions", versions},
                   {"instances", instances},
                   {"cases", cases}});
  }
  json delta = {{"schema", kDeltaSchemaVersion},  {"oplib_schema", kSchemaVersion},
                {"created", utc_now()},           {"shard", shard},
                {"base", snapshot_to_json(base)}, {"ops", ops}};
  delta["content_sha256"] = content_hash(delta);
  if (auto w = write_file_atomically(dir / "delta.json", delta.dump(1) + "\n"); !w) return w.error();
  return summary;
}

json MergeReport::to_json() const {
  json out = json::array();
  for (const auto& v : versions)
    out.push_back({{"delta", v.delta},
                   {"qualname", v.qualname},
                   {"overload", v.overload},
                   {"delta_version", v.delta_version},
                   {"status", v.status},
                   {"version", v.version},
                   {"reason", v.reason}});
  return {{"versions", out}, {"instances", instances}, {"cases", cases}};
}

namespace {

struct LoadedDelta {
  fs::path dir;
  json delta;
};

// Everything about a delta that can be checked without writing: its own hash, its files' hashes,
// the op records it carries, and that the library it was made from is contained in this one
// (versions are append-only, so a library that grew from the base still holds every base version).
std::variant<LoadedDelta, DeltaRefusal> check_delta(const Library& library, const LibrarySnapshot& current,
                                                    const fs::path& dir) {
  const std::string name = dir.string();
  auto refuse = [&](const std::string& why) { return DeltaRefusal{name, why}; };
  auto text = read_file(dir / "delta.json");
  if (!text)
    return refuse("no delta.json (" + text.error().message + "): not a delta, or its shard did not finish");
  json delta = json::parse(*text, nullptr, false);
  if (delta.is_discarded() || !delta.is_object()) return refuse("delta.json is not JSON");
  if (delta.value("schema", 0) != kDeltaSchemaVersion)
    return refuse("delta.json schema " + delta.value("schema", json(0)).dump() + ", this opsynth reads " +
                  std::to_string(kDeltaSchemaVersion));
  if (delta.value("oplib_schema", 0) != kSchemaVersion)
    return refuse("made for op.json schema " + delta.value("oplib_schema", json(0)).dump() +
                  ", this library is schema " + std::to_string(kSchemaVersion));
  if (delta.value("content_sha256", "") != content_hash(delta))
    return refuse("delta.json does not hash to its content_sha256 (damaged or edited)");
  auto base = snapshot_from_json(delta.value("base", json::object()), name);
  if (!base) return refuse(base.error().message);
  for (const auto& [key, sha] : base->versions) {
    auto it = current.versions.find(key);
    if (it == current.versions.end())
      return refuse("made from another library version: its base has " + key + ", which this library lacks");
    if (it->second != sha)
      return refuse("made from another library version: " + key +
                    " has another sha256 here than in its base");
  }
  try {
    for (const auto& op : delta.at("ops")) {
      const std::string q = op.at("qualname");
      auto record = parse_op_record(op.at("op"), name + ": delta.json: " + q);
      if (!record) return refuse(record.error().message);
      for (const auto& v : op.at("versions")) {
        auto source = read_file(dir / v.at("file").get<std::string>());
        if (!source) return refuse(source.error().message);
        if (sha256_hex(*source) != v.at("sha256").get<std::string>())
          return refuse(v.at("file").get<std::string>() + " does not hash to the sha256 the delta records");
        const OverloadRecord* o = record->overload(v.at("overload"));
        if (!o || !o->version(v.at("version").get<int>()))
          return refuse(q + ": " + v.at("overload").get<std::string>() +
                        " is not in the op record the delta carries");
      }
      for (const auto& c : op.at("cases")) {
        auto body = read_file(dir / c.at("file").get<std::string>());
        if (!body) return refuse(body.error().message);
        if (sha256_hex(*body) != c.at("sha256").get<std::string>())
          return refuse(c.at("file").get<std::string>() + " does not hash to the sha256 the delta records");
      }
    }
  } catch (const json::exception& e) {
    return refuse(std::string("delta.json: ") + e.what());
  }
  (void)library;
  return LoadedDelta{dir, std::move(delta)};
}

// The library's version of `overload` holding this text, if any.
const VersionRecord* version_with_sha(const OverloadRecord* o, const std::string& sha) {
  if (!o) return nullptr;
  for (const auto& v : o->versions)
    if (v.sha256 == sha) return &v;
  return nullptr;
}

void merge_one(Library& library, const WriterLock& held, const LoadedDelta& loaded,
               const LibrarySnapshot& base, MergeReport& report) {
  for (const auto& op : loaded.delta["ops"]) {
    const std::string q = op["qualname"];
    const OpRecord carried = *parse_op_record(op["op"], q);
    for (const auto& v : op["versions"]) {
      MergedVersion m{loaded.dir.string(), q, v["overload"], v["version"], "", 0, ""};
      const std::string sha = v["sha256"];
      auto current = library.load(q);
      if (!current) {
        m.status = "refused";
        m.reason = current.error().message;
        report.versions.push_back(m);
        continue;
      }
      const OverloadRecord* here = *current ? (*current)->overload(m.overload) : nullptr;
      if (const VersionRecord* same = version_with_sha(here, sha)) {
        m.status = "present";
        m.version = same->number;
        report.versions.push_back(m);
        continue;
      }
      // Another version of this overload appeared since the delta's base: two shards filled it, or it
      // was filled by hand meanwhile. The one already in the library stays (first merged wins).
      const VersionRecord* newer = nullptr;
      if (here)
        for (const auto& hv : here->versions)
          if (!hv.revoked && !base.versions.count(version_key(q, here->name, hv.number))) newer = &hv;
      if (newer) {
        m.status = "conflict";
        m.version = newer->number;
        m.reason = "the library gained " + version_stem(here->name, newer->number) +
                   " after this delta's base; it is kept";
        report.versions.push_back(m);
        continue;
      }
      const OverloadRecord* o = carried.overload(m.overload);
      const VersionRecord* cv = o->version(m.delta_version);
      CommitRequest request;
      request.qualname = q;
      request.declaration.kind = carried.kind;
      request.declaration.tolerance = carried.tolerance_for(m.overload);
      request.declaration.domain = carried.domain_for(m.overload);
      request.declaration.traits = carried.traits;
      request.declaration.note = carried.note;
      request.declaration.tolerance_reason = carried.tolerance_reason;
      request.overload = m.overload;
      request.generic = o->generic;
      request.source = *read_file(loaded.dir / v["file"].get<std::string>());
      request.signature = cv->instances.at(0).signature;
      request.verification = cv->instances.at(0).verification;
      json provenance = v["provenance"].is_object() ? v["provenance"] : json::object();
      provenance["merged_from"] = {{"delta", loaded.dir.filename().string()},
                                   {"shard", loaded.delta["shard"]},
                                   {"version_in_delta", m.delta_version}};
      request.provenance = provenance;
      auto committed = library.commit(request, held);
      if (!committed) {
        m.status = "refused";
        m.reason = committed.error().message;
      } else {
        m.status = committed->created_version ? "merged" : "present";
        m.version = committed->ref.version;
      }
      report.versions.push_back(m);
    }
    // Generic versions verified at more signatures in the shard: the same run, recorded here.
    for (const auto& inst : op["instances"]) {
      auto current = library.load(q);
      if (!current || !*current) continue;
      const VersionRecord* here = version_with_sha((*current)->overload(inst["overload"]), inst["sha256"]);
      const OverloadRecord* o = carried.overload(inst["overload"]);
      const VersionRecord* cv = o ? o->version(inst["version"].get<int>()) : nullptr;
      if (!here || !cv) continue;
      for (const auto& i : cv->instances) {
        if (params_text(i.signature.params) != inst["params"].get<std::string>()) continue;
        if (library.record_verification(q, o->name, here->number, i.signature, i.verification, held))
          ++report.instances;
      }
    }
    // Counterexamples are content-addressed files: copied when absent.
    for (const auto& c : op["cases"]) {
      const fs::path target = op_folder(library.root(), q) / c["name"].get<std::string>();
      std::error_code ec;
      if (fs::exists(target, ec)) continue;
      if (auto text = read_file(loaded.dir / c["file"].get<std::string>());
          text && write_file_atomically(target, *text))
        ++report.cases;
    }
  }
}

}  // namespace

std::variant<MergeReport, DeltaRefusal> merge_deltas(Library& library, const std::vector<fs::path>& deltas) {
  auto held = WriterLock::acquire(library.root());
  if (!held) return DeltaRefusal{library.root().string(), held.error().message};
  auto current = snapshot_library(library);
  if (!current) return DeltaRefusal{library.root().string(), current.error().message};
  std::vector<LoadedDelta> loaded;
  for (const auto& dir : deltas) {
    auto checked = check_delta(library, *current, dir);
    if (auto* refusal = std::get_if<DeltaRefusal>(&checked)) return *refusal;
    loaded.push_back(std::move(std::get<LoadedDelta>(checked)));
  }
  MergeReport report;
  for (const auto& d : loaded) {
    const LibrarySnapshot base = *snapshot_from_json(d.delta["base"], d.dir.string());
    merge_one(library, *held, d, base, report);
  }
  return report;
}

}  // namespace opsynth::oplib

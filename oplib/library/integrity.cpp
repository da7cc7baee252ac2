// Library integrity check (see integrity.hpp).
#include "oplib/library/integrity.hpp"

#include <set>

#include "core/sha256.hpp"
#include "oplib/library/atomic_file.hpp"

namespace opsynth::oplib {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void check_version(const Library& library, const OpRecord& op, const OverloadRecord& o, const VersionRecord& v,
                   IntegrityReport& report) {
  const fs::path header = library.header_path(op.qualname, o.name, v.number);
  const std::string what = op.qualname + " " + version_stem(o.name, v.number);
  auto text = read_file(header);
  if (!text) {
    report.errors.push_back(what + ": " + text.error().message);
  } else if (sha256_hex(*text) != v.sha256) {
    report.errors.push_back(what + ": " + header.string() + " does not hash to the sha256 op.json records");
  }
  const fs::path provenance_path = fs::path(header).replace_extension(".json");
  auto provenance_text = read_file(provenance_path);
  if (!provenance_text) {
    report.errors.push_back(what + ": provenance: " + provenance_text.error().message);
    return;
  }
  json p = json::parse(*provenance_text, nullptr, false);
  if (p.is_discarded() || !p.is_object()) {
    report.errors.push_back(what + ": " + provenance_path.string() + " is not a JSON object");
    return;
  }
  if (p.value("sha256", "") != v.sha256 || p.value("qualname", "") != op.qualname || p.value("overload", "") != o.name ||
      p.value("version", 0) != v.number)
    report.errors.push_back(what + ": " + provenance_path.string() + " names another file (qualname, overload, version or sha256 differ)");
}

// Files in the op folder that op.json does not account for.
std::vector<fs::path> unlisted_files(const Library& library, const OpRecord& op) {
  std::set<std::string> listed = {"op.json"};
  for (const auto& o : op.overloads) {
    for (const auto& v : o.versions) {
      listed.insert(version_stem(o.name, v.number) + ".hpp");
      listed.insert(version_stem(o.name, v.number) + ".json");
    }
  }
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path folder = op_folder(library.root(), op.qualname);
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file()) continue;
    if (!listed.count(entry.path().filename().string())) out.push_back(entry.path());
  }
  for (const auto& entry : fs::directory_iterator(folder / "cases", ec)) {
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(entry.path());
  }
  return out;
}

}  // namespace

IntegrityReport check_integrity(const Library& library) {
  IntegrityReport report;
  auto names = library.qualnames();
  if (!names) {
    report.errors.push_back(names.error().message);
    return report;
  }
  for (const auto& qualname : *names) {
    auto op = library.load(qualname);
    if (!op) {
      report.errors.push_back(op.error().message);
      continue;
    }
    ++report.operators;
    for (const auto& o : (*op)->overloads) {
      for (const auto& v : o.versions) {
        ++report.versions;
        check_version(library, **op, o, v, report);
      }
    }
    for (const auto& file : unlisted_files(library, **op)) report.leftovers.push_back(file.string());
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(op_folder(library.root(), qualname) / "cases", ec)) {
      if (entry.path().extension() == ".json") ++report.cases;
    }
  }
  // Every stored counterexample must load for the signatures it names.
  for (const auto& qualname : *names) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(op_folder(library.root(), qualname) / "cases", ec)) {
      if (entry.path().extension() != ".json" || entry.path().filename().string().find(".tmp.") != std::string::npos)
        continue;
      auto text = read_file(entry.path());
      json j = text ? json::parse(*text, nullptr, false) : json();
      if (!text || j.is_discarded() || !j.is_object() || !j.contains("signature") || !j["signature"].is_string()) {
        report.errors.push_back(entry.path().string() + ": not a stored case");
        continue;
      }
      auto sig = parse_signature(j["signature"].get<std::string>());
      if (!sig) {
        report.errors.push_back(entry.path().string() + ": signature: " + sig.error().describe());
        continue;
      }
      if (auto cases = library.stored_cases(qualname, *sig); !cases) report.errors.push_back(cases.error().message);
    }
  }
  return report;
}

Result<std::size_t> remove_leftovers(Library& library) {
  auto held = WriterLock::acquire(library.root());
  if (!held) return held.error();
  const IntegrityReport report = check_integrity(library);
  std::size_t removed = 0;
  for (const auto& file : report.leftovers) {
    std::error_code ec;
    if (fs::remove(file, ec)) ++removed;
  }
  return removed;
}

}  // namespace opsynth::oplib

// `opsynth ops list|show|lock|check|merge`: what the operator library holds, a lock pinning it, an
// integrity check, and the merge of `grow --shard` deltas. Reading commands never write; `check --fix`
// removes only unlisted leftovers; `merge` commits only versions the deltas carry, under the writer lock.
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "oplib/library/atomic_file.hpp"
#include "oplib/library/delta.hpp"
#include "oplib/library/integrity.hpp"
#include "verification.hpp"

namespace opsynth::cli {
namespace {

using nlohmann::json;

struct OpsOptions {
  LibraryOptions library;
  std::string module;
  bool json = false;
  std::string qualname;
  bool fix = false;
  std::vector<std::string> deltas;
  std::string report;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
  CLI::App* lock = nullptr;
  CLI::App* check = nullptr;
  CLI::App* merge = nullptr;
};

bool in_module(const std::string& qualname, const std::string& module) {
  return module.empty() || qualname == module || qualname.rfind(module + ".", 0) == 0;
}

// Loads every op (of a module); the first corrupt op.json is bad input naming it.
Result<std::vector<oplib::OpRecord>> load_all(const oplib::Library& library, const std::string& module) {
  auto names = library.qualnames();
  if (!names) return names.error();
  std::vector<oplib::OpRecord> ops;
  for (const auto& q : *names) {
    if (!in_module(q, module)) continue;
    auto op = library.load(q);
    if (!op) return op.error();
    ops.push_back(**op);
  }
  return ops;
}

// The signatures an op can serve now (newest accepted version of each overload).
std::vector<std::string> served_signatures(const oplib::OpRecord& op) {
  std::vector<std::string> out;
  for (const auto& o : op.overloads) {
    if (const auto* v = o.newest_accepted()) {
      for (const auto& i : v->instances) {
        if (i.verification.verdict != "FAIL") out.push_back(to_string(i.signature));
      }
    }
  }
  return out;
}

ExitCode run_list(const OpsOptions& options, const oplib::Library& library) {
  auto ops = load_all(library, options.module);
  if (!ops) return fail(ExitCode::kBadInput, ops.error().message);
  if (options.json) {
    json out = json::array();
    for (const auto& op : *ops) out.push_back({{"qualname", op.qualname}, {"tolerance", verify::to_string(op.tolerance)},
                                               {"signatures", served_signatures(op)}});
    std::cout << out.dump(2) << '\n';
    return ExitCode::kDone;
  }
  std::map<std::string, std::size_t> per_module;
  std::size_t usable = 0;
  for (const auto& op : *ops) {
    const auto sigs = served_signatures(op);
    usable += !sigs.empty();
    per_module[op.qualname.substr(0, op.qualname.rfind('.'))]++;
    std::cout << fmt::format("{:<32} {:<14} {}\n", op.qualname, verify::to_string(op.tolerance),
                             sigs.empty() ? "(no accepted version)" : sigs[0] + (sigs.size() > 1 ? fmt::format("  (+{} more)", sigs.size() - 1) : ""));
  }
  std::cout << fmt::format("{} operators ({} with an accepted version) in {}:", ops->size(), usable, library.root().string());
  for (const auto& [module, n] : per_module) std::cout << ' ' << module << ' ' << n << ';';
  std::cout << '\n';
  return ExitCode::kDone;
}

ExitCode run_show(const OpsOptions& options, const oplib::Library& library) {
  if (auto cpp = cpp_name(options.qualname); !cpp) return fail(ExitCode::kBadInput, cpp.error());
  auto op = library.load(options.qualname);
  if (!op) return fail(ExitCode::kBadInput, op.error().message);
  if (!*op) return fail(ExitCode::kBadInput, "'" + options.qualname + "': the library (" + library.root().string() + ") has no such operator");
  const oplib::OpRecord& record = **op;
  if (options.json) {
    std::cout << to_json(record).dump(2) << '\n';
    return ExitCode::kDone;
  }
  std::cout << record.qualname << " (" << record.kind << ")\n  tolerance " << verify::to_string(record.tolerance);
  if (!record.tolerance_reason.empty()) std::cout << " (" << record.tolerance_reason << ")";
  const json domain = verify::domain_to_json(record.domain);
  if (!domain.empty()) std::cout << ", domain " << domain.dump();
  std::cout << '\n';
  // Short inputs hide the bugs of long ones: a narrowing of sizes is shown on a line of its own.
  if (record.domain.narrows_sizes()) std::cout << "  sizes narrowed: " << verify::size_narrowing(record.domain) << '\n';
  if (!record.traits.empty()) {
    std::cout << "  traits";
    for (const auto& t : record.traits) std::cout << ' ' << t;
    std::cout << '\n';
  }
  if (!record.note.empty()) std::cout << "  note: " << record.note << '\n';
  for (const auto& o : record.overloads) {
    std::cout << "  overload " << o.name << (o.generic ? " (generic)" : "");
    if (o.tolerance) std::cout << ", tolerance " << verify::to_string(*o.tolerance);
    if (o.domain) std::cout << ", domain " << verify::domain_to_json(*o.domain).dump();
    std::cout << '\n';
    if (o.domain && o.domain->narrows_sizes())
      std::cout << "    sizes narrowed: " << verify::size_narrowing(*o.domain) << '\n';
    for (const auto& v : o.versions) {
      const auto header = library.header_path(record.qualname, o.name, v.number);
      std::cout << "    v" << v.number << (v.revoked ? " REVOKED" : " accepted") << "  " << v.committed << "  sha256 "
                << v.sha256.substr(0, 16) << "...";
      auto provenance = oplib::read_file(std::filesystem::path(header).replace_extension(".json"));
      if (provenance) {
        json p = json::parse(*provenance, nullptr, false);
        if (!p.is_discarded() && p.contains("author")) std::cout << "  author " << p["author"].value("kind", "?");
      }
      std::cout << '\n';
      if (v.revocation)
        std::cout << "      revoked " << v.revocation->time << ": " << v.revocation->reason
                  << (v.revocation->case_file.empty() ? "" : " (" + v.revocation->case_file + ")") << '\n';
      for (const auto& i : v.instances)
        std::cout << "      " << to_string(i.signature) << "  last verified " << i.verification.time << ": "
                  << i.verification.verdict << " in " << i.verification.cases << " cases (numpy "
                  << i.verification.numpy << ")\n";
    }
  }
  std::size_t cases = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(oplib::op_folder(library.root(), record.qualname) / "cases", ec))
    cases += entry.path().extension() == ".json";
  std::cout << "  " << cases << " stored counterexample" << (cases == 1 ? "" : "s") << '\n';
  return ExitCode::kDone;
}

ExitCode run_lock(const oplib::Library& library) {
  auto lock = library.current_lock();
  if (!lock) return fail(ExitCode::kBadInput, lock.error().message);
  std::cout << to_text(*lock);
  return ExitCode::kDone;
}

ExitCode run_check(const OpsOptions& options, oplib::Library& library) {
  if (options.fix) {
    auto removed = oplib::remove_leftovers(library);
    if (!removed) return fail(ExitCode::kInternal, removed.error().message);
    std::cout << "removed " << *removed << " leftover file" << (*removed == 1 ? "" : "s") << '\n';
  }
  const oplib::IntegrityReport report = oplib::check_integrity(library);
  for (const auto& e : report.errors) std::cout << "error: " << e << '\n';
  for (const auto& l : report.leftovers) std::cout << "leftover (not in op.json; `ops check --fix` removes it): " << l << '\n';
  std::cout << fmt::format("{}: {} operators, {} versions, {} stored cases: {} errors, {} leftovers\n",
                           report.errors.empty() ? "OK" : "CORRUPT", report.operators, report.versions, report.cases,
                           report.errors.size(), report.leftovers.size());
  return report.errors.empty() ? ExitCode::kDone : ExitCode::kRejected;
}

// Exit 0: every version merged or already present; 1: a conflict or a version the library refused
// (listed; the rest is merged); 2: a delta refused as a whole (damaged, from another library), nothing merged.
ExitCode run_merge(const OpsOptions& options, oplib::Library& library) {
  std::vector<std::filesystem::path> deltas(options.deltas.begin(), options.deltas.end());
  auto merged = oplib::merge_deltas(library, deltas);
  if (auto* refusal = std::get_if<oplib::DeltaRefusal>(&merged))
    return fail(ExitCode::kBadInput, "delta " + refusal->delta + " refused, nothing merged: " + refusal->reason);
  const auto& report = std::get<oplib::MergeReport>(merged);
  std::map<std::string, std::size_t> by_status;
  for (const auto& v : report.versions) {
    ++by_status[v.status];
    std::cout << fmt::format("{:<9} {} {}", v.status, v.qualname, oplib::version_stem(v.overload, v.delta_version))
              << (v.version ? fmt::format(" -> {}", oplib::version_stem(v.overload, v.version)) : "")
              << (v.reason.empty() ? "" : ": " + v.reason) << '\n';
  }
  std::cout << fmt::format("merged {} delta{}: {} versions merged, {} already present, {} conflicts, {} refused; "
                           "{} instances, {} cases\n",
                           deltas.size(), deltas.size() == 1 ? "" : "s", by_status["merged"], by_status["present"],
                           by_status["conflict"], by_status["refused"], report.instances, report.cases);
  if (!options.report.empty()) {
    if (auto w = oplib::write_file_atomically(options.report, report.to_json().dump(2) + "\n"); !w)
      return fail(ExitCode::kInternal, w.error().message);
  }
  return by_status["conflict"] + by_status["refused"] == 0 ? ExitCode::kDone : ExitCode::kRejected;
}

ExitCode run_ops(const OpsOptions& options) {
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);
  if (options.list->parsed()) return run_list(options, *library);
  if (options.show->parsed()) return run_show(options, *library);
  if (options.lock->parsed()) return run_lock(*library);
  if (options.check->parsed()) return run_check(options, *library);
  if (options.merge->parsed()) return run_merge(options, *library);
  return fail(ExitCode::kBadInput, "ops: name a subcommand: list, show, lock, check or merge");
}

}  // namespace

RunCommand add_ops_command(CLI::App& app) {
  auto options = std::make_shared<OpsOptions>();
  CLI::App* sub = app.add_subcommand("ops", "Inspect the operator library: list, show, lock, check; merge shard deltas");
  sub->require_subcommand(1);
  add_library_options(*sub, options->library, /*with_lock=*/false);
  options->list = sub->add_subcommand("list", "One line per operator: qualname, tolerance, signatures");
  options->list->add_option("--module", options->module, "only this module, e.g. numpy.linalg");
  options->list->add_flag("--json", options->json, "print JSON");
  options->show = sub->add_subcommand("show", "An operator's overloads, versions, provenance, verifications, cases");
  options->show->add_option("qualname", options->qualname, "e.g. numpy.linalg.norm")->required();
  options->show->add_flag("--json", options->json, "print op.json");
  options->lock = sub->add_subcommand("lock", "Print a lock file pinning the newest accepted version of every overload");
  options->check = sub->add_subcommand("check", "Check integrity: hashes, provenance, unlisted files");
  options->check->add_flag("--fix", options->fix, "remove leftovers of interrupted commits first");
  options->merge = sub->add_subcommand(
      "merge", "Merge the deltas of `grow --shard` runs into the library, atomically per version, under the writer lock");
  options->merge->add_option("delta", options->deltas, "delta folders (each holds delta.json), merged in this order")
      ->required();
  options->merge->add_option("--report", options->report, "write what happened to each version as JSON here");
  for (CLI::App* s : {options->list, options->show, options->lock, options->check, options->merge})
    add_library_options(*s, options->library, /*with_lock=*/false);
  return [options](CommandContext&) { return run_ops(*options); };
}

}  // namespace opsynth::cli

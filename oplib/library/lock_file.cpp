// ops.lock parsing and printing (see lock_file.hpp).
#include "oplib/library/lock_file.hpp"

#include "oplib/library/op_record.hpp"

namespace opsynth::oplib {

using nlohmann::json;

const LockedVersion* LockFile::pinned(const std::string& qualname, const std::string& overload) const {
  auto op = ops.find(qualname);
  if (op == ops.end()) return nullptr;
  auto o = op->second.find(overload);
  return o == op->second.end() ? nullptr : &o->second;
}

Result<LockFile> parse_lock_file(std::string_view text, const std::string& where) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto bad = [&](const std::string& field, const std::string& what) {
    return Error{where + ": " + field + ": " + what, where};
  };
  if (j.is_discarded()) return Error{where + ": not valid JSON", where};
  if (!j.is_object() || !j.contains("schema") || !j.contains("ops")) return bad("(top)", "expected {\"schema\": 1, \"ops\": {...}}");
  if (j["schema"] != kSchemaVersion) return bad("schema", "expected " + std::to_string(kSchemaVersion));
  if (!j["ops"].is_object()) return bad("ops", "expected an object");
  LockFile lock;
  for (const auto& [qualname, overloads] : j["ops"].items()) {
    const std::string field = "ops." + qualname;
    if (auto cpp = cpp_name(qualname); !cpp) return bad(field, cpp.error().message);
    if (!overloads.is_object()) return bad(field, "expected an object of overloads");
    for (const auto& [name, pin] : overloads.items()) {
      const std::string f = field + "." + name;
      if (!valid_overload_name(name)) return bad(f, "not an overload name");
      if (!pin.is_object() || !pin.contains("version") || !pin["version"].is_number_unsigned() ||
          pin["version"].get<std::uint64_t>() < 1 || pin["version"].get<std::uint64_t>() > 1000000 ||
          !pin.contains("sha256") || !pin["sha256"].is_string() || pin["sha256"].get<std::string>().size() != 64)
        return bad(f, "expected {\"version\": N, \"sha256\": \"<64 hex digits>\"}");
      lock.ops[qualname][name] = {pin["version"].get<int>(), pin["sha256"].get<std::string>()};
    }
  }
  return lock;
}

std::string to_text(const LockFile& lock) {
  json ops = json::object();
  for (const auto& [qualname, overloads] : lock.ops) {
    for (const auto& [name, pin] : overloads) ops[qualname][name] = {{"version", pin.version}, {"sha256", pin.sha256}};
  }
  return json{{"schema", kSchemaVersion}, {"ops", ops}}.dump(2) + "\n";
}

}  // namespace opsynth::oplib

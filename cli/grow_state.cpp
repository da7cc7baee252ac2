// `grow`'s memory between nights (see grow_state.hpp).
#include "grow_state.hpp"

#include <nlohmann/json.hpp>

#include "oplib/library/atomic_file.hpp"

namespace opsynth::cli {

Result<GrowState> load_grow_state(const std::filesystem::path& path) {
  GrowState state;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return state;
  auto text = oplib::read_file(path);
  if (!text) return text.error();
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  try {
    if (j.is_discarded()) throw nlohmann::json::other_error::create(501, "not JSON", nullptr);
    state.reverify_cursor = j.at("reverify_cursor").get<std::size_t>();
    state.python = j.at("python").get<std::string>();
    state.numpy = j.at("numpy").get<std::string>();
    state.verified = j.at("verified").get<std::map<std::string, std::string>>();
  } catch (const nlohmann::json::exception& e) {
    return Error{path.string() + ": not a grow state file (" + e.what() + "); remove it to start afresh",
                 path.string()};
  }
  return state;
}

Result<bool> save_grow_state(const std::filesystem::path& path, const GrowState& state) {
  const nlohmann::json j = {{"reverify_cursor", state.reverify_cursor},
                            {"python", state.python},
                            {"numpy", state.numpy},
                            {"verified", state.verified}};
  return oplib::write_file_atomically(path, j.dump(2) + "\n");
}

}  // namespace opsynth::cli

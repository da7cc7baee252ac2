// `grow`'s report for people: the Markdown summary of the JSON report, and the one history line per
// run (tab-separated, a header when the file is new) so that the trend over nights reads at a glance.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"

namespace opsynth::cli {

std::string grow_markdown(const nlohmann::json& report);
// The first lines of the Markdown: what a commit message or pull request carries.
std::string grow_summary(const nlohmann::json& report);
std::string history_header();
std::string history_line(const nlohmann::json& report);
// Appends the line (with the header first when the file is new or empty), fsynced.
Result<bool> append_history(const std::filesystem::path& history, const nlohmann::json& report);
// The mean tokens per accepted overload over the history's runs that accepted any; 0 when none did.
double history_tokens_per_accepted(const std::filesystem::path& history);

}  // namespace opsynth::cli

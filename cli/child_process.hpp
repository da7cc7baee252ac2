// Runs this opsynth executable again as a child process, for the steps of `grow` that are whole
// commands already (compile, verify --function, reverify): each runs as a person would run it, its
// output goes to a log file, and only its exit status and the report files it writes are read back.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace opsynth::cli {

// The exit status (128 + signal when killed), or -1 when the child could not start.
int run_opsynth_child(const std::vector<std::string>& args, const std::filesystem::path& log);

}  // namespace opsynth::cli

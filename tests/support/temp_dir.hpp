// Scratch folders for tests, removed when the test is done with them: a suite of several hundred
// tests must not leave a folder per test behind in /tmp.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace opsynth::testing {

// A fresh folder under the system temp folder, removed (with everything in it) on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "opsynth_test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    const char* made = ::mkdtemp(pattern.data());
    if (made) path = made;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }

  std::filesystem::path path;
};

// A fresh folder that lives until the test process exits, for helpers that hand out a bare path.
inline std::filesystem::path process_scratch_dir(const std::string& prefix) {
  static std::vector<std::unique_ptr<TempDir>> live;
  live.push_back(std::make_unique<TempDir>(prefix));
  return live.back()->path;
}

}  // namespace opsynth::testing

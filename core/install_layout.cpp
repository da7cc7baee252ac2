// Finding an installation from the running executable (see install_layout.hpp).
#include "core/install_layout.hpp"

#include <cstdlib>
#include <system_error>

namespace opsynth {

namespace fs = std::filesystem;

namespace {

// Written by the install rules only, so a build tree never looks installed.
constexpr const char* kMarker = "share/opsynth/install-layout";

std::optional<InstallLayout> find_layout() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.parent_path().filename() != "bin") return std::nullopt;
  const fs::path prefix = exe.parent_path().parent_path();
  if (!fs::is_regular_file(prefix / kMarker, ec)) return std::nullopt;
  InstallLayout layout;
  layout.prefix = prefix;
  layout.include_dir = prefix / "share/opsynth/include";
  layout.worker_library = prefix / "lib/opsynth/libopsynth_worker.a";
  layout.sanitizer_worker_library = prefix / "lib/opsynth/libopsynth_worker_sanitizer.a";
  layout.worker_codec_library = prefix / "lib/opsynth/libopsynth_worker_codec.a";
  layout.prompts_dir = prefix / "share/opsynth/prompts";
  layout.core_oplib = prefix / "share/opsynth/oplib";
  layout.python_packages = prefix / "share/opsynth/python";
  return layout;
}

}  // namespace

const std::optional<InstallLayout>& installed_layout() {
  static const std::optional<InstallLayout> layout = find_layout();
  return layout;
}

fs::path user_oplib_dir() {
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return fs::path(data) / "opsynth" / "oplib";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/tmp") / ".local" / "share" / "opsynth" / "oplib";
}

}  // namespace opsynth

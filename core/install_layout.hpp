// Where opsynth's own files are: the source and build trees (a developer's build/opsynth), or an
// installed prefix P (P/bin/opsynth beside P/share/opsynth and P/lib/opsynth; cmake/Install.cmake).
#pragma once

#include <filesystem>
#include <optional>

namespace opsynth {

// The files of an installation, all under its prefix.
struct InstallLayout {
  std::filesystem::path prefix;
  std::filesystem::path include_dir;               // rt/, core/, verify/ headers a worker includes
  std::filesystem::path worker_library;            // libopsynth_worker.a
  std::filesystem::path sanitizer_worker_library;  // libopsynth_worker_sanitizer.a
  std::filesystem::path worker_codec_library;      // libopsynth_worker_codec.a
  std::filesystem::path prompts_dir;
  std::filesystem::path core_oplib;       // the shipped operators: read-only, copied to seed a user's library
  std::filesystem::path python_packages;  // the `opsynth` Python package the embedded CPython imports
};

// The layout of the installation this executable belongs to, found from /proc/self/exe (so the prefix
// may move after install); nullopt when it runs from a build tree, which then uses the source paths
// baked in at build time, as before.
const std::optional<InstallLayout>& installed_layout();

// The operator library a user grows when neither --oplib nor $OPSYNTH_OPLIB names one:
// ${XDG_DATA_HOME:-~/.local/share}/opsynth/oplib. Never inside an installed prefix.
std::filesystem::path user_oplib_dir();

}  // namespace opsynth

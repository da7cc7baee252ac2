// Where the source tree and the build tree are, for tests: the environment wins, else the paths
// compiled in by cmake/OpsynthTests.cmake (test discovery runs without ctest's environment).
#pragma once

#include <cstdlib>
#include <string>

namespace opsynth::testing {

inline std::string source_dir() {
  const char* env = std::getenv("OPSYNTH_SOURCE_DIR");
  return env ? env : OPSYNTH_DEFAULT_SOURCE_DIR;
}

inline std::string build_dir() {
  const char* env = std::getenv("OPSYNTH_BUILD_DIR");
  return env ? env : OPSYNTH_DEFAULT_BUILD_DIR;
}

}  // namespace opsynth::testing

// Compiles candidate workers in a confined child process, with a content-addressed cache of executables.
//
// A worker is the candidate's sources plus a generated harness, linked with libopsynth_worker.a (the
// sandbox installer and frame loop). Flags are the codegen's (cmake/CandidateFlags.cmake) so that what the
// verifier accepts is what ships; the sanitizer flavour adds ASan+UBSan.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace opsynth {

enum class BuildFlavor { Release, Sanitizer };

// Applied to the compiler's process group: a template explosion or a constexpr loop cannot hang us.
struct CompileLimits {
  std::chrono::milliseconds wall{900'000};  // a backstop: exceeding it is a tool error (see compile.cpp)
  unsigned cpu_seconds = 120;                // the limit that judges a candidate
  std::uint64_t address_space_bytes = 3ull << 30;
  std::uint64_t file_size_bytes = 512ull << 20;
};

struct SourceFile {
  std::string name;  // relative file name in the build directory, e.g. "candidate.hpp", "harness.cpp"
  std::string text;
};

// What to build: every *.cpp among `sources` is a translation unit; other files are only written beside them.
struct WorkerBuild {
  std::vector<SourceFile> sources;
  BuildFlavor flavor = BuildFlavor::Release;
  std::vector<std::string> extra_flags;
  // The compiler's output instead of a worker: a shared library of the same flags, without the worker
  // archive or its link libraries (what the library needs is all in its sources), and with the
  // library prelude precompiled in place of the worker's.
  bool shared_library = false;
  // Shared libraries the executable links, given as paths (after the sources; found at run time by
  // an rpath to their folders). Their content is part of the cache key.
  std::vector<std::string> link_inputs;
};

struct Toolchain {
  std::string compiler;
  std::vector<std::string> flags;                     // shared candidate flags (without -I)
  std::vector<std::filesystem::path> include_dirs;    // -I
  std::vector<std::filesystem::path> hashed_dirs;     // every header below these is part of the cache key
  std::filesystem::path worker_library;               // libopsynth_worker.a
  std::filesystem::path sanitizer_worker_library;     // libopsynth_worker_sanitizer.a
  std::vector<std::filesystem::path> link_libraries;  // after the worker library (value/case codecs)
  std::filesystem::path cache_dir;                    // executables live at <cache_dir>/<aa>/<key>
  std::optional<std::uint64_t> cache_limit;           // bytes; trimmed after each new entry (compile_cache.hpp)
  std::optional<std::filesystem::path> precompiled_prelude;  // header to precompile and force-include
  std::optional<std::filesystem::path> library_prelude;      // the same for shared libraries (compiled functions)
  CompileLimits limits;
};

// The toolchain this verifier was built with: OPSYNTH_CANDIDATE_CXX/FLAGS, the source tree's runtime/ and
// verify/ headers, the worker archives, default_compile_cache_dir() and compile_cache_limit() (its default
// when the variable is malformed: opsynth's entry point reports that before any compile).
Toolchain default_toolchain();

// $OPSYNTH_CACHE_DIR/compile, else $XDG_CACHE_HOME/opsynth/compile, else ~/.cache/opsynth/compile.
std::filesystem::path default_compile_cache_dir();

struct CompileOutcome {
  bool ok = false;
  bool cache_hit = false;
  bool timed_out = false;
  std::filesystem::path executable;  // valid when ok
  std::string diagnostics;           // trimmed to the first errors (for the repair prompt)
  std::string key;                   // sha256 cache key
  std::chrono::milliseconds elapsed{0};
};

// Builds (or finds in the cache) the worker executable. A candidate that does not compile is an outcome
// with ok = false; an Error means the tool itself failed (no compiler, cache not writable, ...).
Result<CompileOutcome> build_worker(const WorkerBuild& build, const Toolchain& toolchain);

// Keeps the first `max_errors` errors with their notes, at most `max_bytes`; strips `build_dir` prefixes
// so that file names read "candidate.hpp:3:5: error: ...".
std::string trim_diagnostics(std::string_view raw, std::string_view build_dir, std::size_t max_errors = 3,
                             std::size_t max_bytes = 4096);

}  // namespace opsynth

// Crash-safe file replacement and the library's writer lock (DESIGN §3: commits are atomic and
// serialized). A reader never sees a half-written file: it sees the old one or the new one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace opsynth::oplib {

// Writes `text` to a temp file beside `path`, fsyncs it, renames it over `path`, then fsyncs the
// folder so the rename itself survives a power cut. Creates missing parent folders.
Result<bool> write_file_atomically(const std::filesystem::path& path, std::string_view text);

Result<std::string> read_file(const std::filesystem::path& path);

// An exclusive flock on <root>/.lock, held for the object's lifetime. The kernel drops it when the
// holder dies, so a killed writer never leaves the library locked.
class WriterLock {
 public:
  static Result<WriterLock> acquire(const std::filesystem::path& root);
  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&&) = delete;
  WriterLock(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Test hook: when $OPSYNTH_OPLIB_CRASH_AT names `point`, the process kills itself with SIGKILL there,
// so tests can stop a writer at every step of a commit deterministically.
void crash_point(std::string_view point);

}  // namespace opsynth::oplib

// Atomic writes, the writer lock and crash points (see atomic_file.hpp).
#include "oplib/library/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace opsynth::oplib {

namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string temp_suffix() {
  std::random_device device;
  return ".tmp." + std::to_string(::getpid()) + "." + std::to_string(device());
}

}  // namespace

Result<bool> write_file_atomically(const fs::path& path, std::string_view text) {
  std::error_code ec;
  // A bare file name lives in the current folder: its parent_path() is "", which no call accepts.
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::create_directories(folder, ec);
  if (ec) return Error{"cannot create folder '" + folder.string() + "': " + ec.message(), path.string()};
  const fs::path temp = path.string() + temp_suffix();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot write '" + temp.string() + "': " + errno_text(), path.string()};
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const std::string why = written ? "" : errno_text();
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    return Error{"cannot write '" + temp.string() + "': " + why, path.string()};
  }
  crash_point("before-rename");
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string rename_error = errno_text();
    ::unlink(temp.c_str());
    return Error{"cannot replace '" + path.string() + "': " + rename_error, path.string()};
  }
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read '" + path.string() + "': " + errno_text(), path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{"cannot read '" + path.string() + "'", path.string()};
  return text.str();
}

Result<WriterLock> WriterLock::acquire(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  const fs::path lock_path = root / ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot open the library lock '" + lock_path.string() + "': " + errno_text(), lock_path.string()};
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const std::string why = errno_text();
    ::close(fd);
    return Error{"cannot lock '" + lock_path.string() + "': " + why, lock_path.string()};
  }
  return WriterLock(fd);
}

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

void crash_point(std::string_view point) {
  const char* at = std::getenv("OPSYNTH_OPLIB_CRASH_AT");
  if (at != nullptr && point == at) ::kill(::getpid(), SIGKILL);
}

}  // namespace opsynth::oplib

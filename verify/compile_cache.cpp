#include "verify/compile_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/byte_size.hpp"

namespace opsynth {
namespace fs = std::filesystem;
namespace {

constexpr const char* kVariable = "OPSYNTH_CACHE_MAX";

struct Entry {
  fs::path path;
  std::uint64_t bytes = 0;
  fs::file_time_type used;
};

// Bytes of a file, or of every file below a folder; 0 for what vanished meanwhile (a concurrent trim).
std::uint64_t size_of(const fs::directory_entry& entry) {
  std::error_code ec;
  if (!entry.is_directory(ec)) {
    const auto bytes = entry.file_size(ec);
    return ec ? 0 : bytes;
  }
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(entry.path(), ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto bytes = it->file_size(size_ec);
      if (!size_ec) total += bytes;
    }
  }
  return total;
}

bool is_temp(const fs::path& p) { return p.filename().string().starts_with("tmp-"); }

// Entries of one folder level: files for workers and libraries, folders for preludes, temp folders apart.
void collect(const fs::path& dir, bool want_folders, std::vector<Entry>& entries, std::vector<Entry>& temps) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    Entry e{it->path(), 0, it->last_write_time(entry_ec)};
    if (entry_ec) continue;
    const bool folder = it->is_directory(entry_ec);
    e.bytes = size_of(*it);
    if (folder && is_temp(e.path)) temps.push_back(std::move(e));
    else if (folder == want_folders) entries.push_back(std::move(e));
  }
}

}  // namespace

Result<std::optional<std::uint64_t>> compile_cache_limit() {
  const char* given = std::getenv(kVariable);
  if (!given || !*given) return std::optional<std::uint64_t>{kDefaultCompileCacheLimit};
  return parse_byte_size(given, kVariable);
}

void mark_cache_entry_used(const fs::path& entry) {
  // Best effort: a read-only shared cache still serves hits, it only ages by first use.
  ::utimensat(AT_FDCWD, entry.c_str(), nullptr, 0);
}

CacheTrim trim_compile_cache(const fs::path& root, std::uint64_t limit, std::chrono::seconds in_use_window) {
  std::vector<Entry> entries, temps;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == "pch") collect(it->path(), true, entries, temps);
    else if (name == "tmp") collect(it->path(), true, temps, temps);
    else if (name.size() == 2) collect(it->path(), false, entries, temps);
  }
  CacheTrim trim;
  const auto now = fs::file_time_type::clock::now();
  const auto remove = [&](const Entry& e) {
    std::error_code remove_ec;
    if (fs::remove_all(e.path, remove_ec) > 0 && !remove_ec) {
      ++trim.removed;
      trim.freed += e.bytes;
      return true;
    }
    return false;
  };
  for (const auto& t : temps) {
    if (now - t.used > std::chrono::hours(24)) remove(t);
    else trim.remaining += t.bytes;
  }
  std::uint64_t total = 0;
  for (const auto& e : entries) total += e.bytes;
  if (total > limit) {
    const std::uint64_t target = limit / 10 * 9;
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const auto& e : entries) {
      if (total <= target) break;
      if (now - e.used < in_use_window) break;  // sorted: everything after is as recent
      if (remove(e)) total -= e.bytes;
    }
  }
  trim.remaining += total;
  return trim;
}

}  // namespace opsynth

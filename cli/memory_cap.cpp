// RLIMIT_DATA bounds every private writable mapping (malloc's heap and its mmaps, numpy's buffers): an
// allocation past it fails at once, so CPython and numpy raise MemoryError, which the verifier reads as
// "CPython could not finish this case" and skips. Without it, a new operator whose int argument sizes its
// result ('x'.center(n), [x] * n) made the oracle build a 16 GB string in a nightly grow, and the OOM
// killer ended the whole job. A limit on address space (RLIMIT_AS) would also count the reservations of
// thread stacks and shared libraries; the data limit counts what can really be filled.
// Sandboxed workers restore their own limits (verify/sandbox.cpp).
#include "memory_cap.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

#include "core/byte_size.hpp"

namespace opsynth::cli {
namespace {

constexpr const char* kVariable = "OPSYNTH_MAX_MEMORY";

std::optional<std::uint64_t> read_number(const char* path, const std::string& key = "") {
  std::ifstream in(path);
  std::string word;
  while (in >> word) {
    if (!key.empty() && word != key) continue;
    if (!key.empty() && !(in >> word)) return std::nullopt;
    if (word.empty() || !std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); }))
      return std::nullopt;  // "max": the cgroup sets no limit
    return std::stoull(word);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> default_memory_cap() {
  std::optional<std::uint64_t> limit;
  if (auto kib = read_number("/proc/meminfo", "MemTotal:")) limit = *kib * 1024;
  if (auto cgroup = read_number("/sys/fs/cgroup/memory.max"))
    limit = limit ? std::min(*limit, *cgroup) : *cgroup;
  if (!limit) return std::nullopt;
  return *limit / 4 * 3;
}

Result<bool> cap_process_memory() {
  std::optional<std::uint64_t> cap = default_memory_cap();
  if (const char* given = std::getenv(kVariable); given && *given) {
    auto parsed = parse_byte_size(given, kVariable);
    if (!parsed) return parsed.error();
    cap = *parsed;
  }
  if (!cap) return true;
  rlimit data{};
  if (::getrlimit(RLIMIT_DATA, &data) != 0) return true;
  const rlim_t wanted = std::min<rlim_t>(static_cast<rlim_t>(*cap), data.rlim_max);
  if (data.rlim_cur != RLIM_INFINITY && data.rlim_cur <= wanted) return true;  // someone set a lower one
  data.rlim_cur = wanted;
  ::setrlimit(RLIMIT_DATA, &data);
  return true;
}

}  // namespace opsynth::cli

// rt::buffer_pool: large array buffers, and small blocks per thread, kept inside the library between calls.
//
// A compiled function called in a loop allocates the same large temporaries on every call. Through
// malloc each one is fresh memory from the kernel: a page fault per 4 KiB and the kernel zeroing the
// page, which on arrays of a million elements cost more than the arithmetic (`np.sum(np.abs(a - b))`:
// 70% of the time in the kernel). The pool keeps freed buffers of 64 KiB or more, up to a byte cap,
// and hands them out again for requests of about their size. The host's malloc is left alone: the
// pool's blocks come from aligned_alloc and go back to free when the pool drops them.
//
// OPSYNTH_BUFFER_POOL_MB (read once) sets the cap; 0 turns the pool off. Under AddressSanitizer the
// pool is always off, so that the verifier's sanitizer run still sees every use of a freed buffer.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

namespace rt::buffer_pool {

// Below: glibc's heap. From 256 KiB down to 64 KiB too, since glibc hands such blocks back to the kernel
// (mmap, or trimming the heap top) and faults them in again on the next call: sorting 3,000 words by
// (count, word) took 130 page faults a call and ran at 0.9x CPython, 0 faults and 1.7x pooled.
inline constexpr std::size_t kSmallest = std::size_t{64} << 10;
inline constexpr std::size_t kGranule = std::size_t{64} << 10;
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
inline constexpr std::size_t kHugeFrom = std::size_t{4} << 20;  // numpy asks for huge pages from here
inline constexpr std::size_t kDefaultCapMb = 64;
inline constexpr std::size_t kMaxBlocks = 64;

namespace detail {

// What a request of `bytes` really takes: whole granules, whole huge pages from kHugeFrom.
inline std::size_t block_bytes(std::size_t bytes) {
  const std::size_t unit = bytes >= kHugeFrom ? kHugePage : kGranule;
  return (bytes + unit - 1) / unit * unit;
}

inline void* fresh_block(std::size_t block) {
  const std::size_t align = block >= kHugeFrom ? kHugePage : 64;
  void* p = std::aligned_alloc(align, block);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (block >= kHugeFrom) ::madvise(p, block, MADV_HUGEPAGE);  // advice only: failure changes nothing
#endif
  return p;
}

struct pool {
  struct block {
    void* p;
    std::size_t bytes;
  };
  std::mutex mutex;
  std::vector<block> free_blocks;  // oldest first
  std::size_t cached = 0;
  std::size_t cap = 0;

  pool() {
    std::size_t mb = kDefaultCapMb;
    if (const char* env = std::getenv("OPSYNTH_BUFFER_POOL_MB")) {
      char* end = nullptr;
      const unsigned long long v = std::strtoull(env, &end, 10);
      if (end != env && *end == '\0' && v <= (std::size_t{1} << 20)) mb = static_cast<std::size_t>(v);
    }
    cap = mb << 20;
    free_blocks.reserve(kMaxBlocks + 1);
  }

  // A cached block of `block` bytes up to a quarter more, the smallest such; null if none.
  void* take(std::size_t block) {
    std::lock_guard lock(mutex);
    auto best = free_blocks.end();
    for (auto it = free_blocks.begin(); it != free_blocks.end(); ++it) {
      if (it->bytes >= block && it->bytes - block <= block / 4 && (best == free_blocks.end() || it->bytes < best->bytes)) {
        best = it;
      }
    }
    if (best == free_blocks.end()) return nullptr;
    void* p = best->p;
    cached -= best->bytes;
    free_blocks.erase(best);
    return p;
  }

  // Keeps a block for later, dropping the oldest ones past the cap; what is dropped is freed after
  // the lock is released.
  void give(void* p, std::size_t block) {
    std::vector<void*> dropped;
    {
      std::lock_guard lock(mutex);
      if (block > cap) {
        dropped.push_back(p);
      } else {
        free_blocks.push_back({p, block});
        cached += block;
        std::size_t evict = 0;
        while (cached > cap || free_blocks.size() - evict > kMaxBlocks) {
          cached -= free_blocks[evict].bytes;
          dropped.push_back(free_blocks[evict].p);
          ++evict;
        }
        free_blocks.erase(free_blocks.begin(), free_blocks.begin() + static_cast<std::ptrdiff_t>(evict));
      }
    }
    for (void* q : dropped) std::free(q);
  }
};

// Never destroyed: buffers handed to the host may be released after the library's static destructors.
inline pool& the_pool() {
  static pool* p = new pool();
  return *p;
}

}  // namespace detail

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kEnabled = false;
#else
inline constexpr bool kEnabled = true;
#endif

// Small blocks (up to kSmallLargest bytes, e.g. a str's text and shared block, a short list's items):
// freed ones wait in a per-thread cache, one free list per 16-byte size class, for the next request of
// their class. Building a list of 100,000 long strs at the call boundary and freeing it after the call
// otherwise cost two mallocs and frees per str and, as glibc gave the freed heap top back to the
// kernel, a page fault per 4 KiB on the next call. Blocks come from operator new at their class's size
// and go back to operator delete, so any thread may cache or free any block; a thread's cache holds at
// most kSmallCacheBytes and is freed when the thread ends.
inline constexpr std::size_t kSmallLargest = 512;
inline constexpr std::size_t kSmallClass = 16;
inline constexpr std::size_t kSmallCacheBytes = std::size_t{32} << 20;

namespace detail {

// Trivially destructible and constant-initialised, so that reaching it is one thread-local access with
// no guard (two accesses, the cache and a separate "gone" flag, were a tenth of a loop making small
// lists): it stays readable until the thread ends. Its blocks are freed by a second thread_local object,
// touched once per thread when the cache first keeps a block; its destructor empties the cache and marks
// it gone, after which blocks go straight back to operator delete.
struct small_cache {
  static constexpr std::size_t kClasses = kSmallLargest / kSmallClass + 1;
  void* head[kClasses] = {};  // a free block's first word links to the next
  std::size_t cached = 0;
  bool gone = false;        // the thread's cleanup ran: keep nothing more
  bool registered = false;  // the cleanup is set to run at thread exit
};

inline thread_local small_cache the_small_cache;

inline void free_all(small_cache& cache) noexcept {
  for (void*& h : cache.head) {
    while (h != nullptr) {
      void* next = *static_cast<void**>(h);
      ::operator delete(h);
      h = next;
    }
  }
  cache.cached = 0;
}

struct small_cache_cleanup {
  ~small_cache_cleanup() {
    the_small_cache.gone = true;
    free_all(the_small_cache);
  }
};

[[gnu::noinline]] inline void register_small_cache_cleanup(small_cache& cache) noexcept {
  static thread_local small_cache_cleanup cleanup;
  (void)&cleanup;  // odr-use: constructs it, so its destructor runs when the thread ends
  cache.registered = true;
}

// The size class of a request: 1 for 1..16 bytes (and for 0, which still needs a distinct block), 2 for
// 17..32, and so on.
inline std::size_t small_class(std::size_t bytes) { return bytes == 0 ? 1 : (bytes + kSmallClass - 1) / kSmallClass; }

inline void* allocate_small(std::size_t bytes) {
  const std::size_t c = small_class(bytes);
  small_cache& cache = the_small_cache;  // empty once gone: nothing to take
  if (void* p = cache.head[c]) {
    cache.head[c] = *static_cast<void**>(p);
    cache.cached -= c * kSmallClass;
    return p;
  }
  return ::operator new(c * kSmallClass);
}

inline void deallocate_small(void* p, std::size_t bytes) noexcept {
  const std::size_t c = small_class(bytes);
  small_cache& cache = the_small_cache;
  if (!cache.gone && cache.cached + c * kSmallClass <= kSmallCacheBytes) {
    if (!cache.registered) [[unlikely]] register_small_cache_cleanup(cache);
    *static_cast<void**>(p) = cache.head[c];
    cache.head[c] = p;
    cache.cached += c * kSmallClass;
    return;
  }
  ::operator delete(p);
}

}  // namespace detail

// OPSYNTH_BUFFER_POOL_MB=0 turns the small caches off too.
inline bool small_enabled() {
  static const bool on = kEnabled && detail::the_pool().cap != 0;
  return on;
}

// Frees the small blocks this thread's cache holds (a test counting live allocations; a host that wants
// the memory back from an idle thread).
inline void release_small_cache() noexcept {
  detail::free_all(detail::the_small_cache);
}

inline void* allocate(std::size_t bytes) {
  if (bytes <= kSmallLargest && small_enabled()) return detail::allocate_small(bytes);
  if (!kEnabled || bytes < kSmallest) return ::operator new(bytes);
  auto& pool = detail::the_pool();
  const std::size_t block = detail::block_bytes(bytes);
  if (pool.cap == 0) return ::operator new(bytes);
  if (void* p = pool.take(block)) return p;
  return detail::fresh_block(block);
}

// `bytes` must be what allocate was given for p.
inline void deallocate(void* p, std::size_t bytes) noexcept {
  if (bytes <= kSmallLargest && small_enabled()) return detail::deallocate_small(p, bytes);
  if (!kEnabled || bytes < kSmallest) return ::operator delete(p);
  auto& pool = detail::the_pool();
  if (pool.cap == 0) return ::operator delete(p);
  pool.give(p, detail::block_bytes(bytes));
}

// A standard allocator on the pool (std::allocate_shared rebinds it to its control block).
template <class T>
struct allocator {
  using value_type = T;
  allocator() = default;
  template <class U>
  allocator(const allocator<U>&) noexcept {}  // NOLINT: rebinding is implicit
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(PTRDIFF_MAX) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(buffer_pool::allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { buffer_pool::deallocate(p, n * sizeof(T)); }
  template <class U>
  friend bool operator==(const allocator&, const allocator<U>&) noexcept {
    return true;
  }
};

// An uninitialised array of n elements owned by the returned pointer (np.empty's memory).
template <class T>
std::shared_ptr<T[]> make_array(std::size_t n) {
  return std::allocate_shared_for_overwrite<T[]>(allocator<T>{}, n);
}

}  // namespace rt::buffer_pool

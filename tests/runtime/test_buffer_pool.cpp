// rt::buffer_pool: large array buffers come back for the next request of about their size, the pool
// never holds more than its cap, and arrays made from pooled memory behave as any other; small blocks
// come back from a per-thread cache.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "runtime/rt/buffer_pool.hpp"
#include "runtime/rt/list.hpp"
#include "runtime/rt/ndarray.hpp"
#include "runtime/rt/str.hpp"

namespace {

namespace bp = rt::buffer_pool;

std::size_t cached_bytes() {
  auto& pool = bp::detail::the_pool();
  std::lock_guard lock(pool.mutex);
  return pool.cached;
}

}  // namespace

TEST(BufferPool, a_freed_large_buffer_serves_the_next_request_of_its_size) {
  if (!bp::kEnabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  const std::size_t bytes = std::size_t{3} << 20;
  void* first = bp::allocate(bytes);
  std::memset(first, 0x5a, bytes);
  bp::deallocate(first, bytes);
  void* again = bp::allocate(bytes - 1000);  // the same granules
  EXPECT_EQ(again, first);
  bp::deallocate(again, bytes - 1000);
}

TEST(BufferPool, a_much_smaller_request_does_not_take_a_large_block) {
  if (!bp::kEnabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  const std::size_t big = std::size_t{16} << 20;
  void* large = bp::allocate(big);
  bp::deallocate(large, big);
  void* small = bp::allocate(std::size_t{1} << 20);
  EXPECT_NE(small, large);
  bp::deallocate(small, std::size_t{1} << 20);
}

TEST(BufferPool, small_buffers_are_left_to_malloc) {
  const std::size_t before = cached_bytes();
  void* p = bp::allocate(4096);
  bp::deallocate(p, 4096);
  EXPECT_EQ(cached_bytes(), before);
}

TEST(BufferPool, the_pool_never_keeps_more_than_its_cap) {
  if (!bp::kEnabled) GTEST_SKIP() << "the pool is off under AddressSanitizer";
  const std::size_t cap = bp::detail::the_pool().cap;
  ASSERT_EQ(cap, bp::kDefaultCapMb << 20);
  const std::size_t bytes = std::size_t{9} << 20;
  std::vector<void*> held;
  for (std::size_t k = 0; k < 2 * cap / bytes + 2; ++k) held.push_back(bp::allocate(bytes));
  for (void* p : held) bp::deallocate(p, bytes);
  EXPECT_LE(cached_bytes(), cap);
  EXPECT_GT(cached_bytes(), cap - 2 * bytes);  // it does keep what fits
  void* over = bp::allocate(cap + 1);  // larger than the cap: freed, not kept
  bp::deallocate(over, cap + 1);
  EXPECT_LE(cached_bytes(), cap);
}

TEST(BufferPool, arrays_on_reused_memory_hold_their_own_values_across_threads) {
  constexpr std::int64_t n = std::int64_t{1} << 16;  // 512 KiB of doubles: pooled
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad] {
      for (int round = 0; round < 200; ++round) {
        auto a = rt::ndarray<double, 1>::empty({n + t});
        for (std::int64_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<double>(t * 1000 + round);
        for (std::int64_t i = 0; i < a.size(); ++i) bad[t] += a.data()[i] != static_cast<double>(t * 1000 + round);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(bad[t], 0) << "thread " << t;
  EXPECT_LE(cached_bytes(), bp::detail::the_pool().cap);
}

TEST(BufferPool, a_freed_small_block_serves_the_next_request_of_its_class_on_its_thread) {
  if (!bp::small_enabled()) GTEST_SKIP() << "the small caches are off under AddressSanitizer";
  void* a = bp::allocate(40);
  bp::deallocate(a, 40);
  void* b = bp::allocate(48);  // the same 16-byte class (33..48)
  EXPECT_EQ(a, b);
  void* c = bp::allocate(64);  // another class: not the cached block
  EXPECT_NE(c, b);
  bp::deallocate(b, 48);
  bp::deallocate(c, 64);
}

TEST(BufferPool, strs_and_short_lists_built_and_freed_on_many_threads_keep_their_values) {
  // Blocks freed on one thread are cached by whichever thread frees them; each must still hold only
  // its own value while it is in use.
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  rt::list<rt::str> shared;
  for (int i = 0; i < 1000; ++i) shared.append(rt::str(std::string(20 + i % 30, static_cast<char>('a' + i % 26))));
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad, shared] {
      for (int round = 0; round < 200; ++round) {
        rt::list<rt::str> mine;
        for (int i = 0; i < 64; ++i) mine.append(rt::str(std::to_string(t) + std::string(16 + i, 'x') + std::to_string(round)));
        for (int i = 0; i < 64; ++i) {
          const std::string want = std::to_string(t) + std::string(16 + i, 'x') + std::to_string(round);
          if (mine.getitem(i).utf8() != want) ++bad[t];
        }
        rt::list<rt::str> copy = shared.copy();  // freed here, on this thread
        if (copy.getitem(round % 1000).utf8().size() != static_cast<std::size_t>(20 + round % 1000 % 30)) ++bad[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad, std::vector<int>(4, 0));
}

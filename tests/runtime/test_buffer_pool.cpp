// rt::buffer_pool: large array buffers come back for the next request of about their size, the pool
// never holds more than its cap, and arrays made from pooled memory behave as any other.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "runtime/rt/buffer_pool.hpp"
#include "runtime/rt/ndarray.hpp"

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

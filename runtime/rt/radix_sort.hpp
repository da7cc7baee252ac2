// rt::radix_sort: a stable LSD radix sort of items by a 64-bit key whose unsigned order is the items'
// order, for lists of ints and of NaN-free floats.
//
// Any stable sort gives CPython's order when `<` is a strict weak order (rt/list_sort.hpp), so a stable
// radix sort by an order-preserving key is exact for such lists: equal keys keep their input order, as
// timsort keeps equal items. It reads each item once for all eight digit histograms, then moves the
// items once per digit that is not the same in every key (random ints below 10**6 need 3 of 8 passes):
// O(n) where timsort's comparisons made sorted() of 10,000 ints slower than CPython's.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "buffer_pool.hpp"

namespace rt {

// The unsigned key of an int64 (the sign bit flipped: INT64_MIN maps to 0).
inline std::uint64_t radix_key(std::int64_t x) { return static_cast<std::uint64_t>(x) ^ (std::uint64_t{1} << 63); }

// The unsigned key of a non-NaN double: the IEEE bits, all flipped for negatives and the sign flipped
// for the rest, so key order is numeric order. -0.0 takes 0.0's key: Python's `<` calls them equal, so
// a stable sort keeps them in their input order.
inline std::uint64_t radix_key(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x == 0.0 ? 0.0 : x);
  return bits >> 63 ? ~bits : bits ^ (std::uint64_t{1} << 63);
}

// Sorts items[0, n) by key(item), stably. Item must be nothrow movable (ints, floats, their slots).
template <class Item, class Key>
void radix_sort(Item* items, std::size_t n, Key key) {
  if (n < 2) return;
  constexpr int kDigits = 8;
  std::array<std::array<std::size_t, 256>, kDigits> counts{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t k = key(items[i]);
    for (int d = 0; d < kDigits; ++d) ++counts[d][(k >> (8 * d)) & 0xff];
  }
  std::vector<Item, buffer_pool::allocator<Item>> spare(n);
  Item* from = items;
  Item* to = spare.data();
  for (int d = 0; d < kDigits; ++d) {
    std::array<std::size_t, 256>& c = counts[d];
    const std::uint64_t first_digit = (key(from[0]) >> (8 * d)) & 0xff;
    if (c[first_digit] == n) continue;  // every key has this digit: the pass would move nothing
    std::size_t at = 0;
    for (std::size_t& bucket : c) at += std::exchange(bucket, at);  // counts -> starting offsets
    for (std::size_t i = 0; i < n; ++i) to[c[(key(from[i]) >> (8 * d)) & 0xff]++] = std::move(from[i]);
    std::swap(from, to);
  }
  if (from != items) {
    for (std::size_t i = 0; i < n; ++i) items[i] = std::move(from[i]);
  }
}

}  // namespace rt

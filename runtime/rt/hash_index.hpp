// rt::hash_index: the open-addressing index of rt::dict, from a key's hash to its entry's position.
//
// Each slot has a control byte: the top 7 bits of the hash of the entry it holds (0..127), or kFree, or
// kGone (a deleted entry's slot, which lookups step over). A lookup reads the control bytes of 16
// consecutive slots at once and visits only the slots whose byte equals the key's 7 bits: nearly always
// exactly the slot that holds the key. CPython's slot-by-slot probing took a mispredicted branch for
// every key whose first slot held another key (a fifth of the keys of a two-thirds-full table; half of a
// small str-keyed dict's lookup time).
//
// Groups of 16 are probed triangularly (offsets 0, 16, 48, 96, ... from the home slot): with a
// power-of-two capacity of at least 16 that visits every slot. The first 15 control bytes are repeated
// past the end, so a group that starts near the end is one unaligned read.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "buffer_pool.hpp"

namespace rt {

// n uninitialised Ts from rt::buffer_pool, owned: a large dict's index is then memory kept between calls
// instead of fresh pages faulted in on every call.
template <class T>
class pooled_array {
 public:
  pooled_array() = default;
  explicit pooled_array(std::size_t n) : items_(static_cast<T*>(buffer_pool::allocate(n * sizeof(T)))), n_(n) {}
  pooled_array(pooled_array&& other) noexcept
      : items_(std::exchange(other.items_, nullptr)), n_(std::exchange(other.n_, 0)) {}
  pooled_array& operator=(pooled_array&& other) noexcept {
    if (this != &other) {
      reset();
      items_ = std::exchange(other.items_, nullptr);
      n_ = std::exchange(other.n_, 0);
    }
    return *this;
  }
  ~pooled_array() { reset(); }
  T* get() const { return items_; }
  T& operator[](std::size_t i) const { return items_[i]; }
  void reset() {
    if (items_ != nullptr) buffer_pool::deallocate(items_, n_ * sizeof(T));
    items_ = nullptr;
    n_ = 0;
  }

 private:
  T* items_ = nullptr;
  std::size_t n_ = 0;
};

class hash_index {
 public:
  static constexpr std::size_t kGroup = 16;
  static constexpr std::size_t kMinCapacity = kGroup;

  hash_index() = default;
  hash_index(hash_index&&) noexcept = default;
  hash_index& operator=(hash_index&&) noexcept = default;
  // A copy indexes the same positions (a dict's copy: its entries copied as they are).
  hash_index(const hash_index& other) : capacity_(other.capacity_), filled_(other.filled_) {
    if (capacity_ == 0) return;
    control_ = pooled_array<std::int8_t>(capacity_ + kGroup - 1);
    positions_ = pooled_array<std::uint32_t>(capacity_);
    std::memcpy(control_.get(), other.control_.get(), capacity_ + kGroup - 1);
    std::memcpy(positions_.get(), other.positions_.get(), capacity_ * sizeof(std::uint32_t));
  }
  hash_index& operator=(const hash_index& other) {
    if (this != &other) *this = hash_index(other);
    return *this;
  }

  // Slots: 0 (no index yet) or a power of two >= kMinCapacity.
  std::size_t capacity() const { return capacity_; }
  // Slots that are not kFree (live or kGone): what the load factor counts.
  std::size_t filled() const { return filled_; }

  // An empty index of `capacity` slots (a power of two >= kMinCapacity), or none for 0.
  void reset(std::size_t capacity) {
    capacity_ = capacity;
    filled_ = 0;
    if (capacity == 0) {
      control_.reset();
      positions_.reset();
      return;
    }
    control_ = pooled_array<std::int8_t>(capacity + kGroup - 1);
    positions_ = pooled_array<std::uint32_t>(capacity);
    std::memset(control_.get(), static_cast<unsigned char>(kFree), capacity + kGroup - 1);
  }

  // The position of the entry with hash h for which same(position) holds, or -1. Positions whose
  // stored hash bits differ from h's are never passed to same.
  template <class Same>
  [[gnu::always_inline]] std::int64_t find(std::uint64_t h, Same same) const {
    if (capacity_ == 0) return -1;
    const std::ptrdiff_t slot = matching_slot(h, same);
    return slot < 0 ? -1 : std::int64_t{positions_[static_cast<std::size_t>(slot)]};
  }

  // Entries positions the index can hold (a dict of more entries would need hundreds of gigabytes).
  static constexpr std::int64_t kMaxPosition = 0xffffffffLL;

  // Records that the entry at `position` (0..kMaxPosition) has hash h (it must not be indexed yet).
  // Needs a free or gone slot: the caller keeps the table at most two-thirds filled.
  void insert(std::uint64_t h, std::int64_t position) {
    const std::size_t slot = open_slot(h);
    filled_ += control_[slot] == kFree;
    set_control(slot, tag_of(h));
    positions_[slot] = static_cast<std::uint32_t>(position);
  }

  // Forgets the entry at `position` (hash h); it must be indexed.
  void erase(std::uint64_t h, std::int64_t position) { set_control(slot_of(h, position), kGone); }

 private:
  static constexpr std::int8_t kFree = -128;
  static constexpr std::int8_t kGone = -2;

  static std::int8_t tag_of(std::uint64_t h) { return static_cast<std::int8_t>(h >> 57); }

  // Sixteen control bytes and the bit masks of those equal to a value (bit i: byte i).
  struct group {
#if defined(__SSE2__)
    explicit group(const std::int8_t* p) : bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))) {}
    std::uint32_t equal(std::int8_t v) const {
      return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(v))));
    }
    std::uint32_t open() const { return static_cast<std::uint32_t>(_mm_movemask_epi8(bytes)); }  // sign bit set
    __m128i bytes;
#else
    explicit group(const std::int8_t* p) { std::memcpy(bytes, p, kGroup); }
    std::uint32_t equal(std::int8_t v) const {
      std::uint32_t m = 0;
      for (std::size_t i = 0; i < kGroup; ++i) m |= std::uint32_t{bytes[i] == v} << i;
      return m;
    }
    std::uint32_t open() const {
      std::uint32_t m = 0;
      for (std::size_t i = 0; i < kGroup; ++i) m |= std::uint32_t{bytes[i] < 0} << i;
      return m;
    }
    std::int8_t bytes[kGroup];
#endif
  };

  void set_control(std::size_t slot, std::int8_t v) {
    control_[slot] = v;
    if (slot < kGroup - 1) control_[capacity_ + slot] = v;  // the copy read by groups that wrap
  }

  // The first free or gone slot on h's probe sequence.
  std::size_t open_slot(std::uint64_t h) const {
    const std::size_t mask = capacity_ - 1;
    std::size_t at = h & mask;
    for (std::size_t step = kGroup;; at = (at + step) & mask, step += kGroup) {
      const std::uint32_t open = group(control_.get() + at).open();
      if (open != 0) return (at + std::countr_zero(open)) & mask;
    }
  }

  // The slot on h's probe sequence whose position satisfies same, or -1: only slots holding h's 7 bits
  // are tried, and the first group with a free slot ends the search (slots never become free again, so
  // an entry sits before the first group that had a free slot when it was inserted).
  template <class Same>
  [[gnu::always_inline]] std::ptrdiff_t matching_slot(std::uint64_t h, Same same) const {
    const std::int8_t tag = tag_of(h);
    const std::size_t mask = capacity_ - 1;
    std::size_t at = h & mask;
    for (std::size_t step = kGroup;; at = (at + step) & mask, step += kGroup) {
      const group g(control_.get() + at);
      for (std::uint32_t hits = g.equal(tag); hits != 0; hits &= hits - 1) {
        const std::size_t slot = (at + std::countr_zero(hits)) & mask;
        if (same(std::int64_t{positions_[slot]})) [[likely]] return static_cast<std::ptrdiff_t>(slot);
      }
      if (g.equal(kFree) != 0) [[likely]] return -1;
    }
  }

  // The slot that indexes `position` (hash h; it must be indexed).
  std::size_t slot_of(std::uint64_t h, std::int64_t position) const {
    return static_cast<std::size_t>(matching_slot(h, [&](std::int64_t at) { return at == position; }));
  }

  std::size_t capacity_ = 0;
  std::size_t filled_ = 0;
  pooled_array<std::int8_t> control_;  // capacity_ + kGroup - 1 bytes
  pooled_array<std::uint32_t> positions_;  // 4 bytes a slot: more of the index stays in cache
};

}  // namespace rt

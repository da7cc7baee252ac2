// rt::pointer_ids: a map from addresses to positive ids, for the call path's bookkeeping of the
// containers one call passes (the host's object -> id, a library's input storage -> id). Open addressing
// in one block that doubles: a call passing a list of 50,000 rows had made a map node per row, and
// allocating and freeing them was most of the call.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rt {

// Alloc: the slots' allocator (the library passes its buffer pool's, so that the block is memory kept
// between calls rather than fresh pages each call).
template <class Alloc = std::allocator<void>>
class pointer_ids {
 public:
  bool empty() const { return used_ == 0; }
  std::size_t size() const { return used_; }

  // The id stored for p, or 0.
  std::int64_t find(const void* p) const {
    if (slots_.empty()) return 0;
    for (std::size_t at = home(p);; at = (at + 1) & (slots_.size() - 1)) {
      if (slots_[at].key == p) return slots_[at].id;
      if (slots_[at].key == nullptr) return 0;
    }
  }

  // Room for n addresses in all without growing on the way (a list of 50,000 rows, each identified,
  // rehashed its table eleven times over).
  void reserve(std::size_t n) {
    std::size_t want = 64;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) grow_to(want);
  }

  // p (not null, not stored yet) gets id.
  void insert(const void* p, std::int64_t id) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    std::size_t at = home(p);
    while (slots_[at].key != nullptr) at = (at + 1) & (slots_.size() - 1);
    slots_[at] = {p, id};
    ++used_;
  }

 private:
  struct slot {
    const void* key;
    std::int64_t id;
  };
  using slots = std::vector<slot, typename std::allocator_traits<Alloc>::template rebind_alloc<slot>>;
  // Fibonacci hashing of the address without its alignment bits.
  std::size_t home(const void* p) const {
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(p) >> 4) * 0x9E3779B97F4A7C15ULL >> shift_);
  }
  void grow() { grow_to(slots_.empty() ? 64 : 2 * slots_.size()); }
  void grow_to(std::size_t size) {
    slots old(size, slot{nullptr, 0});
    old.swap(slots_);
    shift_ = 64 - std::countr_zero(slots_.size());
    used_ = 0;
    for (const slot& s : old)
      if (s.key != nullptr) insert(s.key, s.id);
  }

  slots slots_;
  std::size_t used_ = 0;
  int shift_ = 64;
};

}  // namespace rt

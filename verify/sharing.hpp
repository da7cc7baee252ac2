// Which memory a call's result shares with its arguments and with itself (see README "Sharing").
//
// numpy returns views (reshape, ravel of a contiguous array, basic indexing, np.asarray, meshgrid with
// copy=False) and copies elsewhere; Python returns the very list or dict it was given (dict.setdefault,
// a function returning its argument). Values alone cannot tell a view from a copy, yet a user who writes
// through the result (or into the argument later) sees the difference. So both sides label every element
// of every array and every list or dict in the result by where it lives: an argument's element (the
// argument and its position in that argument's walk) or new memory (numbered by first appearance, which
// also tells two results sharing one buffer, or a broadcast view, from distinct copies). The labels are
// compared exactly. Header-only: the oracle and every candidate worker include it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace opsynth::verify {

// One array seen through its view: strides in bytes, may be negative or zero.
struct ArrayNode {
  const unsigned char* data = nullptr;
  std::int64_t itemsize = 1;
  std::vector<std::int64_t> shape, strides;
};

// One mutable object in a depth-first walk of a value: a list or dict (by identity), or an array.
struct WalkNode {
  const void* container = nullptr;
  std::optional<ArrayNode> array;
};
using Walk = std::vector<WalkNode>;

// Labels source + start + step * i for i < count. source -1 is new memory, else an argument's index.
struct SharedRun {
  std::int64_t source = -1, start = 0, step = 1, count = 0;
  bool operator==(const SharedRun&) const = default;
};

namespace detail_sharing {

inline std::int64_t element_count(const ArrayNode& a) {
  std::int64_t n = 1;
  for (auto s : a.shape) n *= s;
  return n;
}

// [lo, hi) of the bytes the view's elements occupy; empty for an array without elements.
inline std::pair<std::uintptr_t, std::uintptr_t> extent(const ArrayNode& a) {
  if (element_count(a) == 0) return {0, 0};
  auto lo = reinterpret_cast<std::intptr_t>(a.data), hi = lo;
  for (std::size_t k = 0; k < a.shape.size(); ++k) {
    const std::int64_t reach = (a.shape[k] - 1) * a.strides[k];
    (reach < 0 ? lo : hi) += reach;
  }
  return {static_cast<std::uintptr_t>(lo), static_cast<std::uintptr_t>(hi + a.itemsize)};
}

inline bool overlaps(std::pair<std::uintptr_t, std::uintptr_t> a, std::pair<std::uintptr_t, std::uintptr_t> b) {
  return a.first < a.second && b.first < b.second && a.first < b.second && b.first < a.second;
}

// Whether the view's axes nest: sorted by |stride|, each longer axis steps past the whole extent of the
// shorter ones, so no element is reached twice and an address names one element.
inline bool nests(const ArrayNode& a) {
  std::vector<std::pair<std::int64_t, std::int64_t>> axes;  // (|stride|, length) of axes longer than 1
  for (std::size_t k = 0; k < a.shape.size(); ++k)
    if (a.shape[k] > 1) axes.emplace_back(std::llabs(a.strides[k]), a.shape[k]);
  std::sort(axes.begin(), axes.end());
  std::int64_t covered = a.itemsize;
  for (auto [stride, length] : axes) {
    if (stride < covered) return false;
    covered = stride * length;
  }
  return true;
}

// Address -> C-order flat index for a view whose axes nest (each axis's |stride| covers all the
// smaller-stride axes' extent), which every strided, reversed or transposed view of one buffer does:
// then the index is found by division, axis by axis. Views that do not nest (a zero stride, as_strided)
// fall back to a table of their addresses.
class Locator {
 public:
  explicit Locator(const ArrayNode& a) : array_(a), extent_(extent(a)) {
    const std::size_t n = a.shape.size();
    order_.resize(n);
    for (std::size_t k = 0; k < n; ++k) order_[k] = k;
    std::sort(order_.begin(), order_.end(), [&](std::size_t x, std::size_t y) {
      return std::llabs(a.strides[x]) > std::llabs(a.strides[y]);
    });
    // The lowest address: element 0 moved to the start of every axis walked backwards.
    std::intptr_t origin = reinterpret_cast<std::intptr_t>(a.data);
    for (std::size_t k = 0; k < n; ++k)
      if (a.strides[k] < 0 && a.shape[k] > 0) origin += (a.shape[k] - 1) * a.strides[k];
    origin_ = static_cast<std::uintptr_t>(origin);
    nested_ = nests(a);
    if (!nested_) fill_table();
  }

  std::pair<std::uintptr_t, std::uintptr_t> bytes() const { return extent_; }

  // The C-order flat index of the element at `address`, if one of the view's elements is there.
  std::optional<std::int64_t> find(std::uintptr_t address) const {
    if (address < extent_.first || address >= extent_.second) return std::nullopt;
    if (!nested_) {
      auto it = table_.find(address);
      if (it == table_.end()) return std::nullopt;
      return it->second;
    }
    std::int64_t rest = static_cast<std::int64_t>(address - origin_);
    std::vector<std::int64_t> index(array_.shape.size(), 0);
    for (std::size_t k : order_) {
      if (array_.shape[k] <= 1) continue;
      const std::int64_t s = std::llabs(array_.strides[k]);
      std::int64_t i = rest / s;
      rest -= i * s;
      if (i >= array_.shape[k]) return std::nullopt;
      index[k] = array_.strides[k] < 0 ? array_.shape[k] - 1 - i : i;
    }
    if (rest != 0) return std::nullopt;  // between elements, or inside one
    std::int64_t flat = 0;
    for (std::size_t k = 0; k < index.size(); ++k) flat = flat * array_.shape[k] + index[k];
    return flat;
  }

 private:
  void fill_table() {
    std::int64_t flat = 0;
    for_each_address(array_, [&](std::uintptr_t address) { table_.emplace(address, flat++); });
  }

 public:
  // Calls f(address) for every element in C order.
  template <class F>
  static void for_each_address(const ArrayNode& a, F&& f) {
    const std::int64_t total = element_count(a);
    if (total == 0) return;
    const std::size_t n = a.shape.size();
    std::vector<std::int64_t> index(n, 0);
    auto address = reinterpret_cast<std::intptr_t>(a.data);
    for (std::int64_t done = 0; done < total; ++done) {
      f(static_cast<std::uintptr_t>(address));
      for (std::size_t k = n; k-- > 0;) {
        if (++index[k] < a.shape[k]) {
          address += a.strides[k];
          break;
        }
        address -= (a.shape[k] - 1) * a.strides[k];
        index[k] = 0;
      }
    }
  }

 private:
  const ArrayNode& array_;
  std::pair<std::uintptr_t, std::uintptr_t> extent_;
  std::vector<std::size_t> order_;
  std::uintptr_t origin_ = 0;
  bool nested_ = true;
  std::unordered_map<std::uintptr_t, std::int64_t> table_;
};

// Run-length form of a label sequence; the same sequence always gives the same runs.
class RunBuilder {
 public:
  void add(std::int64_t source, std::int64_t label) {
    if (!runs_.empty()) {
      SharedRun& r = runs_.back();
      if (r.source == source && r.count == 1) {
        r.step = label - r.start;
        r.count = 2;
        return;
      }
      if (r.source == source && r.start + r.step * r.count == label) {
        ++r.count;
        return;
      }
    }
    runs_.push_back(SharedRun{source, label, 1, 1});
  }
  // `count` labels first, first + 1, ... of one source at once.
  void add_range(std::int64_t source, std::int64_t first, std::int64_t count) {
    if (count <= 0) return;
    add(source, first);
    if (count == 1) return;
    add(source, first + 1);
    runs_.back().count += count - 2;  // the run's step is now 1 (or it just began with first, first + 1)
  }
  std::vector<SharedRun> take() { return std::move(runs_); }

 private:
  std::vector<SharedRun> runs_;
};

}  // namespace detail_sharing

// The result's labels as runs; empty when the result is all new memory with no element or container
// appearing twice (the common case, so that an outcome carries nothing for it).
inline std::vector<SharedRun> sharing_runs(const std::vector<Walk>& args, const Walk& result) {
  using namespace detail_sharing;
  // Every argument's containers and arrays, with the position where each begins in that argument's walk.
  std::unordered_map<const void*, std::pair<std::int64_t, std::int64_t>> containers;
  struct Source {
    std::int64_t arg, first;
    Locator locator;
  };
  std::vector<Source> sources;
  for (std::size_t j = 0; j < args.size(); ++j) {
    std::int64_t position = 0;
    for (const WalkNode& node : args[j]) {
      if (node.array) {
        sources.push_back(Source{static_cast<std::int64_t>(j), position, Locator(*node.array)});
        position += element_count(*node.array);
      } else {
        containers.emplace(node.container, std::make_pair(static_cast<std::int64_t>(j), position++));
      }
    }
  }
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> result_extents;
  for (const WalkNode& node : result)
    if (node.array) result_extents.push_back(extent(*node.array));

  RunBuilder runs;
  std::int64_t fresh = 0;
  std::unordered_map<std::uintptr_t, std::int64_t> fresh_addresses;
  std::unordered_map<const void*, std::int64_t> fresh_containers;
  std::size_t array_index = 0;
  for (const WalkNode& node : result) {
    if (!node.array) {
      if (auto it = containers.find(node.container); it != containers.end()) {
        runs.add(it->second.first, it->second.second);
      } else {
        auto [at, added] = fresh_containers.emplace(node.container, fresh);
        if (added) ++fresh;
        runs.add(-1, at->second);
      }
      continue;
    }
    const ArrayNode& a = *node.array;
    const auto bytes = result_extents[array_index];
    bool alone = true;
    for (const Source& s : sources) alone = alone && !overlaps(bytes, s.locator.bytes());
    for (std::size_t k = 0; k < result_extents.size(); ++k)
      alone = alone && (k == array_index || !overlaps(bytes, result_extents[k]));
    ++array_index;
    // A view of no argument, apart from every other result array and nesting (so no element twice):
    // new memory, numbered in order, without looking at each address.
    if (alone && nests(a)) {
      const std::int64_t n = element_count(a);
      runs.add_range(-1, fresh, n);
      fresh += n;
      continue;
    }
    Locator::for_each_address(a, [&](std::uintptr_t address) {
      for (const Source& s : sources) {
        if (auto flat = s.locator.find(address)) {
          runs.add(s.arg, s.first + *flat);
          return;
        }
      }
      auto [at, added] = fresh_addresses.emplace(address, fresh);
      if (added) ++fresh;
      runs.add(-1, at->second);
    });
  }
  std::vector<SharedRun> out = runs.take();
  if (out.size() == 1 && out[0].source == -1 && out[0].start == 0 && (out[0].step == 1 || out[0].count == 1))
    out.clear();
  return out;
}

// The label at walk position `position`, as words: "argument 1's item 4" or "new memory #3".
inline std::string describe_label(const std::vector<SharedRun>& runs, std::int64_t position) {
  std::int64_t at = 0;
  for (const SharedRun& r : runs) {
    if (position < at + r.count) {
      const std::int64_t label = r.start + r.step * (position - at);
      if (r.source < 0) return "new memory (the result's own item " + std::to_string(label) + ")";
      return "argument " + std::to_string(r.source) + "'s item " + std::to_string(label);
    }
    at += r.count;
  }
  return "new memory (the result's own item " + std::to_string(position) + ")";
}

}  // namespace opsynth::verify

// rt::list<T>: Python's list as a shared-reference handle with CPython's semantics and messages.
//
// Copying a handle aliases the list (like Python names); mutation through one handle is visible through
// all. Every member is const because constness of a handle does not make the list const, just as a
// Python reference gives no read-only view. getitem returns a reference into the list, valid until
// the list's size changes; copy it to keep it.
//
// Deviations from Python (statically typed code has no object identity for scalars):
// - Element equality is Python's `==` plus its identity shortcut for lists and dicts (same handle);
//   floats have no identity, so a NaN element never equals anything: `x in [x]` is False for x = nan
//   although Python says True when both are the same float object.
//
// sort() is CPython 3.11's list.sort (rt/list_sort.hpp), asking only `<` in CPython's order, so lists
// holding NaN (where `<` is no strict weak order) come out exactly as in Python too; long lists of ints
// and NaN-free floats take a stable radix sort, which gives the same order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "buffer_pool.hpp"
#include "exceptions.hpp"
#include "list_sort.hpp"
#include "radix_sort.hpp"
#include "repr.hpp"
#include "slice.hpp"
#include "tuple.hpp"

namespace rt {

namespace detail {

// PyObject_RichCompareBool(a, b, Py_EQ): the identity shortcut applies to handles that alias.
template <class T>
bool py_eq(const T& a, const T& b) {
  if constexpr (requires { a.is(b); }) {
    if (a.is(b)) return true;
  }
  return a == b;
}

}  // namespace detail

template <class T>
class list {
  // One slot per item; the wrapper keeps std::vector<bool>'s packed specialization away.
  struct slot {
    T value;
  };
  using storage = std::vector<slot, buffer_pool::allocator<slot>>;  // long lists reuse pooled memory
  // Room for one more item: four at first, then doubling (std::vector's own growth).
  [[gnu::noinline]] static void grow(storage& items) { items.reserve(items.capacity() < 4 ? 4 : 2 * items.capacity()); }

 public:
  using value_type = T;

  // The shared block from the pool too: every list made in a loop (`sum(xs[i:i + 16])`) took a malloc
  // and a free for it besides its items.
  list() : items_(std::allocate_shared<storage>(buffer_pool::allocator<storage>{})) {}
  // A display of a few items has room for four: `groups[k] = [x]`, then appends, grew 1 -> 4 -> 8
  // (CPython's first append makes room for eight).
  list(std::initializer_list<T> items) : list() {
    items_->reserve(std::max<std::size_t>(items.size(), 4));
    for (const T& x : items) items_->push_back(slot{x});
  }
  explicit list(const std::vector<T>& items) : list() {
    items_->reserve(items.size());
    for (const T& x : items) items_->push_back(slot{x});
  }

  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(items_->size());
    for (const slot& s : *items_) out.push_back(s.value);
    return out;
  }

  // `a is b`.
  bool is(const list& other) const { return items_ == other.items_; }
  // What `id(a)` tells apart: the storage every alias of this list shares.
  const void* identity() const noexcept { return items_.get(); }
  // Whether another handle (an alias, a keep_alive share) holds this storage too: a list no other handle
  // holds cannot be one a call registered as its input.
  bool shared() const noexcept { return items_.use_count() > 1; }
  // A share of that storage, keeping the items alive without a handle of its own (a result node's views
  // of the strs: one more reference instead of an allocation per list).
  std::shared_ptr<const void> keep_alive() const noexcept { return items_; }

  std::int64_t len() const { return static_cast<std::int64_t>(items_->size()); }

  // a[i]: one unsigned compare (a negative i counts from the end; still negative after that, it wraps
  // to a huge index and fails the same compare).
  T& getitem(std::int64_t i) const {
    const std::size_t k = position(i);
    if (k >= items_->size()) [[unlikely]] raise_cold<IndexError>("list index out of range");
    return (*items_)[k].value;
  }

  void setitem(std::int64_t i, T value) const {
    const std::size_t k = position(i);
    if (k >= items_->size()) [[unlikely]] raise_cold<IndexError>("list assignment index out of range");
    (*items_)[k].value = std::move(value);
  }

  // del a[i]
  void delitem(std::int64_t i) const {
    const auto k = normalize_index(i, len());
    if (!k) throw IndexError("list assignment index out of range");
    items_->erase(items_->begin() + *k);
  }

  // a[start:stop:step] as a new list.
  list slice(const rt::slice& s) const {
    const slice_range r = adjust(s, len());
    list out;
    if (r.step == 1) {  // one range copy, not an append per item
      out.assign_block(items_->data() + r.start, static_cast<std::size_t>(r.count));
      return out;
    }
    out.items_->reserve(static_cast<std::size_t>(r.count));
    for (std::int64_t k = 0, i = r.start; k < r.count; ++k, i += r.step) {
      out.items_->push_back((*items_)[static_cast<std::size_t>(i)]);
    }
    return out;
  }

  // a[start:stop:step] = values. Step 1 replaces the range by any number of items; other steps
  // need exactly as many values as selected items. The values are copied first: `a[:1] = a` works.
  void setslice(const rt::slice& s, const list& values) const {
    const slice_range r = adjust(s, len());
    storage incoming(*values.items_);
    if (r.step == 1) {
      const auto from = items_->begin() + r.start;
      items_->erase(from, from + r.count);
      items_->insert(items_->begin() + r.start, incoming.begin(), incoming.end());
      return;
    }
    if (std::ssize(incoming) != r.count) {
      throw ValueError("attempt to assign sequence of size " + std::to_string(incoming.size()) +
                       " to extended slice of size " + std::to_string(r.count));
    }
    for (std::int64_t k = 0, i = r.start; k < r.count; ++k, i += r.step) {
      (*items_)[static_cast<std::size_t>(i)] = std::move(incoming[static_cast<std::size_t>(k)]);
    }
  }

  // del a[start:stop:step]
  void delslice(const rt::slice& s) const {
    const slice_range r = adjust(s, len());
    if (r.count == 0) return;
    if (r.step == 1) {
      items_->erase(items_->begin() + r.start, items_->begin() + r.start + r.count);
      return;
    }
    std::vector<bool> doomed(items_->size(), false);
    for (std::int64_t k = 0, i = r.start; k < r.count; ++k, i += r.step) doomed[static_cast<std::size_t>(i)] = true;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < items_->size(); ++i) {
      if (!doomed[i]) (*items_)[kept++] = std::move((*items_)[i]);
    }
    items_->resize(kept);
  }

  // A full list of fewer than four items grows to four at once, as CPython's list does: the many short
  // lists of a grouping loop (`groups[k] = [x]`, then appends) moved their items at 2 and again at 4.
  // Inlined where it is called, the growth out of line: an append that was a call per item was a twentieth
  // of a loop building a list of ids.
  [[gnu::always_inline]] void append(T value) const {
    storage& items = *items_;
    if (items.size() == items.capacity()) [[unlikely]] grow(items);
    items.push_back(slot{std::move(value)});
  }
  // A new list of the n numbers at p, copied as one block (no zeroing pass first): a list decoded from a
  // packed buffer of int64s or doubles.
  static list from_numbers(const T* p, std::int64_t n) requires std::is_arithmetic_v<T> {
    static_assert(sizeof(slot) == sizeof(T) && alignof(slot) == alignof(T), "a slot is its value");
    list out;
    out.assign_block(reinterpret_cast<const slot*>(p), static_cast<std::size_t>(n));
    return out;
  }
  // The items as one contiguous block of n numbers (valid until the list's size changes).
  const T* numbers() const requires std::is_arithmetic_v<T> {
    return reinterpret_cast<const T*>(items_->data());
  }

  // A new list of n items, item k being at(k), or at(k, list) where the list holds items 0..k-1 so far:
  // one allocation (a list decoded from a packed buffer), each item built in its place (no zeroed default
  // items first, then assigned over: a tenth of decoding a list of 100,000 strs). Never inlined, so that
  // it is always the flattened copy that runs: inlined into a decoder, its push_back of a str slot
  // stayed a call per item.
  template <class At>
  [[gnu::noinline, gnu::flatten]] static list generate(std::int64_t n, At&& at) {
    list out;
    storage& items = *out.items_;
    items.reserve(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) {
      if constexpr (std::is_invocable_v<At&, std::int64_t, const list&>) {
        items.push_back(slot{at(k, std::as_const(out))});
      } else {
        items.push_back(slot{at(k)});
      }
    }
    return out;
  }

  // Capacity for n items in all: no effect on the value, only on how often appends reallocate.
  void reserve(std::int64_t n) const {
    if (n > 0) items_->reserve(static_cast<std::size_t>(n));
  }

  // Room for n more items, for a loop about to append n times (opsynth.ops.reserve_appends): no effect on
  // the value. The capacity grows at least twofold, so a reservation per pass of an outer loop stays
  // linear, and a request past kMostReserved bytes reserves only that much (a loop that raises early
  // must not have claimed memory for a billion items).
  void reserve_more(std::int64_t n) const {
    storage& items = *items_;
    constexpr auto most = static_cast<std::int64_t>(kMostReserved / sizeof(slot));
    if (n <= 0 || std::ssize(items) > most) return;
    const std::size_t want = static_cast<std::size_t>(std::min(n, most - std::ssize(items))) + items.size();
    if (want > items.capacity()) items.reserve(std::max(want, 2 * items.capacity()));
  }
  static constexpr std::size_t kMostReserved = std::size_t{64} << 20;

  // a.extend(b); b may alias a (then a doubles). Growth is at least twofold, as for appends: extending by
  // a row per pass of a loop reallocated the whole list each time.
  void extend(const list& other) const {
    const std::size_t n = other.items_->size();
    if (items_->size() + n > items_->capacity()) items_->reserve(std::max(items_->size() + n, 2 * items_->capacity()));
    for (std::size_t i = 0; i < n; ++i) items_->push_back((*other.items_)[i]);
  }

  // a.insert(i, x): indices clamp to [0, len] after counting negatives from the end.
  void insert(std::int64_t i, T value) const {
    const std::int64_t n = len();
    if (i < 0) i = std::max<std::int64_t>(i + n, 0);
    if (i > n) i = n;
    items_->insert(items_->begin() + i, slot{std::move(value)});
  }

  T pop() const { return pop(-1); }
  T pop(std::int64_t i) const {
    if (items_->empty()) throw IndexError("pop from empty list");
    const auto k = normalize_index(i, len());
    if (!k) throw IndexError("pop index out of range");
    T out = std::move((*items_)[static_cast<std::size_t>(*k)].value);
    items_->erase(items_->begin() + *k);
    return out;
  }

  void remove(const T& value) const {
    const auto at = find(value, 0, len());
    if (at < 0) throw ValueError("list.remove(x): x not in list");
    items_->erase(items_->begin() + at);
  }

  // a.index(x[, start[, stop]]): bounds count negatives from the end and clamp at 0, as in CPython.
  std::int64_t index(const T& value, std::int64_t start = 0,
                     std::int64_t stop = std::numeric_limits<std::int64_t>::max()) const {
    const std::int64_t n = len();
    if (start < 0) start = std::max<std::int64_t>(start + n, 0);
    if (stop < 0) stop = std::max<std::int64_t>(stop + n, 0);
    const auto at = find(value, start, std::min(stop, n));
    if (at < 0) throw ValueError(repr(value) + " is not in list");
    return at;
  }

  std::int64_t count(const T& value) const {
    std::int64_t n = 0;
    for (const slot& s : *items_) n += detail::py_eq(s.value, value);
    return n;
  }

  bool contains(const T& value) const { return find(value, 0, len()) >= 0; }

  void reverse() const { std::reverse(items_->begin(), items_->end()); }

  // a.sort(): CPython's timsort by `<` only (see the header for NaN); a stable radix sort for longer
  // lists of ints and of NaN-free floats, where any stable sort gives the same order (rt/radix_sort.hpp).
  void sort() const {
    constexpr std::size_t kRadixFrom = 64;  // below, timsort's binary insertion is as fast
    if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
      const std::size_t n = items_->size();
      const auto nan = [](const slot& s) { return s.value != s.value; };
      if (n >= kRadixFrom && (std::is_integral_v<T> || std::none_of(items_->begin(), items_->end(), nan))) {
        radix_sort(items_->data(), n, [](const slot& s) { return radix_key(s.value); });
        return;
      }
    }
    auto less = [](const slot& a, const slot& b) { return py_compare(a.value, b.value, compare_op::lt); };
    listsort(items_->data(), std::ssize(*items_), less);
  }

  void clear() const { items_->clear(); }

  list copy() const {
    list out;
    out.assign_block(items_->data(), items_->size());
    return out;
  }

  // a * n as a new list; n <= 0 gives [].
  list repeat(std::int64_t n) const {
    list out;
    if (n <= 0 || items_->empty()) return out;
    if (static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / items_->size()) {
      throw MemoryError();
    }
    try {
      out.items_->reserve(items_->size() * static_cast<std::size_t>(n));
    } catch (const std::bad_alloc&) {
      throw MemoryError();
    } catch (const std::length_error&) {
      throw MemoryError();
    }
    for (std::int64_t k = 0; k < n; ++k) out.items_->insert(out.items_->end(), items_->begin(), items_->end());
    return out;
  }

  friend list operator+(const list& a, const list& b) {
    list out;
    out.items_->reserve(a.items_->size() + b.items_->size());
    out.extend(a);
    out.extend(b);
    return out;
  }
  friend list operator*(const list& a, std::int64_t n) { return a.repeat(n); }
  friend list operator*(std::int64_t n, const list& a) { return a.repeat(n); }

  // a += b and a *= n mutate in place (every alias sees it), as in Python.
  const list& operator+=(const list& other) const {
    extend(other);
    return *this;
  }
  const list& operator*=(std::int64_t n) const {
    if (n <= 0) {
      clear();
    } else if (n > 1) {
      *items_ = std::move(*repeat(n).items_);
    }
    return *this;
  }

  // CPython's list_richcompare: find the first index whose items are not ==; if none, compare
  // lengths; else == and != are settled and the other operators compare that pair (with Python's
  // rules, see rt::py_compare), so [nan] <= [nan] is False, as in Python.
  bool richcompare(const list& other, compare_op op) const {
    // Same list: every pair of items is one object, equal by identity (so x == x even if x holds NaN).
    if (is(other)) return detail::apply_op(std::partial_ordering::equivalent, op);
    const std::size_t n = items_->size(), m = other.items_->size();
    if (n != m && (op == compare_op::eq || op == compare_op::ne)) return op == compare_op::ne;
    const std::size_t i = first_difference(other);
    if (i >= n || i >= m) return detail::apply_op(n <=> m, op);
    if (op == compare_op::eq) return false;
    if (op == compare_op::ne) return true;
    return py_compare((*items_)[i].value, (*other.items_)[i].value, op);
  }
  friend bool operator==(const list& a, const list& b) { return a.richcompare(b, compare_op::eq); }
  friend bool operator<(const list& a, const list& b) { return a.richcompare(b, compare_op::lt); }
  friend bool operator<=(const list& a, const list& b) { return a.richcompare(b, compare_op::le); }
  friend bool operator>(const list& a, const list& b) { return a.richcompare(b, compare_op::gt); }
  friend bool operator>=(const list& a, const list& b) { return a.richcompare(b, compare_op::ge); }

  // Iteration is by index against the live length, like CPython's list iterator: items appended
  // during a loop are visited, and shrinking the list ends the loop instead of reading freed memory.
  struct sentinel {};
  class iterator {
   public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(storage* items) : items_(items) {}
    T& operator*() const { return (*items_)[index_].value; }
    iterator& operator++() {
      ++index_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++index_;
      return old;
    }
    friend bool operator==(const iterator& it, sentinel) { return it.index_ >= it.items_->size(); }
    friend bool operator==(const iterator& a, const iterator& b) { return a.index_ == b.index_; }

   private:
    storage* items_ = nullptr;
    std::size_t index_ = 0;
  };
  iterator begin() const { return iterator(items_.get()); }
  sentinel end() const { return {}; }

 private:
  // Index of the first item == value in [start, stop), or -1.
  std::int64_t find(const T& value, std::int64_t start, std::int64_t stop) const {
    for (std::int64_t i = start; i < stop && i < len(); ++i) {
      if (detail::py_eq((*items_)[static_cast<std::size_t>(i)].value, value)) return i;
    }
    return -1;
  }

  std::size_t first_difference(const list& other) const {
    const std::size_t n = std::min(items_->size(), other.items_->size());
    std::size_t i = 0;
    while (i < n && detail::py_eq((*items_)[i].value, (*other.items_)[i].value)) ++i;
    return i;
  }

  std::size_t position(std::int64_t i) const {
    return static_cast<std::size_t>(i < 0 ? i + static_cast<std::int64_t>(items_->size()) : i);
  }

  // The items become the n slots at `first` (not inside this list). Numbers go as one memset and one
  // memcpy: std::vector copies a range item by item through any allocator but std::allocator, and
  // that loop of 8-byte moves cost 0.6 ns an item on every list[float] argument.
  void assign_block(const slot* first, std::size_t n) const {
    if constexpr (std::is_trivially_copyable_v<slot>) {
      items_->resize(n);
      if (n > 0) std::memcpy(static_cast<void*>(items_->data()), first, n * sizeof(slot));
    } else {
      items_->assign(first, first + n);
    }
  }

  std::shared_ptr<storage> items_;
};

}  // namespace rt

// rt::dict<K,V>: Python's insertion-ordered dict as a shared-reference handle (CPython's compact layout).
//
// Layout as in CPython: an entries array in insertion order plus an open-addressing index of slots
// (rt::hash_index). Deleting leaves a tombstone entry (and a gone slot) so the other entries keep their
// order; the tombstones are compacted away when the table next grows.
//
// Keys: int64, double, bool, rt::str, rt::none and tuples of those. Equality is Python's: 0.0 and
// -0.0 are one key. Deviation: Python finds a NaN key only through object identity, which typed code
// lacks; here a NaN key matches a NaN with the same bit pattern (as if it were the same object), so
// keys read back from a dict are always found.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "exceptions.hpp"
#include "hash_index.hpp"
#include "list.hpp"
#include "none.hpp"
#include "repr.hpp"
#include "str.hpp"

namespace rt {

namespace detail {

inline std::uint64_t mix_hash(std::uint64_t x) {  // splitmix64's finalizer: spreads every input bit
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::uint64_t key_hash(std::int64_t k) { return mix_hash(static_cast<std::uint64_t>(k)); }
inline std::uint64_t key_hash(bool k) { return mix_hash(k); }
inline std::uint64_t key_hash(none) { return mix_hash(0x9e3779b97f4a7c15ULL); }
inline std::uint64_t key_hash(double k) { return mix_hash(std::bit_cast<std::uint64_t>(k == 0.0 ? 0.0 : k)); }
// A str's own hash already spreads every byte over all 64 bits (a folded 128-bit product): mixing it
// again only lengthened each lookup's dependency chain (two more multiplies before the first probe).
inline std::uint64_t key_hash(const str& k) { return k.hash(); }
template <class... Ts>
std::uint64_t key_hash(const std::tuple<Ts...>& k) {
  std::uint64_t h = 0x345678;
  std::apply([&](const auto&... items) { ((h = mix_hash(h ^ key_hash(items))), ...); }, k);
  return h;
}

template <class K>
bool key_eq(const K& a, const K& b) {
  return a == b;
}
inline bool key_eq(double a, double b) {
  return a == b || (a != a && std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b));
}
template <class... Ts>
bool key_eq(const std::tuple<Ts...>& a, const std::tuple<Ts...>& b) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (key_eq(std::get<I>(a), std::get<I>(b)) && ...);
  }(std::index_sequence_for<Ts...>{});
}

}  // namespace detail

template <class K, class V>
class dict {
  struct entry {
    std::uint64_t hash;
    std::optional<std::pair<K, V>> item;  // empty = deleted (a tombstone)
  };
  // From rt::buffer_pool: a large dict's entries are memory kept between calls, not fresh pages per call.
  using entry_vector = std::vector<entry, buffer_pool::allocator<entry>>;
  struct table {
    entry_vector entries;  // insertion order, with tombstones
    hash_index index;            // hash -> entries position
    std::int64_t used = 0;       // live entries
    std::uint64_t layout = 0;    // bumped whenever entries move (compaction, clear)
    std::int64_t recent = -1;    // the entry the last lookup found or made (recent_match)
  };

 public:
  using key_type = K;
  using mapped_type = V;

  dict() : t_(std::make_shared<table>()) {}
  dict(std::initializer_list<std::pair<K, V>> items) : dict() {
    for (const auto& [k, v] : items) setitem(k, v);
  }

  // `a is b`.
  bool is(const dict& other) const { return t_ == other.t_; }
  // A share of the table, keeping the entries alive without a handle of its own (rt::list::keep_alive).
  std::shared_ptr<const void> keep_alive() const noexcept { return t_; }
  // What `id(d)` tells apart: the table every alias of this dict shares.
  const void* identity() const noexcept { return t_.get(); }
  // Whether another handle holds this table too (rt::list::shared).
  bool shared() const noexcept { return t_.use_count() > 1; }

  std::int64_t len() const { return t_->used; }

  // Room for n items without a rebuild (a dict built from a known count: no regrowth on the way).
  void reserve(std::int64_t n) const {
    if (n <= 0 || 3 * static_cast<std::size_t>(n) <= 2 * t_->index.capacity()) return;
    rebuild(static_cast<std::size_t>(n));
    t_->entries.reserve(static_cast<std::size_t>(n));  // after: compacting replaces the vector
  }

  // Adds an item whose key is known to differ from every key present (the items of a Python dict of str
  // or int keys, read at the boundary), without hashing, looking it up or indexing it: the hashes and the
  // index are made at the first lookup, so a dict argument that is only iterated never hashes its keys
  // (a sixth of passing a dict of 10,000 short strs). Until then an entry's hash is 0: every reader of
  // entry hashes goes through ensure_index or rebuild, which compute them.
  void append_distinct(K key, V value) const {
    if (t_->index.capacity() != 0) return setitem(key, std::move(value));
    next_position();
    t_->entries.push_back(entry{0, std::pair<K, V>(std::move(key), std::move(value))});
    ++t_->used;
  }
  // append_distinct with the key built in place from key_args (a boundary decoder's view of a str key):
  // no key object made and then moved twice into the entry. The key as stored.
  template <class... KeyArgs>
  K& append_distinct_in_place(V value, KeyArgs&&... key_args) const {
    if (t_->index.capacity() != 0) [[unlikely]] {
      K key(std::forward<KeyArgs>(key_args)...);
      setitem(key, std::move(value));
      return t_->entries[static_cast<std::size_t>(find_key(key))].item->first;
    }
    next_position();
    entry& e = t_->entries.emplace_back();
    e.hash = 0;
    e.item.emplace(std::piecewise_construct, std::forward_as_tuple(std::forward<KeyArgs>(key_args)...),
                   std::forward_as_tuple(std::move(value)));
    ++t_->used;
    return e.item->first;
  }
  // Room for n entries, without building an index (see append_distinct).
  void reserve_entries(std::int64_t n) const {
    if (n > 0) t_->entries.reserve(static_cast<std::size_t>(n));
  }

  // d[k]; KeyError's message is repr(k), as str(KeyError(k)) in Python.
  V& getitem(const K& key) const {
    const std::int64_t at = find_key(key);
    if (at < 0) [[unlikely]] key_error(key);
    return value_at(at);
  }

  // d[k], looking first at entry `hint`: a loop over the dict's keys in order asks for the k-th key at
  // step k, which sits at entry k unless deletions left holes. A wrong hint only costs the usual lookup.
  V& getitem_hinted(const K& key, std::int64_t hint) const {
    if (hint >= 0 && hint < std::ssize(t_->entries)) {
      entry& e = t_->entries[static_cast<std::size_t>(hint)];
      if (e.item && detail::key_eq(e.item->first, key)) return e.item->second;
    }
    return getitem(key);
  }

  // d[k] = v; an existing key keeps its position.
  void setitem(const K& key, V value) const {
    bool inserted = false;  // a new key takes value itself: no default V made first (a list allocates)
    V& slot = find_or_insert(key, [&] {
      inserted = true;
      return std::move(value);
    });
    if (!inserted) slot = std::move(value);
  }

  void delitem(const K& key) const {
    if (!erase(key)) key_error(key);
  }

  bool contains(const K& key) const { return find_key(key) >= 0; }

  // d.get(k): None (nullopt) when missing.
  std::optional<V> get(const K& key) const {
    const std::int64_t at = find_key(key);
    if (at < 0) return std::nullopt;
    return value_at(at);
  }
  V get(const K& key, V fallback) const {
    const std::int64_t at = find_key(key);
    return at < 0 ? std::move(fallback) : value_at(at);
  }

  V pop(const K& key) const {
    auto v = take(key);
    if (!v) key_error(key);
    return std::move(*v);
  }
  V pop(const K& key, V fallback) const {
    auto v = take(key);
    return v ? std::move(*v) : std::move(fallback);
  }

  // d.popitem(): the most recently inserted item (LIFO).
  std::tuple<K, V> popitem() const {
    // str(KeyError(msg)) is repr(msg), so what() carries the quotes, as for missing keys.
    if (t_->used == 0) throw KeyError("'popitem(): dictionary is empty'");
    ensure_index();
    while (!t_->entries.back().item) t_->entries.pop_back();
    entry& last = t_->entries.back();
    t_->index.erase(last.hash, std::ssize(t_->entries) - 1);
    std::tuple<K, V> out(std::move(last.item->first), std::move(last.item->second));
    t_->entries.pop_back();
    --t_->used;
    return out;
  }

  // d.setdefault(k, default): the value for k, inserting default first if k is missing.
  V& setdefault(const K& key, V fallback) const {
    return find_or_insert(key, [&] { return std::move(fallback); });
  }

  // d.setdefault(k, []) or d.setdefault(k, {}): the value for k, a new empty V inserted first if k is
  // missing. The empty container is made only then: `d.setdefault(k, []).append(x)` over 20,000 items
  // of 5,000 keys made and freed 15,000 lists that were never stored.
  V& setdefault_empty(const K& key) const { return slot_for(key); }

  // d.update(other); other may alias d.
  void update(const dict& other) const {
    if (is(other)) return;
    other.for_each_item([&](const K& k, const V& v) { setitem(k, v); });
  }

  void clear() const {
    t_->entries.clear();
    t_->index.reset(0);
    t_->used = 0;
    ++t_->layout;
  }

  // The entries and the index copied as they are (deleted entries' tombstones too): no key is hashed
  // or looked up again.
  dict copy() const {
    dict out;
    out.t_->entries = t_->entries;
    out.t_->index = t_->index;
    out.t_->used = t_->used;
    return out;
  }

  // list(d.keys()), list(d.values()), list(d.items()): snapshots in insertion order.
  list<K> keys() const {
    list<K> out;
    for_each_item([&](const K& k, const V&) { out.append(k); });
    return out;
  }
  list<V> values() const {
    list<V> out;
    for_each_item([&](const K&, const V& v) { out.append(v); });
    return out;
  }
  list<std::tuple<K, V>> items() const {
    list<std::tuple<K, V>> out;
    for_each_item([&](const K& k, const V& v) { out.append(std::tuple<K, V>(k, v)); });
    return out;
  }

  // Calls f(key, value) for each item in insertion order; f must not change the dict's size.
  template <class F>
  void for_each_item(F&& f) const {
    for (entry& e : t_->entries) {
      if (e.item) f(std::as_const(e.item->first), e.item->second);
    }
  }

  // Python's dict ==: same length and every key of a maps to an equal value in b (order ignored).
  friend bool operator==(const dict& a, const dict& b) {
    if (a.is(b)) return true;
    if (a.len() != b.len()) return false;
    a.ensure_index();  // a's entry hashes are read below
    for (const entry& e : a.t_->entries) {
      if (!e.item) continue;
      const std::int64_t at = b.find(e.item->first, e.hash);
      if (at < 0 || !detail::py_eq(e.item->second, b.value_at(at))) return false;
    }
    return true;
  }

  // Entry positions, as CPython's dict iterator walks them: a compiled `for k, v in d.items()` keeps a
  // position and reads the key and value there, with no snapshot of the keys and no lookup per step.
  // Deleted entries keep their positions until the table is compacted (it grows), so without deletions
  // the position of an item is its index in list(d).
  // The first live entry at or after pos, or -1 past the last.
  std::int64_t live_from(std::int64_t pos) const {
    const auto& es = t_->entries;
    if (pos < 0) pos = 0;
    while (pos < std::ssize(es) && !es[static_cast<std::size_t>(pos)].item) ++pos;
    return pos < std::ssize(es) ? pos : -1;
  }
  // The item at entry pos when it holds one; otherwise list(d.items())[pos] (negative from the end,
  // IndexError out of range), which is the same item for a dict without deleted entries. The entry
  // becomes the recent one (recent_match): `for k in d: ... d[k]` then finds k by one compare, without
  // hashing it, and a dict read at the boundary is never indexed for that loop.
  const std::pair<K, V>& item_at(std::int64_t pos) const {
    if (pos >= 0 && pos < std::ssize(t_->entries)) {
      const auto& item = t_->entries[static_cast<std::size_t>(pos)].item;
      if (item) [[likely]] {
        t_->recent = pos;
        return *item;
      }
    }
    return nth_item(pos);
  }

  // Iteration over keys in insertion order. Like CPython, changing the dict's size during the loop
  // raises RuntimeError instead of invalidating the loop.
  struct sentinel {};
  class iterator {
   public:
    using value_type = K;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(table* t) : t_(t), used_(t->used), layout_(t->layout) { skip_tombstones(); }
    const K& operator*() const { return t_->entries[index_].item->first; }
    iterator& operator++() {
      ++index_;
      skip_tombstones();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, sentinel) {
      if (it.t_->used != it.used_) throw RuntimeError("dictionary changed size during iteration");
      if (it.t_->layout != it.layout_) throw RuntimeError("dictionary keys changed during iteration");
      return it.index_ >= it.t_->entries.size();
    }

   private:
    void skip_tombstones() {
      if (t_->layout != layout_) return;  // reported by the next comparison
      while (index_ < t_->entries.size() && !t_->entries[index_].item) ++index_;
    }
    table* t_ = nullptr;
    std::int64_t used_ = 0;
    std::uint64_t layout_ = 0;
    std::size_t index_ = 0;
  };
  iterator begin() const { return iterator(t_.get()); }
  sentinel end() const { return {}; }

 private:
  [[gnu::noinline]] const std::pair<K, V>& nth_item(std::int64_t n) const {
    if (n < 0) n += t_->used;
    if (n < 0 || n >= t_->used) throw IndexError("list index out of range");
    for (const entry& e : t_->entries) {
      if (e.item && n-- == 0) return *e.item;
    }
    throw IndexError("list index out of range");  // unreachable: used counts the live entries
  }

  V& value_at(std::int64_t at) const { return t_->entries[static_cast<std::size_t>(at)].item->second; }

  // Entries index of key, or -1.
  std::int64_t find(const K& key, std::uint64_t h) const {
    ensure_index();
    return t_->index.find(h, [&](std::int64_t at) {
      const entry& e = t_->entries[static_cast<std::size_t>(at)];
      return e.hash == h && detail::key_eq(e.item->first, key);
    });
  }

  // Out of line, so that d[k] inlines where it is read.
  [[noreturn, gnu::noinline, gnu::cold]] static void key_error(const K& key) { throw KeyError(repr(key)); }

  V& slot_for(const K& key) const {
    return find_or_insert(key, [] { return V{}; });
  }

  // The value for key, inserting make() first when key is missing (made only then: a default list
  // allocates). The key is hashed once, and not at all when the last lookup was for it.
  template <class Make>
  V& find_or_insert(const K& key, Make&& make) const {
    if (const std::int64_t r = recent_match(key); r >= 0) return value_at(r);
    const std::uint64_t h = detail::key_hash(key);
    const std::int64_t at = find(key, h);
    if (at >= 0) return value_at(t_->recent = at);
    return insert_new(key, make(), h);
  }

  // The entry the last lookup found or made, when it holds `key`: the second lookup of `if k in d: d[k]
  // ...` or `d[k] = d.get(k, 0) + 1` is a compare instead of a hash and a probe (a third of a counting
  // loop). Keys are unique and equal keys hash alike, so a live entry holding an equal key is the key's
  // entry wherever it sits: a stale position (entries compacted, popped, cleared) is only a miss.
  std::int64_t recent_match(const K& key) const {
    const std::int64_t r = t_->recent;
    if (r >= 0 && r < std::ssize(t_->entries)) {
      const entry& e = t_->entries[static_cast<std::size_t>(r)];
      if (e.item && detail::key_eq(e.item->first, key)) return r;
    }
    return -1;
  }
  // Entries index of key, or -1, through recent_match first.
  std::int64_t find_key(const K& key) const {
    if (const std::int64_t r = recent_match(key); r >= 0) return r;
    const std::int64_t at = find(key, detail::key_hash(key));
    if (at >= 0) t_->recent = at;
    return at;
  }

  V& insert_new(const K& key, V value, std::uint64_t h) const {
    // Grow (and compact) at 2/3 load counting gone slots, like CPython's usable size.
    if (3 * (t_->index.filled() + 1) > 2 * t_->index.capacity()) rebuild(static_cast<std::size_t>(t_->used + 1));
    t_->index.insert(h, next_position());
    t_->entries.push_back(entry{h, std::pair<K, V>(key, std::move(value))});
    ++t_->used;
    t_->recent = std::ssize(t_->entries) - 1;
    return t_->entries.back().item->second;
  }

  // Entries added by append_distinct are indexed when the index is first needed (once per such dict).
  void ensure_index() const {
    if (t_->index.capacity() == 0 && !t_->entries.empty()) [[unlikely]] index_entries();
  }
  [[gnu::noinline, gnu::cold]] void index_entries() const { rebuild(static_cast<std::size_t>(t_->used)); }

  // The position the next entry takes; MemoryError past what the index can hold.
  std::int64_t next_position() const {
    const std::int64_t at = std::ssize(t_->entries);
    if (at > hash_index::kMaxPosition) [[unlikely]] throw MemoryError();
    return at;
  }

  // Drops tombstones and re-indexes into a table sized for `live` items with room to grow. Entries that
  // were never indexed (append_distinct) get their hashes here.
  void rebuild(std::size_t live) const {
    if (t_->index.capacity() == 0) {
      for (entry& e : t_->entries)
        if (e.item) e.hash = detail::key_hash(e.item->first);
    }
    std::size_t size = hash_index::kMinCapacity;
    while (size < live * 3) size *= 2;  // CPython's GROWTH_RATE: room for used*3 before the next rebuild
    if (t_->used != std::ssize(t_->entries)) {  // tombstones to drop
      entry_vector kept;
      kept.reserve(static_cast<std::size_t>(t_->used) + 1);
      for (entry& e : t_->entries) {
        if (e.item) kept.push_back(std::move(e));
      }
      ++t_->layout;
      t_->entries = std::move(kept);
    }
    t_->index.reset(size);
    for (std::size_t i = 0; i < t_->entries.size(); ++i)
      t_->index.insert(t_->entries[i].hash, static_cast<std::int64_t>(i));
  }

  // Removes key; returns its value, or nullopt when missing.
  std::optional<V> take(const K& key) const {
    const std::uint64_t h = detail::key_hash(key);
    const std::int64_t at = find(key, h);
    if (at < 0) return std::nullopt;
    t_->index.erase(h, at);
    entry& e = t_->entries[static_cast<std::size_t>(at)];
    std::optional<V> out(std::move(e.item->second));
    e.item.reset();
    --t_->used;
    return out;
  }

  bool erase(const K& key) const { return take(key).has_value(); }

  std::shared_ptr<table> t_;
};

}  // namespace rt

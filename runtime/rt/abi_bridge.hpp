// rt::abi: runtime values across the C ABI of a compiled library (rt/abi.hpp): from_value / to_value for
// every type of DESIGN §1, invoke() behind each exported opsynth_fn_<name>, and OPSYNTH_ABI_EXPORTS() for
// the functions every library exports once (opsynth_release, opsynth_release_array, opsynth_abi_version).
//
// Ownership: every node a library writes owns what hangs under it through `owner`, a node_storage
// (its string, its child nodes, its shape and strides, and for an array the rt buffer's shared owner).
// opsynth_release deletes it, which releases the children in turn. Strs and packed lists inside a
// container have no owner of their own: their bytes and words are in the container's node_storage.
// Arrays cross zero-copy both ways: an input array is an rt::ndarray view of the caller's buffer, a
// result array's data points into the rt buffer, which its node_storage keeps alive until the caller
// hands it to opsynth_release_array.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "abi.hpp"
#include "pointer_ids.hpp"
#include "prelude.hpp"

namespace rt::abi {

// 2: lists of bools, ints and floats may be packed, and an untouched list argument comes back UNSET.
// 3: lists of strs may arrive packed as views. 4: result lists of strs travel packed as views too.
// 5: dicts of bools, ints, floats and strs may arrive as two packed columns.
// 6: results may name input strs passed as OPSYNTH_DT_STR_VIEW_NAMEABLE instead of carrying their bytes,
//    and new dicts of scalars and strs in results come back as two packed columns.
inline constexpr int kAbiVersion = 6;

template <class T>
T from_value(const opsynth_value& v);
template <class T>
void to_value(const T& x, opsynth_value* out);

namespace detail {

// --- type facts ---------------------------------------------------------------------------------------

template <class T>
struct dtype_of;
template <>
struct dtype_of<bool> {
  static constexpr std::int32_t value = OPSYNTH_DT_BOOL;
};
template <>
struct dtype_of<std::int32_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_INT32;
};
template <>
struct dtype_of<std::int64_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_INT64;
};
template <>
struct dtype_of<float> {
  static constexpr std::int32_t value = OPSYNTH_DT_FLOAT32;
};
template <>
struct dtype_of<double> {
  static constexpr std::int32_t value = OPSYNTH_DT_FLOAT64;
};
template <>
struct dtype_of<std::complex<double>> {
  static constexpr std::int32_t value = OPSYNTH_DT_COMPLEX128;
};
template <>
struct dtype_of<std::uint8_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_UINT8;
};
template <>
struct dtype_of<std::int8_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_INT8;
};
template <>
struct dtype_of<std::int16_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_INT16;
};
template <>
struct dtype_of<std::uint16_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_UINT16;
};
template <>
struct dtype_of<std::uint32_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_UINT32;
};
template <>
struct dtype_of<std::uint64_t> {
  static constexpr std::int32_t value = OPSYNTH_DT_UINT64;
};
template <>
struct dtype_of<std::complex<float>> {
  static constexpr std::int32_t value = OPSYNTH_DT_COMPLEX64;
};

inline constexpr std::int32_t kDtypeCount = 13;

inline std::string dtype_name(std::int32_t dtype) {
  static constexpr const char* kNames[kDtypeCount] = {
      "bool", "int32", "int64",  "float32", "float64", "complex128", "uint8",
      "int8", "int16", "uint16", "uint32",  "uint64",  "complex64"};
  return dtype >= 0 && dtype < kDtypeCount ? kNames[dtype] : "dtype#" + std::to_string(dtype);
}

// A node's kind as the type language spells the Python value it carries.
inline std::string kind_name(const opsynth_value& v) {
  switch (v.kind) {
    case OPSYNTH_UNSET:
      return "an unset value";
    case OPSYNTH_NONE:
      return "None";
    case OPSYNTH_BOOL:
      return "bool";
    case OPSYNTH_INT:
      return "int";
    case OPSYNTH_FLOAT:
      return "float";
    case OPSYNTH_COMPLEX:
      return "complex";
    case OPSYNTH_STR:
      return "str";
    case OPSYNTH_LIST:
      return "list";
    case OPSYNTH_TUPLE:
      return "tuple of " + std::to_string(v.len);
    case OPSYNTH_DICT:
      return "dict";
    case OPSYNTH_NDARRAY:
      return "ndarray[" + dtype_name(v.dtype) + "," + std::to_string(v.ndim) + "]";
    case OPSYNTH_NPSCALAR:
      return v.dtype == OPSYNTH_DT_BOOL ? std::string("bool_") : dtype_name(v.dtype);
    case OPSYNTH_EXCEPTION:
      return "an exception";
    default:
      return "kind#" + std::to_string(v.kind);
  }
}

// Types whose values may hold a list or dict: their state goes back to the caller in args_after.
template <class T>
struct holds_container : std::false_type {};
template <class T>
struct holds_container<rt::list<T>> : std::true_type {};
template <class K, class V>
struct holds_container<rt::dict<K, V>> : std::true_type {};
template <class... T>
struct holds_container<std::tuple<T...>> : std::bool_constant<(holds_container<T>::value || ...)> {};

// The type in the type language, for messages ("list[dict[str,int]]").
template <class T>
struct type_name;
template <>
struct type_name<bool> {
  static std::string get() { return "bool"; }
};
template <>
struct type_name<std::int64_t> {
  static std::string get() { return "int"; }
};
template <>
struct type_name<double> {
  static std::string get() { return "float"; }
};
template <>
struct type_name<std::complex<double>> {
  static std::string get() { return "complex"; }
};
template <>
struct type_name<rt::str> {
  static std::string get() { return "str"; }
};
template <>
struct type_name<rt::none> {
  static std::string get() { return "None"; }
};
template <class T>
struct type_name<rt::list<T>> {
  static std::string get() { return "list[" + type_name<T>::get() + "]"; }
};
template <class K, class V>
struct type_name<rt::dict<K, V>> {
  static std::string get() { return "dict[" + type_name<K>::get() + "," + type_name<V>::get() + "]"; }
};
template <class... T>
struct type_name<std::tuple<T...>> {
  static std::string get() {
    if constexpr (sizeof...(T) == 0) {
      return "tuple[()]";
    } else {
      std::string out;
      ((out += (out.empty() ? "" : ",") + type_name<T>::get()), ...);
      return "tuple[" + out + "]";
    }
  }
};
template <class... T>
struct type_name<std::variant<T...>> {
  static std::string get() {
    std::string out;
    ((out += (out.empty() ? "" : " | ") + type_name<T>::get()), ...);
    return out;
  }
};
template <class T, std::size_t N>
struct type_name<rt::ndarray<T, N>> {
  static std::string get() {
    return "ndarray[" + dtype_name(dtype_of<T>::value) + "," + std::to_string(N) + "]";
  }
};
template <class T>
struct type_name<rt::np_scalar<T>> {
  static std::string get() { return std::is_same_v<T, bool> ? "bool_" : dtype_name(dtype_of<T>::value); }
};
template <rt::literal V>
struct type_name<rt::lit<V>> {
  static std::string get() {
    using L = rt::lit<V>;
    if constexpr (L::is_bool)
      return std::string("Literal[") + (L::as_bool() ? "True" : "False") + "]";
    else if constexpr (L::is_int)
      return "Literal[" + std::to_string(L::as_int()) + "]";
    else if constexpr (L::is_float)
      return "Literal[" + rt::repr(L::as_float()) + "]";
    else
      return "Literal[" + rt::repr(rt::str(L::as_str())) + "]";
  }
};

[[noreturn]] inline void mismatch(const std::string& expected, const opsynth_value& got) {
  throw rt::TypeError("expected " + expected + ", got " + kind_name(got));
}

template <class T>
void expect_kind(const opsynth_value& v, std::int32_t kind) {
  if (v.kind != kind) mismatch(type_name<T>::get(), v);
}

// --- what a node owns -----------------------------------------------------------------------------------

inline void release(opsynth_value* v) noexcept;

// Everything one node owns; opsynth_release deletes it, releasing the children first.
struct node_storage {
  // STR bytes, EXCEPTION class name, a dict's strs (pooled: a long dict's text is megabytes too)
  std::basic_string<char, std::char_traits<char>, rt::buffer_pool::allocator<char>> text;
  // Long item and packed arrays come from rt::buffer_pool: a 100,000-element result otherwise faults
  // in megabytes of fresh pages on every call.
  std::vector<opsynth_value, rt::buffer_pool::allocator<opsynth_value>> items;  // LIST / TUPLE / DICT / EXCEPTION children
  std::vector<std::int64_t> dims;  // NDARRAY shape, then byte strides
  std::vector<std::int64_t, rt::buffer_pool::allocator<std::int64_t>> packed;  // a packed LIST's elements (8-byte words)
  std::shared_ptr<const void> buffer;  // NDARRAY: keeps the elements alive; a packed list of strs: the list

  node_storage() = default;
  node_storage(const node_storage&) = delete;
  node_storage& operator=(const node_storage&) = delete;
  // The children go with this storage: only those that own storage need a call, and none is reset to
  // UNSET first (that rewrote every 96-byte child of a 300-item dict: a tenth of a small dict's call).
  ~node_storage() {
    for (opsynth_value& item : items)
      if (item.owner != nullptr) delete static_cast<node_storage*>(item.owner);
  }
};

inline opsynth_value unset_value() noexcept {
  opsynth_value v{};
  v.kind = OPSYNTH_UNSET;
  return v;
}

inline void release(opsynth_value* v) noexcept {
  if (v == nullptr) return;
  delete static_cast<node_storage*>(v->owner);
  *v = unset_value();
}

// Writes a scalar node (no storage).
inline void set_scalar(opsynth_value* out, std::int32_t kind, std::int64_t i = 0, double f0 = 0,
                       double f1 = 0, std::int32_t dtype = 0) {
  opsynth_value v = unset_value();
  v.kind = kind;
  v.dtype = dtype;
  v.i = i;
  v.f[0] = f0;
  v.f[1] = f1;
  *out = v;
}

// Child nodes start unset, so a conversion that throws half-way leaves nothing unreleasable behind.
inline std::unique_ptr<node_storage> storage_with_items(std::size_t n) {
  auto s = std::make_unique<node_storage>();
  s->items.assign(n, unset_value());
  return s;
}

// A result str that names its input (rt/abi.hpp) as a STR node: true when x is one and *out is written.
inline const opsynth_str_view* named_input(const rt::str& x);
inline bool named_str_to(const rt::str& x, opsynth_value* out) {
  const opsynth_str_view* named = named_input(x);
  if (named == nullptr) return false;
  opsynth_value v = unset_value();
  v.kind = OPSYNTH_STR;
  v.str = reinterpret_cast<const char*>(named);
  v.len = OPSYNTH_LEN_NAMES_INPUT;
  *out = v;
  return true;
}

// The strs of a list or dict share their container's storage: one buffer of all their bytes, each
// NUL-terminated, instead of a storage object (and a malloc) per str. The buffer is reserved whole first
// (the sum of text_bytes over the items), so the nodes' pointers into it stay valid.
template <class T>
std::size_t text_bytes(const T& x) {
  if constexpr (std::is_same_v<T, rt::str>) {
    return x.utf8().size() + 1;
  } else {
    return 0;
  }
}
// A list of scalars or strs inside a container shares the container's storage too: its packed column in
// one buffer of words for all of them (reserved whole first, the sum of packed_words over the items),
// without a storage object, a malloc and a free of its own. Returning a dict of 1,000 lists of names
// made and freed 1,000 storage objects. Defined below, with the columns.
template <class T>
struct is_rt_list : std::false_type {};
template <class T>
struct is_rt_list<rt::list<T>> : std::true_type {};
template <class T>
std::size_t packed_words(const T& x);
template <class T>
bool packed_in(const rt::list<T>& x, node_storage& s, opsynth_value* out);

// An item of a container node: a str into the container's text buffer, a list of scalars or strs into its
// words, anything else as to_value.
template <class T>
void item_to(const T& x, node_storage& s, opsynth_value* out) {
  if constexpr (is_rt_list<T>::value) {
    if (!packed_in(x, s, out)) to_value(x, out);
  } else if constexpr (std::is_same_v<T, rt::str>) {
    if (named_str_to(x, out)) return;
    const std::string_view b = x.utf8();
    const std::size_t at = s.text.size();
    s.text.append(b);
    s.text.push_back('\0');
    opsynth_value v = unset_value();
    v.kind = OPSYNTH_STR;
    v.str = s.text.data() + at;
    v.len = static_cast<std::int64_t>(b.size());
    *out = v;  // no owner: the container's storage holds the bytes
  } else {
    to_value(x, out);
  }
}

// Publishes a container node; *out is written only once everything below it converted (strong guarantee).
inline void set_items(opsynth_value* out, std::int32_t kind, std::unique_ptr<node_storage> s,
                      std::int64_t id = 0) {
  opsynth_value v = unset_value();
  v.kind = kind;
  v.i = id;
  v.len = static_cast<std::int64_t>(s->items.size());
  v.items = s->items.empty() ? nullptr : s->items.data();
  v.owner = s.release();
  *out = v;
}

// A packed LIST node of n elements of `dtype` at `words`, without an owner.
inline opsynth_value packed_node(std::int32_t dtype, std::int64_t* words, std::size_t n, std::int64_t id) {
  opsynth_value v = unset_value();
  v.kind = OPSYNTH_LIST;
  v.dtype = dtype;
  v.i = id;
  v.len = static_cast<std::int64_t>(n);
  v.data = n > 0 ? words : nullptr;
  return v;
}

// Publishes a packed LIST node of n elements of `dtype`, held in s->packed.
inline void set_packed(opsynth_value* out, std::int32_t dtype, std::unique_ptr<node_storage> s, std::size_t n,
                       std::int64_t id) {
  opsynth_value v = packed_node(dtype, s->packed.data(), n, id);
  v.owner = s.release();
  *out = v;
}

// --- one call's view of its inputs (set by invoke) ---------------------------------------------------------

// Marks an input array's buffer group: the rt::ndarray views of the caller's memory share it as owner,
// so rt sees overlapping arguments as one buffer (assign copies first) and results can tell the caller
// which input memory they view.
struct caller_buffer {
  std::int64_t id = 0;  // the caller's id of one input array in the group
};

struct registry_base {
  virtual ~registry_base() = default;
};

// Input lists (or dicts) of one C++ type by caller id. Decoding one id twice gives one handle (aliases
// stay aliases); after the call, results are matched back to ids by their storage's address, which is
// unique among live non-empty containers (handles expose no identity but `is`), empties by `is`.
// The caller numbers a call's containers 1, 2, ... (all types together), so ids index a vector.
template <class C>
struct registry : registry_base {
  std::vector<std::optional<C>, buffer_pool::allocator<std::optional<C>>> by_id;  // [id]
  rt::pointer_ids<buffer_pool::allocator<void>> by_address;
  std::vector<std::pair<C, std::int64_t>> empties;
  bool indexed = false;

  const C* find(std::int64_t id) const {
    return id > 0 && static_cast<std::size_t>(id) < by_id.size() && by_id[static_cast<std::size_t>(id)]
               ? &*by_id[static_cast<std::size_t>(id)]
               : nullptr;
  }
  void add(std::int64_t id, const C& handle) {
    const auto at = static_cast<std::size_t>(id);
    if (at > (std::size_t{1} << 32)) return;  // no caller numbers that many containers: a malformed id
    if (at >= by_id.size()) by_id.resize(std::max(at + 1, 2 * by_id.size()));
    if (!by_id[at]) by_id[at] = handle;
  }
};

template <class T>
const void* storage_address(const rt::list<T>& l) {
  return l.len() > 0 ? static_cast<const void*>(&l.getitem(0)) : nullptr;
}
template <class K, class V>
const void* storage_address(const rt::dict<K, V>& d) {
  return d.len() > 0 ? static_cast<const void*>(&*d.begin()) : nullptr;
}

// A call's mark on the origins (rt::str::origin) of its input strs: the call's number on this thread in
// the top 16 bits, above the 48 of a user-space address. A str that outlived its call (nothing in a
// library keeps one, but an operator could) carries another call's mark, and is sent as bytes.
inline std::uint64_t next_origin_mark() noexcept {
  thread_local std::uint64_t calls = 0;
  return (++calls & 0xffff) << 48;
}
inline constexpr std::uint64_t kOriginAddress = (std::uint64_t{1} << 48) - 1;

// One address per container type, naming its registry in a call_context.
template <class C>
inline constexpr char registry_key = 0;

struct call_context {
  std::uint64_t origin_mark = next_origin_mark();
  // While the result is encoded (not args_after): new dicts of scalars and strs go as two columns.
  bool result_columns = false;
  std::unordered_map<const opsynth_value*, std::shared_ptr<caller_buffer>> array_group;
  // On a host decoding a library's result (rt/abi_call.hpp): result nodes that view an input array's
  // memory, with what keeps that memory alive (the host's own array).
  std::unordered_map<const opsynth_value*, std::shared_ptr<const void>> host_views;
  std::unordered_map<const void*, std::int64_t> buffer_id;
  // By registry_key<C>'s address: a type_index key hashed the type's name at every lookup, and every list
  // of a result asks (input_id_of).
  std::unordered_map<const void*, std::unique_ptr<registry_base>> containers;

  template <class C>
  registry<C>& registry_for() {
    if (last_key == &registry_key<C>) return static_cast<registry<C>&>(*last_registry);  // rows of one type
    auto& slot = containers[&registry_key<C>];
    if (!slot) slot = std::make_unique<registry<C>>();
    last_key = &registry_key<C>;
    last_registry = slot.get();
    return static_cast<registry<C>&>(*slot);
  }
  const void* last_key = nullptr;  // registry_for's last answer: decoding a list of lists asks per row
  registry_base* last_registry = nullptr;
};

inline call_context*& current_context() noexcept {
  thread_local call_context* context = nullptr;
  return context;
}

struct context_scope {
  call_context* saved;
  explicit context_scope(call_context& c) : saved(current_context()) { current_context() = &c; }
  ~context_scope() { current_context() = saved; }
  context_scope(const context_scope&) = delete;
  context_scope& operator=(const context_scope&) = delete;
};

template <class C>
const C* known_input(std::int64_t id) {
  call_context* c = current_context();
  if (c == nullptr || id <= 0) return nullptr;
  return c->registry_for<C>().find(id);
}

template <class C>
void remember_input(std::int64_t id, const C& handle) {
  call_context* c = current_context();
  if (c != nullptr && id > 0) c->registry_for<C>().add(id, handle);
}

// The caller's id of the input container that `x` is, or 0.
template <class C>
std::int64_t input_id_of(const C& x) {
  call_context* c = current_context();
  // The registry holds a handle on every input, so an input's storage is shared; a container the function
  // made is asked without indexing every input by address first (50,000 rows indexed for one new list).
  if (c == nullptr || !x.shared()) return 0;
  auto it = c->containers.find(&registry_key<C>);
  if (it == c->containers.end()) return 0;
  auto& reg = static_cast<registry<C>&>(*it->second);
  if (!reg.indexed) {  // after the call: the inputs' storage may have moved while the function ran
    for (std::size_t id = 1; id < reg.by_id.size(); ++id) {
      if (!reg.by_id[id]) continue;
      const C& handle = *reg.by_id[id];
      if (const void* a = storage_address(handle)) {
        if (reg.by_address.find(a) == 0) reg.by_address.insert(a, static_cast<std::int64_t>(id));
      } else {
        reg.empties.emplace_back(handle, static_cast<std::int64_t>(id));
      }
    }
    reg.indexed = true;
  }
  if (const void* a = storage_address(x)) {
    const std::int64_t found = reg.by_address.find(a);
    return found != 0 && reg.find(found)->is(x) ? found : 0;
  }
  for (const auto& [handle, id] : reg.empties) {
    if (handle.is(x)) return id;
  }
  return 0;
}

// Byte range [lo, hi) an array node's elements occupy; empty arrays occupy nothing.
inline std::optional<std::pair<std::uintptr_t, std::uintptr_t>> array_extent(const opsynth_value& v,
                                                                             std::int64_t item_size) {
  std::int64_t lo = 0, hi = item_size;
  for (std::int64_t k = 0; k < v.ndim; ++k) {
    if (v.shape[k] <= 0) return std::nullopt;
    const std::int64_t reach = (v.shape[k] - 1) * v.strides[k];
    (reach < 0 ? lo : hi) += reach;
  }
  const auto base = reinterpret_cast<std::uintptr_t>(v.data);
  return std::pair{base + static_cast<std::uintptr_t>(lo), base + static_cast<std::uintptr_t>(hi)};
}

inline std::int64_t item_size_of(std::int32_t dtype) {
  static constexpr std::int64_t kSizes[kDtypeCount] = {1, 4, 8, 4, 8, 16, 1, 1, 2, 2, 4, 8, 8};
  return dtype >= 0 && dtype < kDtypeCount ? kSizes[dtype] : 1;
}

inline void collect_arrays(const opsynth_value& v, std::vector<const opsynth_value*>& out) {
  if (v.kind == OPSYNTH_NDARRAY) {
    out.push_back(&v);
  } else if ((v.kind == OPSYNTH_LIST || v.kind == OPSYNTH_TUPLE || v.kind == OPSYNTH_DICT) &&
             v.items != nullptr) {
    for (std::int64_t k = 0; k < v.len; ++k) collect_arrays(v.items[k], out);
  }
}

// Whether a value of type T can hold an ndarray: only such parameters' nodes are walked for arrays (a
// long dict of strs is otherwise walked node by node for nothing). A node of another kind than T says is
// refused by its codec.
template <class T>
struct may_hold_array : std::false_type {};
template <class T, std::size_t N>
struct may_hold_array<rt::ndarray<T, N>> : std::true_type {};
template <class T>
struct may_hold_array<rt::list<T>> : may_hold_array<T> {};
template <class K, class V>
struct may_hold_array<rt::dict<K, V>> : std::bool_constant<may_hold_array<K>::value || may_hold_array<V>::value> {};
template <class... T>
struct may_hold_array<std::tuple<T...>> : std::bool_constant<(may_hold_array<T>::value || ...)> {};
template <class... T>
struct may_hold_array<std::variant<T...>> : std::bool_constant<(may_hold_array<T>::value || ...)> {};

// Groups the input arrays whose memory overlaps (views of one numpy buffer) under one caller_buffer;
// walks the arguments whose bit in `walk` is set (all from the 64th on).
inline void group_input_arrays(call_context& c, const opsynth_value* args, std::int64_t nargs,
                               std::uint64_t walk = ~std::uint64_t{0}) {
  std::vector<const opsynth_value*> arrays;
  for (std::int64_t k = 0; k < nargs; ++k)
    if (k >= 64 || ((walk >> k) & 1) != 0) collect_arrays(args[k], arrays);
  struct span {
    std::uintptr_t lo, hi;
    const opsynth_value* node;
  };
  std::vector<span> spans;
  for (const opsynth_value* a : arrays) {
    if (a->ndim < 0 || (a->ndim > 0 && (a->shape == nullptr || a->strides == nullptr)))
      continue;  // rejected later
    if (auto e = array_extent(*a, item_size_of(a->dtype))) {
      spans.push_back({e->first, e->second, a});
    } else {
      c.array_group[a] = std::make_shared<caller_buffer>(caller_buffer{a->i});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const span& x, const span& y) { return x.lo < y.lo; });
  std::shared_ptr<caller_buffer> group;
  std::uintptr_t group_end = 0;
  for (const span& s : spans) {
    if (!group || s.lo >= group_end) {
      group = std::make_shared<caller_buffer>(caller_buffer{s.node->i});
      group_end = s.hi;
    }
    if (group->id <= 0) group->id = s.node->i;
    group_end = std::max(group_end, s.hi);
    c.array_group[s.node] = group;
  }
  for (const auto& [node, g] : c.array_group) c.buffer_id[g.get()] = g->id;
}

// --- codecs ----------------------------------------------------------------------------------------------

template <class T>
struct codec;

template <>
struct codec<bool> {
  static bool from(const opsynth_value& v) {
    expect_kind<bool>(v, OPSYNTH_BOOL);
    return v.i != 0;
  }
  static void to(bool x, opsynth_value* out) { set_scalar(out, OPSYNTH_BOOL, x ? 1 : 0); }
};

template <>
struct codec<std::int64_t> {
  static std::int64_t from(const opsynth_value& v) {
    expect_kind<std::int64_t>(v, OPSYNTH_INT);
    return v.i;
  }
  static void to(std::int64_t x, opsynth_value* out) { set_scalar(out, OPSYNTH_INT, x); }
};

template <>
struct codec<double> {
  static double from(const opsynth_value& v) {
    expect_kind<double>(v, OPSYNTH_FLOAT);
    return v.f[0];
  }
  static void to(double x, opsynth_value* out) { set_scalar(out, OPSYNTH_FLOAT, 0, x); }
};

template <>
struct codec<std::complex<double>> {
  static std::complex<double> from(const opsynth_value& v) {
    expect_kind<std::complex<double>>(v, OPSYNTH_COMPLEX);
    return {v.f[0], v.f[1]};
  }
  static void to(const std::complex<double>& x, opsynth_value* out) {
    set_scalar(out, OPSYNTH_COMPLEX, 0, x.real(), x.imag());
  }
};

template <>
struct codec<rt::none> {
  static rt::none from(const opsynth_value& v) {
    expect_kind<rt::none>(v, OPSYNTH_NONE);
    return {};
  }
  static void to(rt::none, opsynth_value* out) { set_scalar(out, OPSYNTH_NONE); }
};

template <>
struct codec<rt::str> {
  static rt::str from(const opsynth_value& v) {
    expect_kind<rt::str>(v, OPSYNTH_STR);
    if (v.len < 0 || (v.len > 0 && v.str == nullptr)) throw rt::ValueError("malformed str node");
    return rt::str(std::string_view(v.str, static_cast<std::size_t>(v.len)));
  }
  static void to(const rt::str& x, opsynth_value* out) {
    if (named_str_to(x, out)) return;
    auto s = std::make_unique<node_storage>();
    s->text.assign(x.utf8());  // a basic_string keeps a terminating NUL: C callers may also read it as a C string
    opsynth_value v = unset_value();
    v.kind = OPSYNTH_STR;
    v.str = s->text.c_str();
    v.len = static_cast<std::int64_t>(s->text.size());
    v.owner = s.release();
    *out = v;
  }
};

// numpy scalars: bool and integers in i (uint64 as its bits), float32/float64 in f[0], complex in f[0], f[1].
template <class T>
struct codec<rt::np_scalar<T>> {
  static rt::np_scalar<T> from(const opsynth_value& v) {
    if (v.kind != OPSYNTH_NPSCALAR || v.dtype != dtype_of<T>::value)
      mismatch(type_name<rt::np_scalar<T>>::get(), v);
    if constexpr (std::is_same_v<T, bool>) {
      return rt::np_scalar<T>(v.i != 0);
    } else if constexpr (std::is_integral_v<T>) {
      return rt::np_scalar<T>(static_cast<T>(v.i));
    } else if constexpr (std::is_same_v<T, std::complex<double>>) {
      return rt::np_scalar<T>(T(v.f[0], v.f[1]));
    } else if constexpr (std::is_same_v<T, std::complex<float>>) {
      return rt::np_scalar<T>(T(static_cast<float>(v.f[0]), static_cast<float>(v.f[1])));
    } else {
      return rt::np_scalar<T>(static_cast<T>(v.f[0]));
    }
  }
  static void to(const rt::np_scalar<T>& x, opsynth_value* out) {
    constexpr std::int32_t dt = dtype_of<T>::value;
    if constexpr (std::is_integral_v<T>) {
      set_scalar(out, OPSYNTH_NPSCALAR, static_cast<std::int64_t>(x.value), 0, 0, dt);
    } else if constexpr (std::is_same_v<T, std::complex<double>> || std::is_same_v<T, std::complex<float>>) {
      set_scalar(out, OPSYNTH_NPSCALAR, 0, static_cast<double>(x.value.real()),
                 static_cast<double>(x.value.imag()), dt);
    } else {
      set_scalar(out, OPSYNTH_NPSCALAR, 0, static_cast<double>(x.value), 0, dt);
    }
  }
};

// Literal[v]: the value is in the type; the caller must have passed exactly it.
template <rt::literal V>
struct codec<rt::lit<V>> {
  using L = rt::lit<V>;
  static bool matches(const opsynth_value& v) {
    if constexpr (L::is_bool) {
      return v.kind == OPSYNTH_BOOL && (v.i != 0) == L::as_bool();
    } else if constexpr (L::is_int) {
      return v.kind == OPSYNTH_INT && v.i == L::as_int();
    } else if constexpr (L::is_float) {
      // Literal[-0.0] and Literal[0.0] are distinct types, so compare bits; every NaN is Literal[nan].
      const double f = L::as_float();
      return v.kind == OPSYNTH_FLOAT &&
             (std::isnan(f) ? std::isnan(v.f[0])
                            : std::bit_cast<std::uint64_t>(f) == std::bit_cast<std::uint64_t>(v.f[0]));
    } else {
      return v.kind == OPSYNTH_STR && v.len == static_cast<std::int64_t>(L::as_str().size()) &&
             (v.len == 0 || std::memcmp(v.str, L::as_str().data(), L::as_str().size()) == 0);
    }
  }
  static L from(const opsynth_value& v) {
    if (!matches(v)) {
      std::string got = kind_name(v);
      if (v.kind == OPSYNTH_BOOL) got += v.i != 0 ? " True" : " False";
      if (v.kind == OPSYNTH_INT) got += " " + std::to_string(v.i);
      if (v.kind == OPSYNTH_FLOAT) got += " " + rt::repr(v.f[0]);
      if (v.kind == OPSYNTH_STR)
        got += " " + rt::repr(rt::str(std::string_view(v.str, static_cast<std::size_t>(v.len))));
      throw rt::TypeError("expected " + type_name<L>::get() + ", got " + got);
    }
    return {};
  }
  static void to(const L&, opsynth_value* out) {
    if constexpr (L::is_bool) {
      codec<bool>::to(L::as_bool(), out);
    } else if constexpr (L::is_int) {
      codec<std::int64_t>::to(L::as_int(), out);
    } else if constexpr (L::is_float) {
      codec<double>::to(L::as_float(), out);
    } else {
      codec<rt::str>::to(rt::str(L::as_str()), out);
    }
  }
};

// The dtype a list of T travels packed as (rt/abi.hpp), -1 when it travels as item nodes.
template <class T>
inline constexpr std::int32_t packed_dtype = -1;
template <>
inline constexpr std::int32_t packed_dtype<bool> = OPSYNTH_DT_BOOL;
template <>
inline constexpr std::int32_t packed_dtype<std::int64_t> = OPSYNTH_DT_INT64;
template <>
inline constexpr std::int32_t packed_dtype<double> = OPSYNTH_DT_FLOAT64;

// A view's bytes, checked (a negative length, or bytes without an address: ValueError).
inline std::string_view view_bytes(const opsynth_str_view& view) {
  if (view.len < 0 || (view.len > 0 && view.ptr == nullptr)) throw rt::ValueError("malformed str view");
  return std::string_view(view.ptr, static_cast<std::size_t>(view.len));
}
inline rt::str str_of_view(const opsynth_str_view& view) { return rt::str(view_bytes(view)); }

// Whether strs packed as `dtype` are views (that results may name, or not).
inline bool is_str_views(std::int32_t dtype) {
  return dtype == OPSYNTH_DT_STR_VIEW || dtype == OPSYNTH_DT_STR_VIEW_NAMEABLE;
}

// This call's mark, for results (none outside a call).
inline std::optional<std::uint64_t> result_mark() {
  const call_context* c = current_context();
  return c != nullptr ? std::optional<std::uint64_t>(c->origin_mark) : std::nullopt;
}
// The mark the strs of a packed column get (rt/abi.hpp): the call's when the caller let results name
// them, else none. Asked once a column: the call's context is thread-local storage, which a library
// reaches through a call (a fifth of decoding a dict of short keys, asked for each).
inline std::optional<std::uint64_t> column_mark(std::int32_t dtype) {
  return dtype == OPSYNTH_DT_STR_VIEW_NAMEABLE ? result_mark() : std::nullopt;
}

// The str of a packed view, with its origin when its column has a mark.
// The origin tag of the str at `view` of a column with that mark (0: none, or an address the tag cannot hold).
inline std::uint64_t origin_of(const opsynth_str_view& view, std::optional<std::uint64_t> mark) {
  const auto address = reinterpret_cast<std::uintptr_t>(&view);
  return mark && (address & ~kOriginAddress) == 0 ? address | *mark : 0;
}
inline rt::str input_str(const opsynth_str_view& view, std::optional<std::uint64_t> mark) {
  rt::str s = str_of_view(view);
  const std::uint64_t origin = origin_of(view, mark);
  return origin == 0 ? s : std::move(s).with_origin(origin);
}

// The input view that a result str names: its origin's, when that is an input of the call of `mark`.
inline const opsynth_str_view* named_input(const rt::str& x, std::optional<std::uint64_t> mark) {
  const std::uint64_t origin = x.origin();
  if (origin == 0 || !mark || (origin & ~kOriginAddress) != *mark) return nullptr;
  return reinterpret_cast<const opsynth_str_view*>(static_cast<std::uintptr_t>(origin & kOriginAddress));
}
inline const opsynth_str_view* named_input(const rt::str& x) {
  return x.origin() == 0 ? nullptr : named_input(x, result_mark());
}

// The dtype a packed column of T has (strs as views), or -1 when T cannot be packed.
template <class T>
constexpr std::int32_t column_dtype = std::is_same_v<T, rt::str> ? OPSYNTH_DT_STR_VIEW : packed_dtype<T>;

// The 8-byte words a packed column of n T's takes: strs as two-word views, bools a byte each.
template <class T>
constexpr std::size_t column_words(std::size_t n) {
  static_assert(column_dtype<T> >= 0);
  if constexpr (std::is_same_v<T, rt::str>) {
    return 2 * n;
  } else if constexpr (std::is_same_v<T, bool>) {
    return (n + 7) / 8;
  } else {
    return n;
  }
}

// Writes the column of the values that visit(put) puts in order into `words` (column_words of them).
template <class T, class Visit>
void fill_column(Visit visit, std::int64_t* words) {
  std::size_t k = 0;
  if constexpr (std::is_same_v<T, rt::str>) {
    auto* views = reinterpret_cast<opsynth_str_view*>(words);
    static_assert(sizeof(opsynth_str_view) == 2 * sizeof(std::int64_t));
    const auto mark = result_mark();
    visit([&](const rt::str& item) {
      if (const opsynth_str_view* named = named_input(item, mark)) {
        views[k++] = opsynth_str_view{reinterpret_cast<const char*>(named), OPSYNTH_LEN_NAMES_INPUT};
      } else {
        const std::string_view b = item.utf8();
        views[k++] = opsynth_str_view{b.data(), static_cast<std::int64_t>(b.size())};
      }
    });
  } else if constexpr (std::is_same_v<T, bool>) {
    auto* bytes = reinterpret_cast<unsigned char*>(words);
    visit([&](bool item) { bytes[k++] = item ? 1 : 0; });
  } else {
    auto* bytes = reinterpret_cast<unsigned char*>(words);
    visit([&](const T& item) { std::memcpy(bytes + sizeof(T) * k++, &item, sizeof(T)); });
  }
}

// A packed LIST node of the n values that visit(put) puts in order (rt/abi.hpp): one buffer instead of a
// 96-byte node per element (100,000 floats cross in well under a millisecond). Strs go as views of their
// own bytes, which `keep` keeps alive, or as names of the inputs they are.
template <class T, class Visit>
void column_to(std::size_t n, Visit visit, std::shared_ptr<const void> keep, opsynth_value* out, std::int64_t id) {
  auto s = std::make_unique<node_storage>();
  s->buffer = std::move(keep);
  s->packed.resize(column_words<T>(n));
  fill_column<T>(visit, s->packed.data());
  set_packed(out, column_dtype<T>, std::move(s), n, id);
}

template <class T>
std::size_t packed_words(const T& x) {
  if constexpr (is_rt_list<T>::value) {
    if constexpr (column_dtype<typename T::value_type> >= 0)
      return column_words<typename T::value_type>(static_cast<std::size_t>(x.len()));
  }
  return 0;
}

// A packed LIST node whose words are in the container's storage `s`, which keeps x alive when its strs
// are views; false (nothing written) when x's items cannot be packed or s has no room reserved for them.
template <class T>
bool packed_in(const rt::list<T>& x, node_storage& s, opsynth_value* out) {
  if constexpr (column_dtype<T> < 0) {
    return false;
  } else {
    const auto n = static_cast<std::size_t>(x.len());
    const std::size_t words = column_words<T>(n), at = s.packed.size();
    if (s.packed.capacity() - at < words || (std::is_same_v<T, rt::str> && s.buffer == nullptr)) return false;
    s.packed.resize(at + words);  // within the reserved capacity: earlier items' pointers stay valid
    std::int64_t* data = s.packed.data() + at;
    if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
      if (n > 0) std::memcpy(data, x.numbers(), 8 * n);
    } else {
      fill_column<T>([&](auto put) { for (const T& item : x) put(item); }, data);
    }
    *out = packed_node(column_dtype<T>, data, n, input_id_of(x));  // the container's storage holds the words
    return true;
  }
}

// Reserves a container's text buffer and words for the items that visit(add) adds (item_to then fills
// them in place); `keep` (the container's table) is held when packed strs are views of its items.
template <class Visit>
void reserve_for_items(node_storage& s, std::shared_ptr<const void> keep, Visit visit) {
  std::size_t text = 0, words = 0;
  bool views = false;
  visit([&]<class T>(const T& item) {
    text += text_bytes(item);
    words += packed_words(item);
    if constexpr (is_rt_list<T>::value) views = views || std::is_same_v<typename T::value_type, rt::str>;
  });
  if (text > 0) s.text.reserve(text);
  if (words > 0) s.packed.reserve(words);
  if (views) s.buffer = std::move(keep);
}

template <class T>
struct codec<rt::list<T>> {
  static rt::list<T> from(const opsynth_value& v) {
    expect_kind<rt::list<T>>(v, OPSYNTH_LIST);
    if (const auto* known = known_input<rt::list<T>>(v.i)) return *known;
    rt::list<T> out;
    if (v.data != nullptr) {
      if constexpr (std::is_same_v<T, rt::str>) {
        if (!is_str_views(v.dtype))
          throw rt::TypeError("expected list[str], got a list packed as dtype " + std::to_string(v.dtype));
        const auto* views = static_cast<const opsynth_str_view*>(v.data);
        const auto mark = column_mark(v.dtype);
        // A text too long to sit inline is built once per distinct text seen recently: repeats (the same
        // object, or equal words and keys from different objects) share its storage instead of each
        // allocating a copy. A small table by content hash finds the first; a clash just builds anew.
        // The table is set up at the first long text: a list of short words never pays for it.
        constexpr std::size_t kSeen = 512;
        std::unique_ptr<std::int64_t[]> seen;
        out = rt::list<rt::str>::generate(v.len, [&](std::int64_t k, const rt::list<rt::str>& built) {
          const opsynth_str_view& view = views[k];
          if (view.len <= static_cast<std::int64_t>(rt::str::kInlineBytes)) [[likely]]
            return input_str(view, mark);
          if (!seen) {
            seen.reset(new std::int64_t[kSeen]);
            std::fill(seen.get(), seen.get() + kSeen, std::int64_t{-1});
          }
          const std::string_view text(view.ptr, static_cast<std::size_t>(view.len));
          std::int64_t& first = seen[rt::utf8::hash(text) & (kSeen - 1)];
          if (first >= 0 && views[first].len == view.len &&
              (views[first].ptr == view.ptr || std::memcmp(views[first].ptr, view.ptr, text.size()) == 0))
            return built.getitem(first);
          first = k;
          return input_str(view, mark);
        });
      } else if constexpr (packed_dtype<T> >= 0) {
        if (v.dtype != packed_dtype<T>)
          throw rt::TypeError("expected " + type_name<rt::list<T>>::get() + ", got a list packed as dtype " +
                              std::to_string(v.dtype));
        const auto* bytes = static_cast<const unsigned char*>(v.data);
        if constexpr (std::is_same_v<T, bool>) {
          out = rt::list<T>::generate(v.len, [bytes](std::int64_t k) { return bytes[k] != 0; });
        } else {  // 8-byte words (rt/abi.hpp), so aligned for int64 and double
          out = rt::list<T>::from_numbers(reinterpret_cast<const T*>(bytes), v.len);
        }
      } else {
        throw rt::TypeError("expected " + type_name<rt::list<T>>::get() + ", got a packed list of scalars");
      }
    } else {
      out.reserve(v.len);
      for (std::int64_t k = 0; k < v.len; ++k) out.append(from_value<T>(v.items[k]));
    }
    remember_input(v.i, out);
    return out;
  }
  static void to(const rt::list<T>& x, opsynth_value* out) {
    if constexpr (std::is_same_v<T, std::int64_t>) {  // one block copy, no zeroing pass first
      const auto n = static_cast<std::size_t>(x.len());
      auto s = std::make_unique<node_storage>();
      s->packed.assign(x.numbers(), x.numbers() + n);
      set_packed(out, packed_dtype<T>, std::move(s), n, input_id_of(x));
      return;
    } else if constexpr (column_dtype<T> >= 0) {
      // Strs as views of the list's own strs: the node keeps a handle on the list, and nothing changes
      // it once the call has returned.
      std::shared_ptr<const void> keep;
      if constexpr (std::is_same_v<T, rt::str>) keep = x.keep_alive();
      column_to<T>(static_cast<std::size_t>(x.len()), [&](auto put) { for (const T& item : x) put(item); },
                   std::move(keep), out, input_id_of(x));
      return;
    }
    auto s = storage_with_items(static_cast<std::size_t>(x.len()));
    reserve_for_items(*s, x.keep_alive(), [&](auto add) { for (const T& item : x) add(item); });
    std::size_t k = 0;
    for (const T& item : x) item_to(item, *s, &s->items[k++]);
    set_items(out, OPSYNTH_LIST, std::move(s), input_id_of(x));
  }
};

// Element k of a packed LIST node of T (a bool, int, float or str): what a dict's column holds.
template <class T>
T packed_element(const opsynth_value& column, std::int64_t k, std::optional<std::uint64_t> mark) {
  if constexpr (std::is_same_v<T, rt::str>) {
    return input_str(static_cast<const opsynth_str_view*>(column.data)[k], mark);
  } else if constexpr (std::is_same_v<T, bool>) {
    return static_cast<const unsigned char*>(column.data)[k] != 0;
  } else {
    T x;
    std::memcpy(&x, static_cast<const unsigned char*>(column.data) + 8 * k, sizeof x);  // 8-byte words
    return x;
  }
}

// A dict node's two packed columns (rt/abi.hpp), checked against K and V and its length.
template <class K, class V>
std::pair<const opsynth_value*, const opsynth_value*> dict_columns(const opsynth_value& v) {
  if constexpr (column_dtype<K> < 0 || column_dtype<V> < 0) {
    throw rt::TypeError("expected " + type_name<rt::dict<K, V>>::get() + ", got a dict packed in columns");
  } else {
    const opsynth_value* c = v.items;
    const std::int64_t n = v.len / 2;
    if (n == 0) return {nullptr, nullptr};
    if (c == nullptr || c[0].kind != OPSYNTH_LIST || c[1].kind != OPSYNTH_LIST || c[0].len != n ||
        c[1].len != n || c[0].data == nullptr || c[1].data == nullptr)
      throw rt::ValueError("malformed dict node: columns that are not two packed lists of its length");
    auto fits = [](std::int32_t dtype, std::int32_t expected) {
      return dtype == expected || (expected == OPSYNTH_DT_STR_VIEW && is_str_views(dtype));
    };
    if (!fits(c[0].dtype, column_dtype<K>) || !fits(c[1].dtype, column_dtype<V>))
      throw rt::TypeError("expected " + type_name<rt::dict<K, V>>::get() + ", got a dict packed as dtypes " +
                          std::to_string(c[0].dtype) + " and " + std::to_string(c[1].dtype));
    return {&c[0], &c[1]};
  }
}

template <class K, class V>
struct codec<rt::dict<K, V>> {
  static rt::dict<K, V> from(const opsynth_value& v) {
    expect_kind<rt::dict<K, V>>(v, OPSYNTH_DICT);
    if (v.len % 2 != 0) throw rt::ValueError("malformed dict node: odd number of items");
    if (const auto* known = known_input<rt::dict<K, V>>(v.i)) return *known;
    rt::dict<K, V> out;
    const std::int64_t n = v.len / 2;
    auto entries = [&](auto add) {
      if (v.ndim == OPSYNTH_DICT_COLUMNS) {
        const auto [keys, values] = dict_columns<K, V>(v);  // throws for K or V that cannot be packed
        if constexpr (column_dtype<K> >= 0 && column_dtype<V> >= 0) {
          const auto key_mark = column_mark(keys->dtype), value_mark = column_mark(values->dtype);
          for (std::int64_t k = 0; k < n; ++k)
            add(packed_element<K>(*keys, k, key_mark), packed_element<V>(*values, k, value_mark));
        }
      } else {
        for (std::int64_t k = 0; k < v.len; k += 2) add(from_value<K>(v.items[k]), from_value<V>(v.items[k + 1]));
      }
    };
    if constexpr (std::is_same_v<K, rt::str> && column_dtype<V> >= 0) {
      if (v.ndim == OPSYNTH_DICT_COLUMNS) {  // str keys straight from their views into the entries
        if (n == 0) return out;
        const auto [keys, values] = dict_columns<K, V>(v);
        const auto* views = static_cast<const opsynth_str_view*>(keys->data);
        const auto key_mark = column_mark(keys->dtype), value_mark = column_mark(values->dtype);
        out.reserve_entries(n);
        for (std::int64_t k = 0; k < n; ++k) {
          rt::str& key = out.append_distinct_in_place(packed_element<V>(*values, k, value_mark), view_bytes(views[k]));
          if (const std::uint64_t origin = origin_of(views[k], key_mark)) std::move(key).with_origin(origin);
        }
        remember_input(v.i, out);
        return out;
      }
    }
    if constexpr (std::is_same_v<K, rt::str> || std::is_same_v<K, std::int64_t>) {
      // The keys of a Python dict differ, and these convert one to one: no lookup per item, and no
      // index until the function looks a key up (a dict it only iterates is never indexed).
      out.reserve_entries(n);
      entries([&](K key, V value) { out.append_distinct(std::move(key), std::move(value)); });
    } else {  // floats and tuples: 2**53 + 1 and 2**53 are two int keys but one float key
      out.reserve(n);
      entries([&](K key, V value) { out.setitem(key, std::move(value)); });
    }
    remember_input(v.i, out);
    return out;
  }
  static void to(const rt::dict<K, V>& x, opsynth_value* out) {
    const std::int64_t id = input_id_of(x);
    if constexpr (column_dtype<K> >= 0 && column_dtype<V> >= 0) {
      // A new dict of scalars and strs as a result: two packed columns (ABI 6), not two nodes an entry.
      const call_context* c = current_context();
      if (id == 0 && c != nullptr && c->result_columns && x.len() > 0) {
        auto s = storage_with_items(2);
        std::shared_ptr<const void> keep;
        if constexpr (std::is_same_v<K, rt::str> || std::is_same_v<V, rt::str>) keep = x.keep_alive();
        const auto n = static_cast<std::size_t>(x.len());
        column_to<K>(n, [&](auto put) { x.for_each_item([&](const K& key, const V&) { put(key); }); }, keep, &s->items[0], 0);
        column_to<V>(n, [&](auto put) { x.for_each_item([&](const K&, const V& value) { put(value); }); }, keep, &s->items[1], 0);
        set_items(out, OPSYNTH_DICT, std::move(s));
        out->len = 2 * x.len();
        out->ndim = OPSYNTH_DICT_COLUMNS;
        return;
      }
    }
    auto s = storage_with_items(2 * static_cast<std::size_t>(x.len()));
    reserve_for_items(*s, x.keep_alive(), [&](auto add) {
      x.for_each_item([&](const K& key, const V& value) {
        add(key);
        add(value);
      });
    });
    std::size_t k = 0;
    x.for_each_item([&](const K& key, const V& value) {
      item_to(key, *s, &s->items[k++]);
      item_to(value, *s, &s->items[k++]);
    });
    set_items(out, OPSYNTH_DICT, std::move(s), id);
  }
};

template <class... T>
struct codec<std::tuple<T...>> {
  static std::tuple<T...> from(const opsynth_value& v) {
    if (v.kind != OPSYNTH_TUPLE || v.len != static_cast<std::int64_t>(sizeof...(T))) {
      mismatch(type_name<std::tuple<T...>>::get(), v);
    }
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<T...>{from_value<T>(v.items[I])...};  // braces: converted left to right
    }
    (std::index_sequence_for<T...>{});
  }
  static void to(const std::tuple<T...>& x, opsynth_value* out) {
    auto s = storage_with_items(sizeof...(T));
    [&]<std::size_t... I>(std::index_sequence<I...>) { (to_value(std::get<I>(x), &s->items[I]), ...); }
    (std::index_sequence_for<T...>{});
    set_items(out, OPSYNTH_TUPLE, std::move(s));
  }
};

// A tagged union, the result of a function whose Python type depends on the path (0 or 0.5): out as
// the alternative it holds; in (a caller reading such a result) as the first alternative whose kind the
// node has.
template <class... T>
struct codec<std::variant<T...>> {
  static std::variant<T...> from(const opsynth_value& v) {
    std::optional<std::variant<T...>> out;
    (try_alternative<T>(v, out), ...);
    if (!out) mismatch(type_name<std::variant<T...>>::get(), v);
    return std::move(*out);
  }
  static void to(const std::variant<T...>& x, opsynth_value* out) {
    std::visit([&](const auto& v) { to_value(v, out); }, x);
  }

 private:
  template <class A>
  static void try_alternative(const opsynth_value& v, std::optional<std::variant<T...>>& out) {
    if (out) return;
    try {
      out.emplace(std::in_place_type<A>, from_value<A>(v));
    } catch (const rt::TypeError&) {
    }
  }
};

// ndarray: a view of the caller's memory in, the rt buffer out; strides in bytes on the wire.
template <class T, std::size_t N>
struct codec<rt::ndarray<T, N>> {
  using array = rt::ndarray<T, N>;

  static array from(const opsynth_value& v) {
    if (v.kind != OPSYNTH_NDARRAY || v.dtype != dtype_of<T>::value ||
        v.ndim != static_cast<std::int64_t>(N)) {
      mismatch(type_name<array>::get(), v);
    }
    if (N > 0 && (v.shape == nullptr || v.strides == nullptr)) throw rt::ValueError("malformed ndarray node");
    typename array::shape_type shape{}, strides{};
    std::int64_t size = 1;
    for (std::size_t k = 0; k < N; ++k) {
      shape[k] = v.shape[k];
      strides[k] = v.strides[k];
      size *= shape[k];
    }
    // An axis of length 1 (or an empty array) never steps, so numpy leaves any stride there; rt wants
    // whole elements, and 0 addresses the same elements.
    for (std::size_t k = 0; k < N; ++k) {
      if ((shape[k] == 1 || size == 0) && strides[k] % static_cast<std::int64_t>(sizeof(T)) != 0)
        strides[k] = 0;
    }
    if (size > 0 && reinterpret_cast<std::uintptr_t>(v.data) % alignof(T) != 0) {
      throw rt::TypeError(type_name<array>::get() + " data is not aligned to " + std::to_string(alignof(T)) +
                          " bytes");
    }
    std::shared_ptr<const void> group;
    if (call_context* c = current_context()) {
      auto it = c->array_group.find(&v);
      if (it != c->array_group.end()) group = it->second;
      if (auto h = c->host_views.find(&v); !group && h != c->host_views.end()) group = h->second;
    }
    if (!group)
      group = std::make_shared<caller_buffer>(caller_buffer{v.i});  // never null: rt detects overlap by owner
    const bool writeable = (v.len & OPSYNTH_ARRAY_READONLY) == 0;
    return array::wrap_byte_strides(static_cast<T*>(v.data), shape, strides, std::move(group), writeable);
  }

  static void to(const array& x, opsynth_value* out) {
    auto s = std::make_unique<node_storage>();
    s->dims.resize(2 * N);
    for (std::size_t k = 0; k < N; ++k) {
      s->dims[k] = x.shape(k);
      s->dims[N + k] = x.strides()[k] * static_cast<std::int64_t>(sizeof(T));
    }
    s->buffer = x.owner();
    std::int64_t id = 0;
    if (call_context* c = current_context()) {
      auto it = c->buffer_id.find(x.owner().get());
      if (it != c->buffer_id.end()) id = it->second;
    }
    opsynth_value v = unset_value();
    v.kind = OPSYNTH_NDARRAY;
    v.dtype = dtype_of<T>::value;
    v.i = id;
    v.len = x.writeable() ? std::int64_t{0} : std::int64_t{OPSYNTH_ARRAY_READONLY};
    v.data = const_cast<T*>(x.data());
    v.ndim = static_cast<std::int64_t>(N);
    v.shape = N > 0 ? s->dims.data() : nullptr;
    v.strides = N > 0 ? s->dims.data() + N : nullptr;
    v.owner = s.release();
    *out = v;
  }
};

// --- exceptions ------------------------------------------------------------------------------------------

// An EXCEPTION node; if even that cannot be allocated, a static MemoryError node without owner.
inline void set_exception(opsynth_value* out, const char* python_name, std::string_view message) noexcept {
  try {
    auto s = storage_with_items(1);
    s->text.assign(python_name);
    codec<rt::str>::to(rt::str(message), &s->items[0]);
    opsynth_value v = unset_value();
    v.kind = OPSYNTH_EXCEPTION;
    v.str = s->text.c_str();
    v.len = static_cast<std::int64_t>(s->text.size());
    v.items = s->items.data();
    v.owner = s.release();
    *out = v;
  } catch (...) {
    static opsynth_value no_message = [] {
      opsynth_value m = unset_value();
      m.kind = OPSYNTH_STR;
      m.str = "";
      return m;
    }();
    opsynth_value v = unset_value();
    v.kind = OPSYNTH_EXCEPTION;
    v.str = "MemoryError";
    v.len = 11;
    v.items = &no_message;
    *out = v;
  }
}

inline void set_current_exception(opsynth_value* out) noexcept {
  release(out);
  try {
    throw;
  } catch (const rt::BaseException& e) {
    set_exception(out, e.python_name(), e.message());
  } catch (const std::bad_alloc&) {
    set_exception(out, "MemoryError", "");
  } catch (const std::exception& e) {
    set_exception(out, "SystemError", e.what());
  } catch (...) {
    set_exception(out, "SystemError", "unknown C++ exception");
  }
}

// Whether a str holds exactly the `len` bytes at p (an input node's or view's UTF-8).
inline bool same_text(const rt::str& x, const char* p, std::int64_t len) {
  const std::string_view b = x.utf8();
  return len == static_cast<std::int64_t>(b.size()) && (b.empty() || rt::utf8::equal_bytes(p, b.data(), b.size()));
}

// Whether an element still is what its input node said (bit for bit); false for kinds not checked.
template <class T>
bool same_as_node(const T& x, const opsynth_value& node) {
  if constexpr (std::is_same_v<T, bool>) {
    return node.kind == OPSYNTH_BOOL && (node.i != 0) == x;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return node.kind == OPSYNTH_INT && node.i == x;
  } else if constexpr (std::is_same_v<T, double>) {
    return node.kind == OPSYNTH_FLOAT && std::memcmp(&node.f[0], &x, sizeof x) == 0;
  } else if constexpr (std::is_same_v<T, rt::str>) {
    return node.kind == OPSYNTH_STR && same_text(x, node.str, node.len);
  } else {
    return false;
  }
}

// Whether an element still is element k of its packed input column (bit for bit; the column's dtype is
// T's, checked by the caller).
template <class T>
bool same_as_element(const T& x, const opsynth_value& column, std::int64_t k) {
  if constexpr (std::is_same_v<T, rt::str>) {
    const opsynth_str_view& view = static_cast<const opsynth_str_view*>(column.data)[k];
    return same_text(x, view.ptr, view.len);
  } else if constexpr (std::is_same_v<T, bool>) {
    return (static_cast<const unsigned char*>(column.data)[k] != 0) == x;
  } else if constexpr (packed_dtype<T> >= 0) {
    return std::memcmp(static_cast<const unsigned char*>(column.data) + 8 * k, &x, sizeof x) == 0;
  } else {
    return false;
  }
}

// Whether a list argument still holds exactly (bit for bit) what came in, packed or as item nodes:
// then args_after stays UNSET and the caller skips rebuilding a long list nobody touched (rt/abi.hpp).
template <class L>
bool list_unchanged(const L& value, const opsynth_value& input) {
  using T = typename L::value_type;
  if (input.len != value.len()) return false;
  std::int64_t k = 0;
  if (input.data != nullptr) {
    if (column_dtype<T> < 0 || input.dtype != column_dtype<T>) return false;
    for (const T& item : value)
      if (!same_as_element(item, input, k++)) return false;
    return true;
  }
  if (input.items == nullptr) return input.len == 0;
  for (const T& item : value)
    if (!same_as_node(item, input.items[k++])) return false;
  return true;
}

template <class T>
struct is_rt_dict : std::false_type {};
template <class K, class V>
struct is_rt_dict<rt::dict<K, V>> : std::true_type {};

// The same for a dict of bools, ints, floats or strs (keys and values): every entry, in insertion order,
// bit for bit what its input node said. A lookup table passed in and only read is then not rebuilt.
template <class D>
bool dict_unchanged(const D& value, const opsynth_value& input) {
  if (input.kind != OPSYNTH_DICT || input.len != 2 * value.len()) return false;
  if (input.items == nullptr) return input.len == 0;
  std::int64_t k = 0;
  bool same = true;
  if (input.ndim == OPSYNTH_DICT_COLUMNS) {
    const auto [keys, values] = dict_columns<typename D::key_type, typename D::mapped_type>(input);
    value.for_each_item([&](const auto& key, const auto& v) {
      same = same && same_as_element(key, *keys, k) && same_as_element(v, *values, k);
      ++k;
    });
    return same;
  }
  value.for_each_item([&](const auto& key, const auto& v) {
    same = same && same_as_node(key, input.items[k]) && same_as_node(v, input.items[k + 1]);
    k += 2;
  });
  return same;
}

template <class T>
void write_after(const T& value, const opsynth_value& input, opsynth_value* slot) {
  if constexpr (holds_container<T>::value) {
    if (slot == nullptr) return;
    if constexpr (is_rt_list<T>::value) {
      if (list_unchanged(value, input)) return;  // UNSET: the caller's list is as it was
    }
    if constexpr (is_rt_dict<T>::value) {
      if (dict_unchanged(value, input)) return;  // UNSET: the caller's dict is as it was
    }
    to_value(value, slot);
  }
}

}  // namespace detail

// --- public API
// ---------------------------------------------------------------------------------------------

// Decodes one node into the runtime type T (kind mismatch: rt::TypeError naming expected and got).
// Arrays are views of the node's memory, which must outlive them; lists and dicts are fresh copies.
template <class T>
T from_value(const opsynth_value& v) {
  return detail::codec<T>::from(v);
}

// Encodes x into *out, which must be unset or released; what it allocates hangs under out->owner.
// On an exception *out is left as it was.
template <class T>
void to_value(const T& x, opsynth_value* out) {
  detail::codec<T>::to(x, out);
}

// Frees everything under v (children first) and leaves v unset.
inline void release(opsynth_value* v) noexcept { detail::release(v); }

// The body of every opsynth_fn_<name>: decodes args by fn's parameter types, calls fn, encodes the result.
// Returns 0 (result in *out) or 1 (out is an EXCEPTION node). For each parameter whose type holds a list
// or dict, args_after[i] receives its state after the call, even when fn raised; bit i of ReadOnly says
// the compiler proved fn never changes parameter i (compiler/readonly_params.hpp), which then stays
// UNSET without a comparison. Never throws.
template <std::uint64_t ReadOnly = 0, class R, class... P>
int invoke(const opsynth_value* args, std::int64_t nargs, opsynth_value* out, opsynth_value* args_after,
           R (*fn)(P...)) noexcept {
  *out = detail::unset_value();
  try {
    if (nargs != static_cast<std::int64_t>(sizeof...(P))) {
      throw rt::TypeError("the function takes " + std::to_string(sizeof...(P)) + " argument" +
                          (sizeof...(P) == 1 ? "" : "s") + " but " + std::to_string(nargs) + " were given");
    }
    detail::call_context context;
    constexpr std::uint64_t with_arrays = [] {
      std::uint64_t mask = 0, bit = 1;
      ((mask |= detail::may_hold_array<std::decay_t<P>>::value ? bit : 0, bit <<= 1), ...);
      return mask;
    }();
    if constexpr (sizeof...(P) > 64 || with_arrays != 0) detail::group_input_arrays(context, args, nargs, with_arrays);
    detail::context_scope scope(context);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      std::tuple<std::decay_t<P>...> values{from_value<std::decay_t<P>>(args[I])...};  // left to right
      std::exception_ptr raised;
      std::optional<std::conditional_t<std::is_void_v<R>, rt::none, std::decay_t<R>>> result;
      try {
        if constexpr (std::is_void_v<R>) {
          std::apply(fn, values);
          result.emplace();
        } else {
          result.emplace(std::apply(fn, values));
        }
      } catch (...) {
        raised = std::current_exception();
      }
      [[maybe_unused]] constexpr auto written = [](std::size_t i) { return i >= 64 || ((ReadOnly >> i) & 1) == 0; };
      (detail::write_after(std::get<I>(values), args[I], args_after != nullptr && written(I) ? &args_after[I] : nullptr), ...);
      if (raised) std::rethrow_exception(raised);
      context.result_columns = true;
      to_value(*result, out);
    }
    (std::index_sequence_for<P...>{});
    return 0;
  } catch (...) {
    detail::set_current_exception(out);
    return 1;
  }
}

}  // namespace rt::abi

// The library-wide exports; the generated file expands this exactly once.
#define OPSYNTH_ABI_EXPORTS()                                                                 \
  extern "C" __attribute__((visibility("default"))) void opsynth_release(opsynth_value* v) {  \
    rt::abi::release(v);                                                                      \
  }                                                                                           \
  extern "C" __attribute__((visibility("default"))) void opsynth_release_array(void* owner) { \
    opsynth_value v{};                                                                        \
    v.owner = owner;                                                                          \
    rt::abi::release(&v);                                                                     \
  }                                                                                           \
  extern "C" __attribute__((visibility("default"))) int opsynth_abi_version() { return rt::abi::kAbiVersion; }

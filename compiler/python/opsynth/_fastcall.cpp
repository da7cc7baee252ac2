// opsynth._fastcall: the loader's compiled call path (CPython extension; the user's library still links
// no libpython). An Entry converts the arguments (by position or keyword, defaults filling the trailing
// parameters left out) straight into rt/abi.hpp nodes, calls the
// library's C entry with the GIL released, and converts the result back, and the lists and dicts the
// library wrote into args_after back into the caller's objects: no ctypes objects, no per-call Python
// frames. The loader exports the Entry itself as the function.
// It never raises for a call it does not take (an unknown keyword, a missing argument, a value of another kind):
// it hands the call as it came to its fallback, the loader's Function (the ctypes path, opsynth/abi.py),
// which binds, converts and says what is wrong, so the two paths cannot disagree on what is accepted or
// on the messages.
//
// Taken: None, bool, int, float and str parameters, ndarrays of any dtype and rank, and lists, dicts and
// tuples of None, bool, int, float, str and of lists, dicts and tuples (list[str], dict[str,list[float]],
// tuple[str,list[int]], ...). Lists and dicts, and whatever is inside a container, are taken only of the
// exact types (bool, int, float, str, list, dict; a tuple and its subclasses as the ctypes path takes
// them): a subclass, a numpy scalar, an int beyond int64 or a str with a lone surrogate there sends the
// call the ctypes way. Lists of bools, ints and floats
// cross packed (rt/abi.hpp), whatever their length. Write-back is abi.py's Call.decode rule for rule: a
// list or dict argument the library wrote into args_after is updated in place (the caller's object
// changes, keeping each old element that == its new value), an input object met twice is updated once.
// Results: None, bool, int, float, complex, str, numpy scalars, ndarrays (zero-copy, as the ctypes path
// gives them: an argument returned as is is that argument, a view of one keeps it alive, library memory
// is freed when numpy lets go of it), lists and dicts (of anything but arrays), tuples and unions of
// those. Everything else (complex, numpy-scalar or Literal parameters, arrays inside lists, keyword
// arguments) goes the ctypes way.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#ifdef OPSYNTH_FASTCALL_NUMPY
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>
#endif

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rt/abi.hpp"
#include "rt/pointer_ids.hpp"

static_assert(sizeof(Py_ssize_t) == sizeof(std::int64_t), "shapes and strides cross as int64");

namespace {

using entry_fn = int (*)(const opsynth_value*, std::int64_t, opsynth_value*, opsynth_value*);
using release_fn = void (*)(opsynth_value*);
using release_array_fn = void (*)(void*);

// What one parameter takes: an rt/abi.hpp kind, for NDARRAY the dtype code and rank, and for LIST, DICT
// and TUPLE the element types (list: [T], dict: [K, V], tuple: [T0, T1, ...]).
struct Param {
  int kind;
  int dtype;
  int ndim;
  std::vector<Param> args;
};

struct Entry {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  entry_fn entry;
  release_fn release;
  std::vector<Param>* params;
  PyObject* fallback;    // the loader's Function: runs every call this path does not take
  PyObject* dict;        // attributes the loader sets: __name__, __signature__, __doc__
  PyObject* exception;   // abi._exception(name, message) -> the exception object to raise
  PyObject* np_scalars;  // numpy scalar classes by dtype code (rt/abi.hpp: bool_, int32, ..., complex64)
  PyObject* ndarray;     // numpy.ndarray, for isinstance
  release_array_fn release_array;  // the library's opsynth_release_array; null: array results go the ctypes way
  PyObject* asarray;     // numpy.asarray, or null
  int str_views;         // the library reads lists of strs packed as views (ABI version 3 on)
  int dict_columns;      // the library reads dicts of scalars and strs as two packed columns (version 5 on)
  int str_names;         // the library's results may name input strs passed as nameable views (version 6 on)
  PyObject* names;       // the parameters' names (a tuple of str), for keyword arguments; or null
  PyObject* defaults;    // the trailing parameters' defaults (a tuple), or null
};

// The base object of a result array, as abi._LibraryMemory is on the ctypes path: numpy reads the buffer
// from its __array_interface__; it keeps alive the argument whose memory the array views, or frees the
// library memory it owns when numpy drops it.
struct LibraryMemory {
  PyObject_HEAD
  PyObject* interface;
  PyObject* keep;
  release_array_fn release_array;
  void* owner;
  PyObject* weakrefs;
};

void library_memory_dealloc(PyObject* object) {
  auto* self = reinterpret_cast<LibraryMemory*>(object);
  if (self->weakrefs != nullptr) PyObject_ClearWeakRefs(object);
  if (self->owner != nullptr) self->release_array(self->owner);
  Py_XDECREF(self->interface);
  Py_XDECREF(self->keep);
  Py_TYPE(object)->tp_free(object);
}

PyMemberDef library_memory_members[] = {
    {"__array_interface__", T_OBJECT, offsetof(LibraryMemory, interface), READONLY, nullptr},
    {"keep", T_OBJECT, offsetof(LibraryMemory, keep), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};

PyTypeObject library_memory_type = [] {
  PyTypeObject t{};
  Py_SET_REFCNT(reinterpret_cast<PyObject*>(&t), 1);
  t.tp_name = "opsynth._fastcall._LibraryMemory";
  t.tp_basicsize = sizeof(LibraryMemory);
  t.tp_dealloc = library_memory_dealloc;
  t.tp_weaklistoffset = offsetof(LibraryMemory, weakrefs);
  t.tp_members = library_memory_members;
  t.tp_flags = Py_TPFLAGS_DEFAULT;
  t.tp_doc = "The memory under a result array of the compiled call path.";
  return t;
}();

// The buffer format numpy gives each dtype code of rt/abi.hpp, native byte order (prefix '@', '=' or none;
// '<' on this little-endian target).
bool format_matches(const char* format, int dtype) {
  if (format == nullptr) return false;
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  switch (dtype) {
    case OPSYNTH_DT_BOOL: return std::strcmp(format, "?") == 0;
    case OPSYNTH_DT_INT32: return std::strcmp(format, "i") == 0;
    case OPSYNTH_DT_INT64: return std::strcmp(format, "l") == 0 || std::strcmp(format, "q") == 0;
    case OPSYNTH_DT_FLOAT32: return std::strcmp(format, "f") == 0;
    case OPSYNTH_DT_FLOAT64: return std::strcmp(format, "d") == 0;
    case OPSYNTH_DT_COMPLEX128: return std::strcmp(format, "Zd") == 0;
    case OPSYNTH_DT_UINT8: return std::strcmp(format, "B") == 0;
    case OPSYNTH_DT_INT8: return std::strcmp(format, "b") == 0;
    case OPSYNTH_DT_INT16: return std::strcmp(format, "h") == 0;
    case OPSYNTH_DT_UINT16: return std::strcmp(format, "H") == 0;
    case OPSYNTH_DT_UINT32: return std::strcmp(format, "I") == 0;
    case OPSYNTH_DT_UINT64: return std::strcmp(format, "L") == 0 || std::strcmp(format, "Q") == 0;
    case OPSYNTH_DT_COMPLEX64: return std::strcmp(format, "Zf") == 0;
    default: return false;
  }
}

// numpy's `aligned` flag: the data pointer and every stride a multiple of the element's alignment.
bool aligned(const Py_buffer& view) {
  const Py_ssize_t alignment = view.itemsize > 8 ? 8 : view.itemsize;
  if (alignment <= 1) return true;
  if (reinterpret_cast<std::uintptr_t>(view.buf) % static_cast<std::uintptr_t>(alignment) != 0) return false;
  for (int k = 0; k < view.ndim; ++k)
    if (view.strides[k] % alignment != 0) return false;
  return true;
}

// Packed-list buffers kept per thread between calls: a list of 100,000 floats otherwise has the kernel
// fault in and zero 800 KB of fresh pages on every call. At most kSpareBuffers, kSpareBytes in all.
class ScratchWords {
 public:
  using buffer = std::pair<std::size_t, std::unique_ptr<std::int64_t[]>>;  // words, memory
  static constexpr std::size_t kSpareBuffers = 8;
  static constexpr std::size_t kSpareBytes = std::size_t{32} << 20;

  // A buffer of at least n words (at most twice that, so a short list does not hold a long one's).
  buffer take(std::size_t n) {
    for (auto it = spare_.begin(); it != spare_.end(); ++it) {
      if (it->first >= n && it->first <= 2 * n) {
        buffer b = std::move(*it);
        spare_.erase(it);
        bytes_ -= 8 * b.first;
        return b;
      }
    }
    return {n, std::unique_ptr<std::int64_t[]>(new std::int64_t[n])};
  }
  void give(buffer b) {
    if (b.first < 4096 || spare_.size() >= kSpareBuffers || bytes_ + 8 * b.first > kSpareBytes) return;
    bytes_ += 8 * b.first;
    spare_.push_back(std::move(b));
  }

 private:
  std::vector<buffer> spare_;
  std::size_t bytes_ = 0;
};
thread_local ScratchWords scratch_words;

// A dict of more than kFarDict items has its objects beyond the caches, and reading each only when its
// turn came waited on a cache miss per item: its keys and values are asked for kPrefetchAhead items
// ahead (a dict of 100,000 strs to ints: 7.5 ms to read, 3.9 ms). Not for lists: objects made one after
// another lie in order, where the hardware reads ahead by itself, and repeated ones are in the caches;
// asking cost 2-4% there, and gained nothing measurable on a shuffled list of strs.
constexpr std::size_t kPrefetchAhead = 16;
constexpr Py_ssize_t kFarDict = 32768;

// One call's state: the memory its nodes live in, the buffers of its arrays, and the Python objects it
// stands for, held while the GIL is released (a list's items could otherwise go away under the library).
struct CallState {
  std::vector<Py_buffer> views;
  std::vector<PyObject*> objects;  // lists, dicts and arrays by 1-based id (rt/abi.hpp), strong
  std::vector<char> updated;       // per id: already written back (abi.py's Call.updated)
  rt::pointer_ids<> ids;  // filled once objects are many
  std::vector<PyObject*> held;  // strs inside containers, whose UTF-8 the nodes point into, strong
  // Lists' items (and dicts' columns) passed as str views: the strs, strong, and their views.
  struct HeldStrs {
    PyObject** items;
    std::size_t count;
    const opsynth_str_view* views;
  };
  std::vector<HeldStrs> held_items;
  bool nameable_strs = false;  // str columns go as OPSYNTH_DT_STR_VIEW_NAMEABLE (the library names them)
  std::vector<std::unique_ptr<opsynth_value[]>> nodes;
  std::vector<ScratchWords::buffer> packed;
  std::int64_t* chunk_at_ = nullptr;  // packed_words' chunk: the next free word, and how many are left
  std::size_t chunk_left_ = 0;

  CallState() = default;
  CallState(const CallState&) = delete;
  CallState& operator=(const CallState&) = delete;
  ~CallState() {
    for (auto& v : views) PyBuffer_Release(&v);
    for (PyObject* o : objects) Py_DECREF(o);
    for (PyObject* o : held) Py_DECREF(o);
    for (const HeldStrs& h : held_items)
      for (std::size_t k = 0; k < h.count; ++k) Py_DECREF(h.items[k]);
    for (auto& b : packed) scratch_words.give(std::move(b));
  }

  // n words for a packed column, given back with the call. A short column is carved from a chunk the
  // call takes once: a list of 50,000 short lists was 50,000 allocations and frees.
  std::int64_t* packed_words(std::size_t n) {
    constexpr std::size_t kShort = 512, kChunk = std::size_t{1} << 16;
    if (n > kShort) {
      packed.push_back(scratch_words.take(n));
      return packed.back().second.get();
    }
    if (n > chunk_left_) {
      packed.push_back(scratch_words.take(kChunk));
      chunk_at_ = packed.back().second.get();
      chunk_left_ = packed.back().first;
    }
    std::int64_t* words = chunk_at_;
    chunk_at_ += n;
    chunk_left_ -= n;
    return words;
  }

  static constexpr std::size_t kScan = 8;  // up to this many objects: a scan is cheaper than hashing

  // Room for n more identified objects (the rows of a list of lists), so that the table is sized once.
  // (At least doubling: the inner lists of a list[list[list[int]]] each ask for a little more.)
  void expect_objects(std::size_t n) {
    const std::size_t want = objects.size() + n;
    if (want > objects.capacity()) {
      objects.reserve(std::max(want, 2 * objects.capacity()));
      updated.reserve(objects.capacity());
    }
    if (want > kScan) ids.reserve(want);  // a few rows are scanned, never hashed
  }

  // The same object, the same id: aliased arguments stay aliased.
  std::int64_t identify(PyObject* value) {
    if (objects.size() <= kScan) {
      for (std::size_t k = 0; k < objects.size(); ++k)
        if (objects[k] == value) return static_cast<std::int64_t>(k) + 1;
    } else {
      if (ids.empty())
        for (std::size_t k = 0; k < objects.size(); ++k) ids.insert(objects[k], static_cast<std::int64_t>(k) + 1);
      if (const std::int64_t found = ids.find(value)) return found;
    }
    objects.push_back(Py_NewRef(value));
    updated.push_back(0);
    const auto id = static_cast<std::int64_t>(objects.size());
    if (!ids.empty()) ids.insert(value, id);
    return id;
  }

  // The input object of id `id` when it is of `type`, else null with RuntimeError set.
  PyObject* input(std::int64_t id, PyTypeObject* type) const {
    if (id < 1 || id > static_cast<std::int64_t>(objects.size()) || Py_TYPE(objects[id - 1]) != type) {
      PyErr_SetString(PyExc_RuntimeError, "the library returned a container node with a bad input id");
      return nullptr;
    }
    return objects[id - 1];
  }

  // n zeroed nodes. Many come from the thread's scratch memory, which stays mapped between calls: a
  // 10,000-entry dict's 20,000 nodes were otherwise 2 MB of fresh pages faulted in on every call.
  opsynth_value* items(std::size_t n) {
    static_assert(sizeof(opsynth_value) % 8 == 0 && alignof(opsynth_value) <= alignof(std::int64_t));
    constexpr std::size_t kWords = sizeof(opsynth_value) / 8;
    if (n * kWords < 4096) {
      nodes.push_back(std::make_unique<opsynth_value[]>(n));  // zeroed
      return nodes.back().get();
    }
    auto scratch = scratch_words.take(n * kWords);
    auto* first = reinterpret_cast<opsynth_value*>(scratch.second.get());
    packed.push_back(std::move(scratch));
    std::uninitialized_value_construct_n(first, n);  // zeroed
    return first;
  }
};

// The value of an int (or bool) that fits in two of CPython's digits, read without a call; false for a
// larger one, which takes PyLong_AsLongLongAndOverflow. The call was an eighth of passing a list of
// 100,000 ints. 3.12 changed the layout and offers the compact-value accessors instead.
[[gnu::always_inline]] inline bool small_long_value(PyObject* x, long long& out) {
#if PY_VERSION_HEX >= 0x030C0000
  const auto* v = reinterpret_cast<PyLongObject*>(x);
  if (!PyUnstable_Long_IsCompact(v)) return false;
  out = PyUnstable_Long_CompactValue(v);
  return true;
#else
  const Py_ssize_t size = Py_SIZE(x);
  if (size < -2 || size > 2) return false;
  const digit* d = reinterpret_cast<const PyLongObject*>(x)->ob_digit;
  long long magnitude = 0;
  if (size != 0) magnitude = d[0];
  if (size == 2 || size == -2) magnitude |= static_cast<long long>(d[1]) << PyLong_SHIFT;
  out = size < 0 ? -magnitude : magnitude;
  return true;
#endif
}

// An int's (or bool's) value as int64 through CPython's call; false (no Python error left set) when it
// does not fit.
[[gnu::noinline]] bool large_int64_value(PyObject* x, long long& out) {
  int overflow = 0;
  out = PyLong_AsLongLongAndOverflow(x, &overflow);
  if (overflow == 0 && !(out == -1 && PyErr_Occurred())) return true;
  PyErr_Clear();
  return false;
}

// An int's (or bool's) value as int64, the short ones inline (a call per item was a fifth of passing a
// list of 100,000 ints); false (no Python error left set) when it does not fit.
[[gnu::always_inline]] inline bool int64_value(PyObject* x, long long& out) {
  return small_long_value(x, out) || large_int64_value(x, out);
}

// x as a float parameter takes it: a float, or an int or bool correctly rounded as float(v) does; only
// the exact types when `exact` (inside containers), subclasses too otherwise (a numpy float64 is a float
// subclass). False, with no error left set, for other values and ints too large for a double.
inline bool float_value(PyObject* x, bool exact, double& d) {
  if (exact ? PyFloat_CheckExact(x) : PyFloat_Check(x)) {
    d = PyFloat_AS_DOUBLE(x);
    return true;
  }
  if (!(exact ? (PyLong_CheckExact(x) || PyBool_Check(x)) : PyLong_Check(x))) return false;
  d = PyLong_AsDouble(x);
  if (d == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    return false;
  }
  return true;
}

// A str's UTF-8 where it is at hand without a call (no data when it is not): compact ASCII text is its
// own UTF-8; a compact str that was encoded before keeps its UTF-8 in the object (reading it was a third
// of turning a list of non-ASCII words into views). 3.13 moved those fields.
inline std::string_view cached_utf8(PyObject* s) {
  if (PyUnicode_IS_READY(s) && PyUnicode_IS_COMPACT_ASCII(s))
    return {static_cast<const char*>(PyUnicode_DATA(s)), static_cast<std::size_t>(PyUnicode_GET_LENGTH(s))};
#if PY_VERSION_HEX < 0x030D0000
  if (PyUnicode_IS_COMPACT(s)) {
    const auto* compact = reinterpret_cast<const PyCompactUnicodeObject*>(s);
    if (compact->utf8 != nullptr) return {compact->utf8, static_cast<std::size_t>(compact->utf8_length)};
  }
#endif
  return {};
}

// A str's UTF-8 (nullptr with the error cleared when it has none: lone surrogates): where it is at hand,
// else through CPython's encoding, which the str then caches.
const char* utf8_of(PyObject* s, Py_ssize_t& size) {
  if (const std::string_view cached = cached_utf8(s); cached.data() != nullptr) {
    size = static_cast<Py_ssize_t>(cached.size());
    return cached.data();
  }
  const char* utf8 = PyUnicode_AsUTF8AndSize(s, &size);
  if (utf8 == nullptr) PyErr_Clear();
  return utf8;
}

// A packed LIST node of bools, ints, floats or strs being filled (rt/abi.hpp): element k from x, taken
// only when it is exactly of the element's kind, as encode() takes a nested value (bool; int or bool;
// float, int or bool; str), an int that fits int64, a float that fits a double, a str with UTF-8 (lone
// surrogates: the ctypes path). Strs travel as views of their UTF-8 (16 bytes an element instead of a
// node), each str held by the call in the pass that reads it, so the views stay valid while the GIL is
// released. Lists of these kinds and the two columns of a dict are made with it.
class Column {
 public:
  Column(int kind, std::size_t n, opsynth_value& node, CallState& call) : kind_(kind), call_(call) {
    const std::size_t words = kind_ == OPSYNTH_STR ? 3 * n : kind_ == OPSYNTH_BOOL ? (n + 7) / 8 : n;
    words_ = call.packed_words(words);
    node.kind = OPSYNTH_LIST;
    node.len = static_cast<std::int64_t>(n);
    node.data = words_;
    node.dtype = kind_ == OPSYNTH_STR    ? std::int32_t{call.nameable_strs ? OPSYNTH_DT_STR_VIEW_NAMEABLE
                                                                          : OPSYNTH_DT_STR_VIEW}
                 : kind_ == OPSYNTH_BOOL ? std::int32_t{OPSYNTH_DT_BOOL}
                 : kind_ == OPSYNTH_INT  ? std::int32_t{OPSYNTH_DT_INT64}
                                         : std::int32_t{OPSYNTH_DT_FLOAT64};
    if (kind_ == OPSYNTH_STR) {
      held_index_ = call.held_items.size();  // an index: another column's entry may move the vector
      held_ = reinterpret_cast<PyObject**>(words_ + 2 * n);
      call.held_items.push_back({held_, 0, reinterpret_cast<const opsynth_str_view*>(words_)});
    }
  }
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;
  // How many strs the column holds goes to the call once, not per item: a count read and written back
  // through the call's vector on every item chained each item's store to the last one's.
  ~Column() {
    if (held_ != nullptr) call_.held_items[held_index_].count = held_count_;
  }

  bool put(std::size_t k, PyObject* x) {
    switch (kind_) {
      case OPSYNTH_BOOL: return put_as<OPSYNTH_BOOL>(k, x);
      case OPSYNTH_INT: return put_as<OPSYNTH_INT>(k, x);
      case OPSYNTH_FLOAT: return put_as<OPSYNTH_FLOAT>(k, x);
      default: return put_as<OPSYNTH_STR>(k, x);
    }
  }

  // put() for a kind known where the loop is written: a list's loop then has no switch per item (with
  // one, passing 100,000 floats took 222 us instead of 123).
  template <int Kind>
  bool put_as(std::size_t k, PyObject* x) {
    if constexpr (Kind == OPSYNTH_BOOL) {
      if (!PyBool_Check(x)) return false;
      reinterpret_cast<unsigned char*>(words_)[k] = x == Py_True ? 1 : 0;
    } else if constexpr (Kind == OPSYNTH_INT) {
      if (!PyLong_CheckExact(x) && !PyBool_Check(x)) return false;  // bool in a list[int]: 0 or 1, as ctypes
      long long i = 0;
      if (!int64_value(x, i)) return false;  // the ctypes path raises OverflowError
      words_[k] = i;
    } else if constexpr (Kind == OPSYNTH_FLOAT) {
      double d;
      if (!float_value(x, true, d)) return false;
      std::memcpy(&words_[k], &d, sizeof d);
    } else {
      if (!PyUnicode_CheckExact(x)) return false;
      Py_ssize_t size = 0;
      const char* utf8 = utf8_of(x, size);
      if (utf8 == nullptr) return false;
      held_[k] = Py_NewRef(x);  // items are put in order, each once
      held_count_ = k + 1;
      reinterpret_cast<opsynth_str_view*>(words_)[k] = {utf8, static_cast<std::int64_t>(size)};
    }
    return true;
  }

 private:
  int kind_;
  CallState& call_;
  std::int64_t* words_;
  PyObject** held_ = nullptr;  // a column of strs: the strs it holds, call_.held_items[held_index_]
  std::size_t held_index_ = 0, held_count_ = 0;
};

// Fills a LIST node of bools, ints, floats or strs as one packed Column (abi.py's _encode_packed for
// the numbers); false when an item is not taken. No per-call cache of str views by object: a repeated
// object yields the same pointer anyway, which is all the library compares.
bool encode_packed(int kind, PyObject* list, opsynth_value& node, CallState& call) {
  const Py_ssize_t n = PyList_GET_SIZE(list);
  if (n == 0) return true;
  Column column(kind, static_cast<std::size_t>(n), node, call);
  PyObject* const* items = reinterpret_cast<PyListObject*>(list)->ob_item;
  auto fill = [&]<int Kind>() {
    for (Py_ssize_t k = 0; k < n; ++k)
      if (!column.put_as<Kind>(static_cast<std::size_t>(k), items[k])) return false;
    return true;
  };
  switch (kind) {
    case OPSYNTH_BOOL: return fill.operator()<OPSYNTH_BOOL>();
    case OPSYNTH_INT: return fill.operator()<OPSYNTH_INT>();
    case OPSYNTH_FLOAT: return fill.operator()<OPSYNTH_FLOAT>();
    default: return fill.operator()<OPSYNTH_STR>();
  }
}

// Whether a list's items or a dict's keys or values of this kind can travel as a packed column.
bool packs_in_column(const Param& p) {
  return p.kind == OPSYNTH_BOOL || p.kind == OPSYNTH_INT || p.kind == OPSYNTH_FLOAT || p.kind == OPSYNTH_STR;
}

// Fills `node` from `value` for parameter `p`; false when this path does not take the value (no Python
// error is left set then). `nested`: inside a list, dict or tuple, where only exact types are taken.
bool encode(const Entry* self, const Param& p, PyObject* value, bool nested, opsynth_value& node,
            CallState& call) {
  switch (p.kind) {
    case OPSYNTH_NONE:
      if (value != Py_None) return false;
      node.kind = OPSYNTH_NONE;
      return true;
    case OPSYNTH_BOOL:
      if (!PyBool_Check(value)) return false;
      node.kind = OPSYNTH_BOOL;
      node.i = value == Py_True ? 1 : 0;
      return true;
    case OPSYNTH_INT: {
      // bool is an int, as in Python; numpy ints go the ctypes way, and int subclasses inside containers
      if (nested ? !(PyLong_CheckExact(value) || PyBool_Check(value)) : !PyLong_Check(value)) return false;
      long long i = 0;
      if (!int64_value(value, i)) return false;  // the ctypes path raises Python's OverflowError
      node.kind = OPSYNTH_INT;
      node.i = i;
      return true;
    }
    case OPSYNTH_FLOAT: {
      double d = 0.0;
      if (!float_value(value, nested, d)) return false;
      node.kind = OPSYNTH_FLOAT;
      node.f[0] = d;
      return true;
    }
    case OPSYNTH_STR: {
      if (nested ? !PyUnicode_CheckExact(value) : !PyUnicode_Check(value)) return false;
      Py_ssize_t size = 0;
      const char* utf8 = utf8_of(value, size);
      if (utf8 == nullptr) return false;  // lone surrogates: the ctypes path encodes them with surrogatepass
      if (nested) call.held.push_back(Py_NewRef(value));  // an argument itself is held by the caller
      node.kind = OPSYNTH_STR;
      node.str = utf8;
      node.len = size;
      return true;
    }
    case OPSYNTH_LIST: {
      if (!PyList_CheckExact(value) || p.args.size() != 1) return false;  // a subclass: the ctypes way
      const Param& elem = p.args[0];
      const Py_ssize_t n = PyList_GET_SIZE(value);
      node.kind = OPSYNTH_LIST;
      node.i = call.identify(value);
      node.len = n;
      // Lists of strs packed only for libraries that read them (ABI version 3 on).
      if (packs_in_column(elem) && (elem.kind != OPSYNTH_STR || self->str_views))
        return encode_packed(elem.kind, value, node, call);
      if (n == 0) return true;
      node.items = call.items(static_cast<std::size_t>(n));
      if (elem.kind == OPSYNTH_LIST || elem.kind == OPSYNTH_DICT || elem.kind == OPSYNTH_NDARRAY)
        call.expect_objects(static_cast<std::size_t>(n));
      for (Py_ssize_t k = 0; k < n; ++k)
        if (!encode(self, elem, PyList_GET_ITEM(value, k), true, node.items[k], call)) return false;
      return true;
    }
    case OPSYNTH_DICT: {
      if (!PyDict_CheckExact(value) || p.args.size() != 2) return false;
      const Py_ssize_t n = PyDict_GET_SIZE(value);
      node.kind = OPSYNTH_DICT;
      node.i = call.identify(value);
      node.len = 2 * n;
      if (n == 0) return true;
      Py_ssize_t position = 0, k = 0;
      PyObject *key = nullptr, *item = nullptr;
      if (self->dict_columns && packs_in_column(p.args[0]) && packs_in_column(p.args[1])) {
        node.ndim = OPSYNTH_DICT_COLUMNS;  // keys then values, each one packed list (rt/abi.hpp)
        node.items = call.items(2);
        Column keys(p.args[0].kind, static_cast<std::size_t>(n), node.items[0], call);
        Column values(p.args[1].kind, static_cast<std::size_t>(n), node.items[1], call);
        // A large dict (kFarDict): its items first (the dict's own entries, in order), then each read
        // kPrefetchAhead items after it was asked for. For a dict that fits in the caches the second
        // pass only costs (12% of reading 10,000 items).
        if (n > kFarDict) {
          std::vector<PyObject*> pairs;
          pairs.reserve(2 * static_cast<std::size_t>(n));
          while (PyDict_Next(value, &position, &key, &item)) {  // runs no Python code: the dict stays as it is
            pairs.push_back(key);
            pairs.push_back(item);
          }
          for (std::size_t at = 0; at < pairs.size(); at += 2, ++k) {
            if (at + 2 * kPrefetchAhead < pairs.size()) {
              __builtin_prefetch(pairs[at + 2 * kPrefetchAhead]);
              __builtin_prefetch(pairs[at + 2 * kPrefetchAhead + 1]);
            }
            if (!keys.put(static_cast<std::size_t>(k), pairs[at]) || !values.put(static_cast<std::size_t>(k), pairs[at + 1]))
              return false;
          }
          return true;
        }
        while (PyDict_Next(value, &position, &key, &item)) {  // runs no Python code: the dict stays as it is
          if (!keys.put(static_cast<std::size_t>(k), key) || !values.put(static_cast<std::size_t>(k), item))
            return false;
          ++k;
        }
        return true;
      }
      node.items = call.items(2 * static_cast<std::size_t>(n));
      while (PyDict_Next(value, &position, &key, &item)) {  // runs no Python code: the dict stays as it is
        if (!encode(self, p.args[0], key, true, node.items[2 * k], call) ||
            !encode(self, p.args[1], item, true, node.items[2 * k + 1], call))
          return false;
        ++k;
      }
      return true;
    }
    case OPSYNTH_TUPLE: {
      if (!PyTuple_Check(value) || static_cast<std::size_t>(PyTuple_GET_SIZE(value)) != p.args.size())
        return false;
      const std::size_t n = p.args.size();
      node.kind = OPSYNTH_TUPLE;
      node.len = static_cast<std::int64_t>(n);
      if (n == 0) return true;
      node.items = call.items(n);
      for (std::size_t k = 0; k < n; ++k)
        if (!encode(self, p.args[k], PyTuple_GET_ITEM(value, static_cast<Py_ssize_t>(k)), true, node.items[k],
                    call))
          return false;
      return true;
    }
    case OPSYNTH_NDARRAY: {
      if (nested) return false;  // arrays inside containers: the ctypes way
      const int is_array = PyObject_IsInstance(value, self->ndarray);
      if (is_array != 1) {
        if (is_array < 0) PyErr_Clear();
        return false;
      }
      Py_buffer view;
      if (PyObject_GetBuffer(value, &view, PyBUF_RECORDS_RO) != 0) {
        PyErr_Clear();
        return false;
      }
      if (view.ndim != p.ndim || !format_matches(view.format, p.dtype) || !aligned(view)) {
        PyBuffer_Release(&view);
        return false;
      }
      call.views.push_back(view);
      const Py_buffer& kept = call.views.back();
      node.kind = OPSYNTH_NDARRAY;
      node.dtype = p.dtype;
      node.data = kept.buf;
      node.ndim = kept.ndim;
      node.shape = reinterpret_cast<const std::int64_t*>(kept.shape);
      node.strides = reinterpret_cast<const std::int64_t*>(kept.strides);
      node.len = kept.readonly ? std::int64_t{OPSYNTH_ARRAY_READONLY} : std::int64_t{0};
      node.i = call.identify(value);  // the same object, the same id: aliased arguments stay aliased
      return true;
    }
    default:
      return false;
  }
}

// numpy's C API, imported at the first array result. Building each result through numpy.asarray and an
// __array_interface__ dict cost about 1 us an array (a dict, its strs, numpy parsing them back): most of
// a small kernel's call. The extension is built against the numpy headers CMake found; a numpy of
// another ABI (a venv's numpy 2 under a build against 1.x) refuses the import, and results then go the
// __array_interface__ way as before.
bool numpy_api_ready() {
#ifdef OPSYNTH_FASTCALL_NUMPY
  static int state = -1;  // -1 not tried, 0 refused, 1 ready
  if (state < 0) {
    state = _import_array() == 0 ? 1 : 0;
    if (state == 0) PyErr_Clear();
  }
  return state == 1;
#else
  return false;
#endif
}

#ifdef OPSYNTH_FASTCALL_NUMPY
// numpy's type number of each dtype code.
int numpy_type(int dtype) {
  switch (dtype) {
    case OPSYNTH_DT_BOOL: return NPY_BOOL;
    case OPSYNTH_DT_INT32: return NPY_INT32;
    case OPSYNTH_DT_INT64: return NPY_INT64;
    case OPSYNTH_DT_FLOAT32: return NPY_FLOAT32;
    case OPSYNTH_DT_FLOAT64: return NPY_FLOAT64;
    case OPSYNTH_DT_COMPLEX128: return NPY_COMPLEX128;
    case OPSYNTH_DT_UINT8: return NPY_UINT8;
    case OPSYNTH_DT_INT8: return NPY_INT8;
    case OPSYNTH_DT_INT16: return NPY_INT16;
    case OPSYNTH_DT_UINT16: return NPY_UINT16;
    case OPSYNTH_DT_UINT32: return NPY_UINT32;
    case OPSYNTH_DT_UINT64: return NPY_UINT64;
    case OPSYNTH_DT_COMPLEX64: return NPY_COMPLEX64;
    default: return -1;
  }
}

// The array over `data` with `memory` as its base (the reference is stolen, also on failure).
PyObject* numpy_array_over(const opsynth_value& out, void* data, bool readonly, PyObject* memory) {
  npy_intp dims[64], strides[64];
  for (std::int64_t d = 0; d < out.ndim; ++d) {
    dims[d] = static_cast<npy_intp>(out.shape[d]);
    strides[d] = static_cast<npy_intp>(out.strides[d]);
  }
  PyArray_Descr* descr = PyArray_DescrFromType(numpy_type(out.dtype));
  PyObject* array = descr == nullptr ? nullptr
                                     : PyArray_NewFromDescr(&PyArray_Type, descr, static_cast<int>(out.ndim), dims,
                                                            strides, data, readonly ? 0 : NPY_ARRAY_WRITEABLE, nullptr);
  if (array == nullptr) {
    Py_DECREF(memory);
    return nullptr;
  }
  if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject*>(array), memory) < 0) {
    Py_DECREF(array);
    return nullptr;
  }
  return array;
}
#endif

// numpy's typestr of each dtype code (little-endian target).
const char* typestr(int dtype) {
  switch (dtype) {
    case OPSYNTH_DT_BOOL: return "|b1";
    case OPSYNTH_DT_INT32: return "<i4";
    case OPSYNTH_DT_INT64: return "<i8";
    case OPSYNTH_DT_FLOAT32: return "<f4";
    case OPSYNTH_DT_FLOAT64: return "<f8";
    case OPSYNTH_DT_COMPLEX128: return "<c16";
    case OPSYNTH_DT_UINT8: return "|u1";
    case OPSYNTH_DT_INT8: return "|i1";
    case OPSYNTH_DT_INT16: return "<i2";
    case OPSYNTH_DT_UINT16: return "<u2";
    case OPSYNTH_DT_UINT32: return "<u4";
    case OPSYNTH_DT_UINT64: return "<u8";
    case OPSYNTH_DT_COMPLEX64: return "<c8";
    default: return nullptr;
  }
}

PyObject* int_tuple(const std::int64_t* values, std::int64_t n) {
  PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(n));
  if (t == nullptr) return nullptr;
  for (std::int64_t k = 0; k < n; ++k) {
    PyObject* v = PyLong_FromLongLong(values[k]);
    if (v == nullptr) {
      Py_DECREF(t);
      return nullptr;
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(k), v);
  }
  return t;
}

// The argument array whose layout (memory, shape, strides, dtype, writeability) the result has, if one has
// it: the ctypes path gives that argument back itself (the first of aliased ones).
PyObject* argument_with_layout(const opsynth_value* in, std::size_t n, PyObject* const* args, const opsynth_value& out) {
  const bool readonly = (out.len & OPSYNTH_ARRAY_READONLY) != 0;
  for (std::size_t k = 0; k < n; ++k) {
    const opsynth_value& a = in[k];
    if (a.kind != OPSYNTH_NDARRAY || a.data != out.data || a.dtype != out.dtype || a.ndim != out.ndim ||
        ((a.len & OPSYNTH_ARRAY_READONLY) != 0) != readonly)
      continue;
    bool same = true;
    for (std::int64_t d = 0; d < out.ndim && same; ++d) same = a.shape[d] == out.shape[d] && a.strides[d] == out.strides[d];
    if (same) return args[k];
  }
  return nullptr;
}

// An NDARRAY result as numpy's array over the same memory: an argument's layout gives that argument, a
// view of an argument keeps it alive, library memory is taken over (out.owner cleared) and freed with the
// array.
PyObject* decode_array(const Entry* self, opsynth_value& out, const opsynth_value* in, std::size_t n,
                       PyObject* const* args, const CallState& call) {
  const char* type = typestr(out.dtype);
  if (type == nullptr || out.ndim < 0 || out.ndim > 64 || out.i < 0 ||
      out.i > static_cast<std::int64_t>(call.objects.size())) {
    PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed array node");
    return nullptr;
  }
  if (out.i > 0 && out.data != nullptr)
    if (PyObject* same = argument_with_layout(in, n, args, out)) return Py_NewRef(same);
  // numpy wants a pointer even for no elements; nothing is read or written through it.
  static double no_elements[2];
  void* data = out.data != nullptr ? out.data : static_cast<void*>(no_elements);
  const bool readonly = (out.len & OPSYNTH_ARRAY_READONLY) != 0;
  const bool direct = numpy_api_ready();
  PyObject* shape = direct ? nullptr : int_tuple(out.shape, out.ndim);
  PyObject* strides = shape ? int_tuple(out.strides, out.ndim) : nullptr;
  PyObject* interface = strides ? Py_BuildValue("{s:i,s:O,s:s,s:(KO),s:O}", "version", 3, "shape", shape, "typestr",
                                                 type, "data", static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(data)),
                                                 readonly ? Py_True : Py_False, "strides", strides)
                                : nullptr;
  Py_XDECREF(shape);
  Py_XDECREF(strides);
  if (interface == nullptr && !direct) return nullptr;
  auto* memory = PyObject_New(LibraryMemory, &library_memory_type);
  if (memory == nullptr) {
    Py_XDECREF(interface);
    return nullptr;
  }
  memory->interface = interface;
  memory->keep = out.i > 0 ? Py_NewRef(call.objects[out.i - 1]) : nullptr;
  memory->release_array = self->release_array;
  memory->owner = out.i > 0 ? nullptr : out.owner;
  memory->weakrefs = nullptr;
  if (out.i == 0) out.owner = nullptr;  // this object frees it now, not opsynth_release
#ifdef OPSYNTH_FASTCALL_NUMPY
  if (direct) return numpy_array_over(out, data, readonly, reinterpret_cast<PyObject*>(memory));
#endif
  PyObject* array = PyObject_CallOneArg(self->asarray, reinterpret_cast<PyObject*>(memory));
  Py_DECREF(memory);
  return array;
}

// CPython's cached small ints (-5..256), taken once at import: an int result in that range is one of
// them anyway, and a read here instead of a call to PyLong_FromLongLong was a tenth of returning a list
// of 10,000 ids.
PyObject* small_ints[262];

PyObject* int_object(long long v) {
  if (v >= -5 && v <= 256) return Py_NewRef(small_ints[v + 5]);
  return PyLong_FromLongLong(v);
}

// A new str of the library's (generalized) UTF-8: ASCII text (most of it) straight into a compact str,
// the rest decoded with surrogatepass, as the ctypes path decodes it.
PyObject* new_str(const char* text, std::int64_t len) {
  if (len < 0 || (len > 0 && text == nullptr)) {
    PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed str");
    return nullptr;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(text);
  bool ascii = true;
  for (std::int64_t b = 0; b < len && ascii; ++b) ascii = bytes[b] < 0x80;
  if (!ascii) return PyUnicode_DecodeUTF8(text, static_cast<Py_ssize_t>(len), "surrogatepass");
  PyObject* value = PyUnicode_New(static_cast<Py_ssize_t>(len), 127);
  if (value != nullptr && len > 0) std::memcpy(PyUnicode_1BYTE_DATA(value), text, static_cast<std::size_t>(len));
  return value;
}

PyObject* decode(const Entry* self, const opsynth_value& out) {
  switch (out.kind) {
    case OPSYNTH_NONE: Py_RETURN_NONE;
    case OPSYNTH_BOOL: return PyBool_FromLong(out.i != 0);
    case OPSYNTH_INT: return int_object(out.i);
    case OPSYNTH_FLOAT: return PyFloat_FromDouble(out.f[0]);
    case OPSYNTH_COMPLEX: return PyComplex_FromDoubles(out.f[0], out.f[1]);
    case OPSYNTH_STR: return new_str(out.str, out.len);
    case OPSYNTH_NPSCALAR: {
      if (out.dtype < 0 || out.dtype >= PyTuple_GET_SIZE(self->np_scalars)) break;
      PyObject* cls = PyTuple_GET_ITEM(self->np_scalars, out.dtype);
      PyObject* plain = nullptr;
      switch (out.dtype) {
        case OPSYNTH_DT_BOOL: plain = PyBool_FromLong(out.i != 0); break;
        case OPSYNTH_DT_INT32:
        case OPSYNTH_DT_INT64:
        case OPSYNTH_DT_UINT8:
        case OPSYNTH_DT_INT8:
        case OPSYNTH_DT_INT16:
        case OPSYNTH_DT_UINT16:
        case OPSYNTH_DT_UINT32: plain = PyLong_FromLongLong(out.i); break;
        case OPSYNTH_DT_UINT64: plain = PyLong_FromUnsignedLongLong(static_cast<std::uint64_t>(out.i)); break;
        case OPSYNTH_DT_COMPLEX128:
        case OPSYNTH_DT_COMPLEX64: plain = PyComplex_FromDoubles(out.f[0], out.f[1]); break;
        default: plain = PyFloat_FromDouble(out.f[0]); break;
      }
      if (plain == nullptr) return nullptr;
      PyObject* scalar = PyObject_CallOneArg(cls, plain);
      Py_DECREF(plain);
      return scalar;
    }
    default: break;
  }
  PyErr_Format(PyExc_RuntimeError, "the library returned a node of kind %d where the manifest promised a scalar",
               static_cast<int>(out.kind));
  return nullptr;
}

// Whether writing `fresh` over `old` would change nothing a caller could see (abi.py's _equal): the same
// object, or == says so (an == that raises: not equal).
bool equal(PyObject* old, PyObject* fresh) {
  const int eq = PyObject_RichCompareBool(old, fresh, Py_EQ);  // identity first, as `is`
  if (eq < 0) PyErr_Clear();
  return eq == 1;
}

// Whether a scalar or str node holds a value == `old` (1) or != (0), told without making the Python
// object, for the exact types whose == is plain (int and bool by value, float by C ==, str by its UTF-8);
// -1: decode the node and ask ==. Write-back keeps an old element equal to its new value, so an untouched
// one costs no new object.
int same_value(PyObject* old, const opsynth_value& node) {
  switch (node.kind) {
    case OPSYNTH_INT:
    case OPSYNTH_BOOL: {
      if (!PyLong_CheckExact(old) && !PyBool_Check(old)) return -1;
      long long v = 0;
      if (!int64_value(old, v)) return 0;  // beyond int64: no node value equals it
      return v == (node.kind == OPSYNTH_BOOL ? (node.i != 0 ? 1 : 0) : node.i) ? 1 : 0;
    }
    case OPSYNTH_FLOAT:
      if (!PyFloat_CheckExact(old)) return -1;
      return PyFloat_AS_DOUBLE(old) == node.f[0] ? 1 : 0;  // nan != nan, -0.0 == 0.0, as in Python
    case OPSYNTH_STR: {
      if (!PyUnicode_CheckExact(old) || node.len == OPSYNTH_LEN_NAMES_INPUT) return -1;  // named: decoded
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(old, &size);
      if (utf8 == nullptr) {
        PyErr_Clear();
        return -1;
      }
      const bool same =
          size == node.len && (size == 0 || std::memcmp(utf8, node.str, static_cast<std::size_t>(size)) == 0);
      return same ? 1 : 0;
    }
    default:
      return -1;
  }
}

// Whether a result's str view is one (text, or the name of an input); false with RuntimeError set.
bool well_formed_view(const opsynth_str_view& view) {
  if ((view.len < 0 && view.len != OPSYNTH_LEN_NAMES_INPUT) || (view.len != 0 && view.ptr == nullptr)) {
    PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed str view");
    return false;
  }
  return true;
}

// Element k of a packed LIST node as a scalar node (BOOL, INT, FLOAT, or STR for views); false with
// RuntimeError set for a dtype a packed list cannot have.
bool packed_item(const opsynth_value& out, std::int64_t k, opsynth_value& item) {
  const auto* bytes = static_cast<const unsigned char*>(out.data);
  std::memset(&item, 0, sizeof item);
  switch (out.dtype) {
    case OPSYNTH_DT_BOOL:
      item.kind = OPSYNTH_BOOL;
      item.i = bytes[k] != 0 ? 1 : 0;
      return true;
    case OPSYNTH_DT_INT64:
      item.kind = OPSYNTH_INT;
      std::memcpy(&item.i, bytes + 8 * k, 8);  // no alignment assumed
      return true;
    case OPSYNTH_DT_FLOAT64:
      item.kind = OPSYNTH_FLOAT;
      std::memcpy(&item.f[0], bytes + 8 * k, 8);
      return true;
    case OPSYNTH_DT_STR_VIEW: {
      opsynth_str_view view;
      std::memcpy(&view, bytes + sizeof view * k, sizeof view);
      if (!well_formed_view(view)) return false;
      item.kind = OPSYNTH_STR;
      item.str = view.ptr;
      item.len = view.len;
      return true;
    }
    default:
      PyErr_Format(PyExc_RuntimeError, "a packed list of unknown dtype %d", static_cast<int>(out.dtype));
      return false;
  }
}

// Str objects for a call's results, taken where CPython's own function would have taken them: from the
// call's input strs (a filter, a dedupe, a grouping, a sort or a reversal of words returns those very
// objects). An input str whose UTF-8 is the result's bytes is that str (strs are immutable; only `is`
// could tell); else a new one is made. Making them was most of returning 100,000 input words (a reversed
// list: 13 ms against CPython's 0.2 ms, the new objects' pages faulted in and unmapped on every call).
// The first few results are made new: a short result (a dedupe of 100,000 words to 50) never looks. Then
// a cursor follows the inputs in the order the results take them (forwards or backwards, skipping a few:
// a map, a filter, a reversal); where it loses them, an index of every so many inputs by content finds
// the next one indexed, and the cursor goes on from there. Results in another order (a grouping, a sort)
// or of new text (tokens, joins) stop looking after a trial: for those a full index cost more than the
// strs it saved (random reads of the inputs and of their reference counts, where new strs are made in
// order). Probes are bounded: keys built to collide only make new strs.
class ReusedStrs {
 public:
  ReusedStrs(const CallState& call, PyObject* const* args, std::size_t nargs)
      : call_(call), args_(args), nargs_(nargs) {}
  ReusedStrs(const ReusedStrs&) = delete;
  ReusedStrs& operator=(const ReusedStrs&) = delete;
  ~ReusedStrs() {
    scratch_words.give(std::move(sources_memory_));
    scratch_words.give(std::move(index_memory_));
  }

  // The object of an input str the library names, asked into cache before its reference is taken.
  void prefetch(const opsynth_str_view& view) const {
    if (view.len != OPSYNTH_LEN_NAMES_INPUT) return;
    if (PyObject* const* slot = named_slot(view.ptr)) __builtin_prefetch(*slot, 1);
  }

  PyObject* get(const char* text, std::int64_t len) {
    if (len == OPSYNTH_LEN_NAMES_INPUT) return named(text);
    if (state_ == kOff || len < 0 || (len > 0 && text == nullptr)) return new_str(text, len);
    if (state_ == kWaiting) {
      if (++made_ < kFrom) return new_str(text, len);
      state_ = gather() ? kOn : kOff;
      if (state_ == kOff) return new_str(text, len);
      build_index();
    }
    ++tried_;
    const auto size = static_cast<std::size_t>(len);
    if (PyObject* found = along_cursor(text, size)) return found;
    // The first result looked up, and one after a run of hits, is looked for further ahead, in order:
    // with repeated words (a word in 5 places of 100,000) the index finds some equal input, often not the
    // one the results have reached, and the cursor lost its place again at once (a filter of such words
    // reused 72 of 51,054 inputs). New text never has a run of hits, so it reads no further.
    if (!anchored_ || last_was_hit_) {
      const std::ptrdiff_t from = anchored_ ? next_ + kAhead : 0, span = anchored_ ? kFarAhead : kAnchorScan;
      anchored_ = true;
      if (PyObject* found = scan_ahead(text, size, from, span)) return found;
    }
    last_was_hit_ = false;
    const std::uint64_t h = hash(text, size);
    for (std::size_t probe = 0, at = h & mask_; probe < kMaxProbe; ++probe, at = (at + 1) & mask_) {
      const Slot slot = index_[at];
      if (slot.tag == 0) break;
      if (slot.tag == tag_of(h) && same(slot.at, text, size)) return hit(slot.at, false);
    }
    if (tried_ >= kTrial && hits_ * 4 < tried_) state_ = kOff;  // another order, or new text
    return new_str(text, len);
  }

 private:
  // The input str a result names (rt/abi.hpp): `view` is the address of its view in one of the call's
  // columns of strs. Checked to be one, so a library's slip is an error, not a read of stray memory.
  PyObject* named(const char* view) {
    if (PyObject* const* slot = named_slot(view)) return Py_NewRef(*slot);
    PyErr_SetString(PyExc_RuntimeError, "the library named a str that is not one of the call's inputs");
    return nullptr;
  }

  // Where the call holds the input whose view is at `view`, or null when it is none of them.
  PyObject* const* named_slot(const char* view) const {
    const auto at = reinterpret_cast<std::uintptr_t>(view);
    const std::vector<CallState::HeldStrs>& columns = call_.held_items;
    for (std::size_t tried = 0; tried < columns.size(); ++tried, named_column_ = (named_column_ + 1) % columns.size()) {
      const CallState::HeldStrs& c = columns[named_column_];
      const auto first = reinterpret_cast<std::uintptr_t>(c.views);
      if (at < first || at >= first + c.count * sizeof(opsynth_str_view)) continue;
      if ((at - first) % sizeof(opsynth_str_view) != 0) break;
      return &c.items[(at - first) / sizeof(opsynth_str_view)];
    }
    return nullptr;
  }

  static constexpr std::int64_t kFrom = 64;  // results that are made new before looking
  static constexpr std::int64_t kTrial = 256;
  static constexpr std::ptrdiff_t kAhead = 16, kBehind = 1;  // a filter skips runs of inputs
  static constexpr std::ptrdiff_t kFarAhead = 240, kAnchorScan = 1024;
  static constexpr std::size_t kIndexed = 4096;  // at most this many inputs indexed (64 KiB)
  static constexpr std::size_t kMaxProbe = 16;
  static constexpr std::size_t kMaxSources = std::size_t{1} << 24;
  enum State { kWaiting, kOn, kOff };
  struct Slot {
    std::uint32_t tag;  // the hash's top bits, never 0; 0: free
    std::uint32_t at;   // in sources_
  };

  // The input strs: top-level str arguments, then those the call holds until it ends (strs met inside
  // dicts, tuples and nested lists, then the items of the lists and columns of strs it passed as views).
  // The held ones are exact strs whose UTF-8 the call read, so they are copied without being read again.
  // (The array is the thread's scratch memory: 100,000 inputs otherwise fault in fresh pages per call.)
  bool gather() {
    std::size_t most = nargs_ + call_.held.size();
    for (const CallState::HeldStrs& h : call_.held_items) most += h.count;
    if (most == 0 || most > kMaxSources) return false;
    sources_memory_ = scratch_words.take(most);
    sources_ = reinterpret_cast<PyObject**>(sources_memory_.second.get());
    auto add = [&](PyObject* s) {
      if (PyUnicode_CheckExact(s) && cached_utf8(s).data() != nullptr)
        sources_[n_++] = s;
    };
    for (std::size_t k = 0; k < nargs_; ++k) add(args_[k]);
    std::memcpy(sources_ + n_, call_.held.data(), call_.held.size() * sizeof(PyObject*));
    n_ += call_.held.size();
    viewed_from_ = n_;
    for (const CallState::HeldStrs& h : call_.held_items) {
      std::memcpy(sources_ + n_, h.items, h.count * sizeof(PyObject*));
      columns_.push_back({n_, h.views});
      n_ += h.count;
    }
    column_ = columns_.empty() ? nullptr : columns_.data();
    return n_ > 0;
  }

  // Input `at`'s UTF-8: from its column's view where it was passed as one (no read of the object, which
  // lies anywhere in memory: the cursor's looks at inputs a result is not were a third of a filter's
  // time), else from the object (no data: a str whose UTF-8 is not at hand).
  std::string_view text_of(std::size_t at) {
    if (at < viewed_from_) return cached_utf8(sources_[at]);
    if (at < column_->first || (column_ + 1 != columns_.data() + columns_.size() && at >= column_[1].first)) {
      column_ = std::upper_bound(columns_.data(), columns_.data() + columns_.size(), at,
                                 [](std::size_t a, const ViewedColumn& c) { return a < c.first; }) - 1;
    }
    const opsynth_str_view& v = column_->views[at - column_->first];
    return {v.ptr, static_cast<std::size_t>(v.len)};
  }

  bool same(std::size_t at, const char* text, std::size_t size) {
    const std::string_view utf8 = text_of(at);
    return utf8.data() != nullptr && utf8.size() == size && (size == 0 || equal_text(utf8.data(), text, size));
  }

  // Whether n bytes are equal: a word or two for short texts, without a call.
  static bool equal_text(const char* p, const char* q, std::size_t n) {
    auto word = [](const char* at) {
      std::uint64_t w;
      std::memcpy(&w, at, 8);
      return w;
    };
    if (n >= 8 && n <= 16) return ((word(p) ^ word(q)) | (word(p + n - 8) ^ word(q + n - 8))) == 0;
    if (n < 8) {
      for (std::size_t k = 0; k < n; ++k)
        if (p[k] != q[k]) return false;
      return true;
    }
    return std::memcmp(p, q, n) == 0;
  }

  // Only the cursor's finds count for the trial: when the index finds most, the results take the inputs
  // in another order, and reading them where they lie cost more than making new strs in order.
  PyObject* hit(std::size_t at, bool by_cursor = true) {
    direction_ = static_cast<std::ptrdiff_t>(at) >= next_ - direction_ ? 1 : -1;
    if (static_cast<std::ptrdiff_t>(at) == last_) direction_ = 1;
    last_ = static_cast<std::ptrdiff_t>(at);
    next_ = last_ + direction_;
    hits_ += by_cursor;
    last_was_hit_ = by_cursor;
    return Py_NewRef(sources_[at]);
  }

  // The first input at or after `from` (forwards) whose text is the result's, within `span` inputs.
  PyObject* scan_ahead(const char* text, std::size_t size, std::ptrdiff_t from, std::ptrdiff_t span) {
    if (direction_ != 1) return nullptr;
    const auto n = static_cast<std::ptrdiff_t>(n_);
    for (std::ptrdiff_t at = std::max<std::ptrdiff_t>(from, 0); at < n && at < from + span; ++at)
      if (same(static_cast<std::size_t>(at), text, size)) return hit(static_cast<std::size_t>(at));
    return nullptr;
  }

  // The input the cursor expects, then a few past it in its direction and a couple behind.
  PyObject* along_cursor(const char* text, std::size_t size) {
    const auto n = static_cast<std::ptrdiff_t>(n_);
    for (std::ptrdiff_t step = 0; step < kAhead; ++step) {
      const std::ptrdiff_t at = next_ + step * direction_;
      if (at < 0 || at >= n) break;
      if (same(static_cast<std::size_t>(at), text, size)) return hit(static_cast<std::size_t>(at));
    }
    for (std::ptrdiff_t step = 1; step <= kBehind; ++step) {
      const std::ptrdiff_t at = next_ - step * direction_;
      if (at >= 0 && at < n && same(static_cast<std::size_t>(at), text, size)) return hit(static_cast<std::size_t>(at));
    }
    return nullptr;
  }

  // A hash of the bytes: two overlapping words for short text, then a word at a time.
  static std::uint64_t hash(const char* p, std::size_t n) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = n * kMul;
    auto mix = [&](std::uint64_t w) {
      __extension__ const unsigned __int128 m = static_cast<unsigned __int128>(h ^ w) * kMul;
      h = static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
    };
    auto word = [](const char* q) {
      std::uint64_t w;
      std::memcpy(&w, q, 8);
      return w;
    };
    if (n >= 8) {
      for (std::size_t at = 0; at + 8 < n; at += 8) mix(word(p + at));
      mix(word(p + n - 8));
    } else {
      std::uint64_t w = 0;
      for (std::size_t k = 0; k < n; ++k) w |= std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
      mix(w);
    }
    return h;
  }
  static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32) | 1; }

  // Every stride-th input by content (8 bytes a slot, at most half full): a lost cursor finds its place
  // again within a stride of results.
  void build_index() {
    const std::size_t stride = std::max<std::size_t>(1, (n_ + kIndexed - 1) / kIndexed);
    std::size_t slots = 16;
    while (slots < 2 * (n_ / stride + 1)) slots *= 2;
    static_assert(sizeof(Slot) == 8, "a slot is a scratch word");
    index_memory_ = scratch_words.take(slots);
    index_ = reinterpret_cast<Slot*>(index_memory_.second.get());
    std::fill_n(index_, slots, Slot{0, 0});
    mask_ = slots - 1;
    for (std::size_t k = 0; k < n_; k += stride) {
      const std::string_view utf8 = text_of(k);
      if (utf8.data() == nullptr) continue;
      const std::uint64_t h = hash(utf8.data(), utf8.size());
      for (std::size_t probe = 0, at = h & mask_; probe < kMaxProbe; ++probe, at = (at + 1) & mask_) {
        Slot& slot = index_[at];
        if (slot.tag == 0) {
          slot = {tag_of(h), static_cast<std::uint32_t>(k)};
          break;
        }
        if (slot.tag == tag_of(h) && same(slot.at, utf8.data(), utf8.size())) break;  // indexed already
      }
    }
  }

  const CallState& call_;
  PyObject* const* args_;
  std::size_t nargs_;
  State state_ = kWaiting;
  std::int64_t made_ = 0, tried_ = 0, hits_ = 0;
  ScratchWords::buffer sources_memory_, index_memory_;
  PyObject** sources_ = nullptr;  // n_ of them, borrowed: the call holds them
  std::size_t n_ = 0;
  std::ptrdiff_t next_ = 0, last_ = -1, direction_ = 1;
  bool anchored_ = false, last_was_hit_ = false;
  // Inputs from viewed_from_ on are the columns' items, each column's from `first` on.
  struct ViewedColumn {
    std::size_t first;
    const opsynth_str_view* views;
  };
  std::vector<ViewedColumn> columns_;
  const ViewedColumn* column_ = nullptr;  // the last one looked at
  mutable std::size_t named_column_ = 0;  // the column of the last named str
  std::size_t viewed_from_ = 0;
  Slot* index_ = nullptr;
  std::size_t mask_ = 0;
};

// A result or args_after node back into Python: arrays, tuples, lists and dicts here, scalars and str by
// decode(). The nodes' input arrays and objects are `call`'s.
struct Decoder {
  const Entry* self;
  const opsynth_value* in;
  std::size_t n;
  PyObject* const* args;
  CallState& call;
  ReusedStrs strs{call, args, n};

  PyObject* operator()(opsynth_value& out) {
    switch (out.kind) {
      case OPSYNTH_NDARRAY:
        if (self->asarray == nullptr) break;
        return decode_array(self, out, in, n, args, call);
      case OPSYNTH_TUPLE: {
        if (!well_formed(out, "tuple")) return nullptr;
        PyObject* items = item_list(out);
        PyObject* tuple = items != nullptr ? PyList_AsTuple(items) : nullptr;
        Py_XDECREF(items);
        return tuple;
      }
      case OPSYNTH_LIST:
        return list(out);
      case OPSYNTH_DICT:
        return dict(out);
      case OPSYNTH_STR:
        return strs.get(out.str, out.len);
      default:
        break;
    }
    return decode(self, out);
  }

  // Item k of a LIST, TUPLE or DICT node (packed or not), decoded.
  PyObject* item(opsynth_value& out, std::int64_t k) {
    if (out.data == nullptr) return (*this)(out.items[k]);
    opsynth_value scalar;
    return packed_item(out, k, scalar) ? decode(self, scalar) : nullptr;
  }

  // A node's items decoded, in a new list.
  PyObject* item_list(opsynth_value& out) {
    if (out.data != nullptr) return packed_list(out);
    PyObject* values = PyList_New(static_cast<Py_ssize_t>(out.len));
    for (std::int64_t k = 0; values != nullptr && k < out.len; ++k) {
      PyObject* value = item(out, k);
      if (value == nullptr) {
        Py_CLEAR(values);
      } else {
        PyList_SET_ITEM(values, static_cast<Py_ssize_t>(k), value);
      }
    }
    return values;
  }

  // Int objects made for the result's packed lists, by value (direct-mapped), shared by every list of
  // the call: a repeated value beyond CPython's small-int cache shares the object made for it, as the
  // ints CPython's own function puts in its lists (taken from a variable, a dict or another list) are
  // shared, instead of allocating again. A list of 10,000 ids out of 2,000 made 10,000 objects, and 30
  // lists of the same 40 ints 1,200. Ints are immutable, so only `is` could tell. The table holds a reference to each object in it, released with the decoder:
  // a list decoded earlier may be dropped before a later one is made (an argument that did not change,
  // an error). It is the decoder's own, not a thread's: Python code (an `==` of an update) may run
  // between two lists and call another compiled function on this thread.
  class SharedInts {
   public:
    SharedInts() = default;
    SharedInts(const SharedInts&) = delete;
    SharedInts& operator=(const SharedInts&) = delete;
    ~SharedInts() {
      if (slots_ == nullptr) return;
      for (std::size_t k = 0; k < kSlots; ++k) Py_XDECREF(slots_[k].object);
    }
    PyObject* get(long long v) {
      if (v >= -5 && v <= 256) return int_object(v);                   // CPython's cached ints
      if (!on_ || ++seen_ <= kFrom) return PyLong_FromLongLong(v);  // a short result does not pay for the table
      if (slots_ == nullptr) slots_ = std::make_unique<Slot[]>(kSlots);
      Slot& s = slots_[(static_cast<unsigned long long>(v) * 0x9E3779B97F4A7C15ull) >> (64 - kBits)];
      if (s.object != nullptr && s.value == v) {
        ++hits_;
        return Py_NewRef(s.object);
      }
      // Mostly distinct values (running sums, sorted keys) only pay for the table: after a trial, a
      // result that found fewer than one repeat in four goes on without it.
      if (++tried_ == kTrial && hits_ * 4 < kTrial) on_ = false;
      PyObject* made = PyLong_FromLongLong(v);
      if (made != nullptr) {
        Py_XSETREF(s.object, Py_NewRef(made));
        s.value = v;
      }
      return made;
    }

   private:
    static constexpr Py_ssize_t kFrom = 256;  // ints made before the table is used
    static constexpr Py_ssize_t kTrial = 512;
    static constexpr int kBits = 11;
    static constexpr std::size_t kSlots = std::size_t{1} << kBits;  // 32 KiB
    struct Slot {
      long long value = 0;
      PyObject* object = nullptr;
    };
    bool on_ = true;
    std::unique_ptr<Slot[]> slots_;
    Py_ssize_t seen_ = 0, tried_ = 0, hits_ = 0;
  };
  SharedInts ints{};

  // Float objects for one long result list, taken where CPython's own function would have taken them:
  // from the input list whose values the result keeps in order (a filter, a forward fill, a clamp put
  // those very objects in their lists), found by a cursor over it, or from a few objects this list met
  // last, by value (a clamp's bounds, a fill's last value). Only an exact float with the same bits is
  // reused (floats are immutable, so only `is` could tell). Results of new values (running sums) only
  // pay for a trial.
  class ReusedFloats {
   public:
    ReusedFloats(const CallState& call, Py_ssize_t n) : on_(n >= kFrom) {
      if (!on_) return;
      for (PyObject* o : call.objects) {  // the longest input list of floats
        if (PyList_CheckExact(o) && PyList_GET_SIZE(o) > source_n_ && PyFloat_CheckExact(PyList_GET_ITEM(o, 0))) {
          source_ = reinterpret_cast<PyListObject*>(o)->ob_item;
          source_n_ = PyList_GET_SIZE(o);
        }
      }
    }
    PyObject* get(double d) {
      if (!on_) return PyFloat_FromDouble(d);
      const std::uint64_t bits = std::bit_cast<std::uint64_t>(d);
      ++tried_;
      // The input item at the cursor (a map, a fill), then the few objects of this list last met by
      // value (a clamp's bounds, a fill's last value), then items ahead (a filter skips some) and just
      // behind (an equal value ahead had been taken for this one's, and the cursor ran ahead).
      if (at_ < source_n_ && same_float(source_[at_], bits)) return found(at_, bits);
      Recent& recent = recent_for(bits);
      if (recent.object != nullptr && recent.bits == bits) {
        ++at_;  // this element stands for the next input one
        return hit(recent.object);
      }
      const Py_ssize_t to = std::min(at_ + kAhead, source_n_);
      for (Py_ssize_t j = at_ + 1; j < to; ++j)
        if (same_float(source_[j], bits)) return found(j, bits);
      for (Py_ssize_t j = std::max<Py_ssize_t>(at_ - kBehind, 0); j < at_ && j < source_n_; ++j)
        if (same_float(source_[j], bits)) return found(j, bits);
      ++at_;
      if (tried_ >= kTrial && hits_ * 4 < tried_) on_ = false;  // new values (running sums): stop looking
      PyObject* made = PyFloat_FromDouble(d);
      if (made != nullptr) recent = {bits, made};
      return made;
    }

   private:
    static constexpr Py_ssize_t kFrom = 64;  // shorter lists do not pay for the search
    static constexpr Py_ssize_t kTrial = 256;
    static constexpr Py_ssize_t kAhead = 16, kBehind = 4;  // each look is a read of another object
    static constexpr int kRecentBits = 3;
    struct Recent {
      std::uint64_t bits;
      PyObject* object;  // borrowed: the list being built holds it
    };
    static bool same_float(PyObject* x, std::uint64_t bits) {
      return PyFloat_CheckExact(x) && std::bit_cast<std::uint64_t>(PyFloat_AS_DOUBLE(x)) == bits;
    }
    Recent& recent_for(std::uint64_t bits) { return recent_[(bits * 0x9E3779B97F4A7C15ull) >> (64 - kRecentBits)]; }
    PyObject* found(Py_ssize_t j, std::uint64_t bits) {
      at_ = j + 1;
      recent_for(bits) = {bits, source_[j]};
      return hit(source_[j]);
    }
    PyObject* hit(PyObject* x) {
      ++hits_;
      return Py_NewRef(x);
    }
    bool on_;
    PyObject** source_ = nullptr;
    Py_ssize_t source_n_ = 0, at_ = 0, tried_ = 0, hits_ = 0;
    Recent recent_[1 << kRecentBits] = {};
  };

  // A packed list straight from its buffer, each element made as decode() makes its scalar node.
  PyObject* packed_list(const opsynth_value& out) {
    const auto n = static_cast<Py_ssize_t>(out.len);
    const auto* bytes = static_cast<const unsigned char*>(out.data);
    if (out.dtype == OPSYNTH_DT_STR_VIEW) return packed_strs(out);
    if (out.dtype != OPSYNTH_DT_BOOL && out.dtype != OPSYNTH_DT_INT64 && out.dtype != OPSYNTH_DT_FLOAT64) {
      PyErr_Format(PyExc_RuntimeError, "a packed list of unknown dtype %d", static_cast<int>(out.dtype));
      return nullptr;
    }
    PyObject* values = PyList_New(n);
    ReusedFloats floats(call, out.dtype == OPSYNTH_DT_FLOAT64 ? n : 0);
    for (Py_ssize_t k = 0; values != nullptr && k < n; ++k) {
      PyObject* value = nullptr;
      if (out.dtype == OPSYNTH_DT_BOOL) {
        value = PyBool_FromLong(bytes[k] != 0);
      } else if (out.dtype == OPSYNTH_DT_INT64) {
        long long i;
        std::memcpy(&i, bytes + 8 * k, 8);  // no alignment assumed
        value = ints.get(i);
      } else {
        double d;
        std::memcpy(&d, bytes + 8 * k, 8);
        value = floats.get(d);
      }
      if (value == nullptr) {
        Py_CLEAR(values);
      } else {
        PyList_SET_ITEM(values, k, value);
      }
    }
    return values;
  }

  // The str of view k of a packed column, as strs.get() takes it: read in place, without a scalar node
  // made (and zeroed) per str.
  PyObject* str_at(const opsynth_value& column, std::int64_t k) {
    const opsynth_str_view view = view_at(column, k);
    return well_formed_view(view) ? strs.get(view.ptr, view.len) : nullptr;
  }
  // View k of a packed column of strs (no alignment assumed).
  static opsynth_str_view view_at(const opsynth_value& column, std::int64_t k) {
    opsynth_str_view view;
    std::memcpy(&view, static_cast<const unsigned char*>(column.data) + sizeof view * k, sizeof view);
    return view;
  }

  static constexpr Py_ssize_t kStrsAhead = 8;  // named strs asked for this far ahead

  // A list packed as str views, each str taken as strs.get() takes it.
  PyObject* packed_strs(const opsynth_value& out) {
    const auto n = static_cast<Py_ssize_t>(out.len);
    PyObject* values = PyList_New(n);
    // Inputs named back are increfed, in the result's order, which is not the order the caller made them
    // in (an inverted mapping groups them): their objects are asked for a few strs ahead of the one taken.
    for (Py_ssize_t k = 0; k < std::min<Py_ssize_t>(n, kStrsAhead); ++k) strs.prefetch(view_at(out, k));
    for (Py_ssize_t k = 0; values != nullptr && k < n; ++k) {
      if (k + kStrsAhead < n) strs.prefetch(view_at(out, k + kStrsAhead));
      PyObject* value = str_at(out, k);
      if (value == nullptr) {
        Py_CLEAR(values);
      } else {
        PyList_SET_ITEM(values, k, value);
      }
    }
    return values;
  }

  // What the caller's `old` element becomes for `node`: old itself when equal (abi.py's _equal), else the
  // decoded node; a new reference, or null with an error set.
  PyObject* kept_or_new(PyObject* old, opsynth_value& node) {
    const int same = old != nullptr ? same_value(old, node) : 0;
    if (same == 1) return Py_NewRef(old);
    PyObject* fresh = (*this)(node);
    if (fresh != nullptr && same < 0 && equal(old, fresh)) {
      Py_DECREF(fresh);
      return Py_NewRef(old);
    }
    return fresh;
  }

  static bool well_formed(const opsynth_value& out, const char* what) {
    if (out.len >= 0 && (out.len == 0 || out.items != nullptr || out.data != nullptr)) return true;
    PyErr_Format(PyExc_RuntimeError, "the library returned a malformed %s node", what);
    return false;
  }

  // A node with an input id is that input object (abi.py's Call.decode): met before, it is returned as it
  // is; else it is marked before its items are decoded (an object inside itself ends there).
  PyObject* input_object(const opsynth_value& out, PyTypeObject* type, bool& done) {
    PyObject* target = call.input(out.i, type);
    if (target == nullptr) return nullptr;
    done = call.updated[static_cast<std::size_t>(out.i - 1)] != 0;
    call.updated[static_cast<std::size_t>(out.i - 1)] = 1;
    return target;
  }

  PyObject* list(opsynth_value& out) {
    if (!well_formed(out, "list")) return nullptr;
    if (out.i == 0) return item_list(out);
    bool done = false;
    PyObject* target = input_object(out, &PyList_Type, done);
    if (target == nullptr || done) return Py_XNewRef(target);
    return update_list(target, out) ? Py_NewRef(target) : nullptr;
  }

  // abi.py's Call._update_list: the caller's list takes the new state in place, keeping each old element
  // that equals its new value, and is not written at all when every element is kept.
  bool update_list(PyObject* target, opsynth_value& out) {
    const auto n_new = static_cast<Py_ssize_t>(out.len);
    PyObject* merged = PyList_New(n_new);
    if (merged == nullptr) return false;
    bool changed = PyList_GET_SIZE(target) != n_new;
    for (Py_ssize_t k = 0; k < n_new; ++k) {
      // == may run Python code: the size is read again each time
      PyObject* old = k < PyList_GET_SIZE(target) ? Py_NewRef(PyList_GET_ITEM(target, k)) : nullptr;
      PyObject* kept = nullptr;
      if (out.data != nullptr) {
        opsynth_value scalar;
        kept = packed_item(out, k, scalar) ? kept_or_new(old, scalar) : nullptr;
      } else {
        kept = kept_or_new(old, out.items[k]);
      }
      changed = changed || kept != old;
      Py_XDECREF(old);
      if (kept == nullptr) {
        Py_DECREF(merged);
        return false;
      }
      PyList_SET_ITEM(merged, k, kept);
    }
    const int rc = changed ? PyList_SetSlice(target, 0, PY_SSIZE_T_MAX, merged) : 0;
    Py_DECREF(merged);
    return rc == 0;
  }

  PyObject* dict(opsynth_value& out) {
    if (!well_formed(out, "dict") || out.len % 2 != 0 || (out.len > 0 && out.items == nullptr)) {
      if (!PyErr_Occurred())
        PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed dict node");
      return nullptr;
    }
    if (out.ndim == OPSYNTH_DICT_COLUMNS && out.i == 0) return dict_from_columns(out);
    if (out.i != 0) {
      bool done = false;
      PyObject* target = input_object(out, &PyDict_Type, done);
      if (target == nullptr || done) return Py_XNewRef(target);
      return update_dict(target, out) ? Py_NewRef(target) : nullptr;
    }
    // Items key0, value0, key1, value1, ... put straight in, into a dict sized for them.
    PyObject* result = _PyDict_NewPresized(static_cast<Py_ssize_t>(out.len / 2));
    for (std::int64_t k = 0; result != nullptr && k < out.len; k += 2) {
      PyObject* key = item(out, k);
      PyObject* value = key != nullptr ? item(out, k + 1) : nullptr;
      if (value == nullptr || PyDict_SetItem(result, key, value) < 0) Py_CLEAR(result);
      Py_XDECREF(key);
      Py_XDECREF(value);
    }
    return result;
  }

  // A new dict that came back as two packed columns (rt/abi.hpp, ABI 6): keys and values in order.
  PyObject* dict_from_columns(const opsynth_value& out) {
    const std::int64_t n = out.len / 2;
    const opsynth_value* c = out.items;
    auto column_ok = [n](const opsynth_value& col) {
      return col.kind == OPSYNTH_LIST && col.len == n && col.data != nullptr && col.items == nullptr;
    };
    if (n > 0 && (c == nullptr || !column_ok(c[0]) || !column_ok(c[1]))) {
      PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed dict node (columns)");
      return nullptr;
    }
    PyObject* result = _PyDict_NewPresized(static_cast<Py_ssize_t>(n));
    for (std::int64_t k = 0; result != nullptr && k < n; ++k) {
      PyObject* key = packed_value(c[0], k);
      PyObject* value = key != nullptr ? packed_value(c[1], k) : nullptr;
      if (value == nullptr || PyDict_SetItem(result, key, value) < 0) Py_CLEAR(result);
      Py_XDECREF(key);
      Py_XDECREF(value);
    }
    return result;
  }

  // Element k of a packed column as its Python value (strs as strs.get() takes them); new reference.
  PyObject* packed_value(const opsynth_value& column, std::int64_t k) {
    if (column.dtype == OPSYNTH_DT_STR_VIEW) return str_at(column, k);
    opsynth_value item;  // a bool, int or float: packed_item gives STR for str views only
    return packed_item(column, k, item) ? decode(self, item) : nullptr;
  }

  // The caller's key object equal to the key `node` decodes to, or the decoded key when it has none
  // (abi.py: keys = {k: k for k in target}); `own_keys` is that dict, built on first use. New reference.
  PyObject* own_key(PyObject* target, opsynth_value& node, PyObject*& own_keys) {
    PyObject* key = (*this)(node);
    if (key == nullptr) return nullptr;
    if (own_keys == nullptr) {
      own_keys = PyDict_New();
      Py_ssize_t p = 0;
      PyObject *tk = nullptr, *tv = nullptr;
      while (own_keys != nullptr && PyDict_Next(target, &p, &tk, &tv))
        if (PyDict_SetItem(own_keys, tk, tk) < 0) Py_CLEAR(own_keys);
      if (own_keys == nullptr) {
        Py_DECREF(key);
        return nullptr;
      }
    }
    PyObject* own = PyDict_GetItemWithError(own_keys, key);
    if (own == nullptr && PyErr_Occurred()) {
      Py_DECREF(key);
      return nullptr;
    }
    if (own == nullptr) return key;
    Py_DECREF(key);
    return Py_NewRef(own);
  }

  // abi.py's Call._update_dict: the caller's dict takes the new state in place, in the new order, keeping
  // its own key objects and each old value that equals its new one; it is rebuilt only when that differs
  // from what it holds (a key, a value or the order). While the keys come in the dict's own order each is
  // matched with the entry in its place, without a lookup.
  bool update_dict(PyObject* target, opsynth_value& out) {
    const auto n_new = static_cast<Py_ssize_t>(out.len / 2);
    PyObject* merged = PyList_New(2 * n_new);
    if (merged == nullptr) return false;
    PyObject* own_keys = nullptr;
    Py_ssize_t position = 0;
    bool in_order = true, ok = true;
    for (Py_ssize_t k = 0; ok && k < n_new; ++k) {
      opsynth_value& key_node = out.items[2 * k];
      PyObject *own = nullptr, *old = nullptr;  // strong when set
      PyObject *target_key = nullptr, *target_value = nullptr;
      if (in_order && PyDict_Next(target, &position, &target_key, &target_value)) {
        Py_INCREF(target_key);  // == may run Python code
        Py_INCREF(target_value);
        int same = same_value(target_key, key_node);
        if (same < 0) {  // a key of another kind (a tuple): decoded and compared
          PyObject* key = (*this)(key_node);
          same = key != nullptr && equal(target_key, key) ? 1 : 0;
          Py_XDECREF(key);
        }
        if (same == 1) {  // the same entry: dict keys are unique
          own = target_key;
          old = target_value;
        } else {
          Py_DECREF(target_key);
          Py_DECREF(target_value);
        }
      }
      if (own == nullptr && PyErr_Occurred()) {
        ok = false;
        break;
      }
      if (own == nullptr) {
        in_order = false;
        own = own_key(target, key_node, own_keys);
        if (own == nullptr) {
          ok = false;
          break;
        }
        old = PyDict_GetItemWithError(target, own);
        if (old == nullptr && PyErr_Occurred()) {
          Py_DECREF(own);
          ok = false;
          break;
        }
        Py_XINCREF(old);
      }
      PyList_SET_ITEM(merged, 2 * k, own);
      PyObject* value = kept_or_new(old, out.items[2 * k + 1]);
      Py_XDECREF(old);
      if (value == nullptr) {
        ok = false;
        break;
      }
      PyList_SET_ITEM(merged, 2 * k + 1, value);
    }
    Py_XDECREF(own_keys);
    if (ok) {
      bool same = PyDict_GET_SIZE(target) == n_new;
      Py_ssize_t p = 0, k = 0;
      PyObject *tk = nullptr, *tv = nullptr;
      while (same && PyDict_Next(target, &p, &tk, &tv)) {
        same = tk == PyList_GET_ITEM(merged, 2 * k) && tv == PyList_GET_ITEM(merged, 2 * k + 1);
        ++k;
      }
      if (!same) {
        PyDict_Clear(target);
        for (Py_ssize_t j = 0; ok && j < n_new; ++j)
          ok =
              PyDict_SetItem(target, PyList_GET_ITEM(merged, 2 * j), PyList_GET_ITEM(merged, 2 * j + 1)) == 0;
      }
    }
    Py_DECREF(merged);
    return ok;
  }
};

// The exception the library raised, built by the loader's own abi._exception (one rule for both paths).
PyObject* raise_from(const Entry* self, const opsynth_value& out) {
  if (out.kind != OPSYNTH_EXCEPTION || out.str == nullptr) {
    PyErr_SetString(PyExc_RuntimeError, "the library failed without an exception node");
    return nullptr;
  }
  PyObject* name = PyUnicode_DecodeUTF8(out.str, static_cast<Py_ssize_t>(std::strlen(out.str)), "replace");
  PyObject* message = nullptr;
  if (out.items != nullptr && out.items[0].kind == OPSYNTH_STR)
    message = PyUnicode_DecodeUTF8(out.items[0].len > 0 ? out.items[0].str : "", out.items[0].len, "surrogatepass");
  else
    message = PyUnicode_FromString("");
  PyObject* exc = (name && message) ? PyObject_CallFunctionObjArgs(self->exception, name, message, nullptr) : nullptr;
  Py_XDECREF(name);
  Py_XDECREF(message);
  if (exc != nullptr) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc)), exc);
    Py_DECREF(exc);
  }
  return nullptr;
}

// The call's arguments in parameter order, keywords placed by name and left-out trailing parameters given
// their defaults (borrowed references into `args` and the defaults tuple); false when the call is not
// that simple (an unknown or repeated keyword, a missing argument): the fallback raises Python's error.
bool bind_arguments(const Entry* self, PyObject* const* args, std::size_t n, PyObject* kwnames, PyObject** slots) {
  const std::size_t m = self->params->size();
  const std::size_t keywords = kwnames != nullptr ? static_cast<std::size_t>(PyTuple_GET_SIZE(kwnames)) : 0;
  if (n > m || (keywords > 0 && self->names == nullptr)) return false;
  for (std::size_t k = 0; k < m; ++k) slots[k] = k < n ? args[k] : nullptr;
  for (std::size_t j = 0; j < keywords; ++j) {
    PyObject* key = PyTuple_GET_ITEM(kwnames, static_cast<Py_ssize_t>(j));
    std::size_t at = m;
    for (std::size_t k = 0; k < m && at == m; ++k) {
      PyObject* name = PyTuple_GET_ITEM(self->names, static_cast<Py_ssize_t>(k));
      if (name == key || PyUnicode_Compare(name, key) == 0) at = k;
    }
    if (PyErr_Occurred()) {
      PyErr_Clear();
      return false;
    }
    if (at == m || slots[at] != nullptr) return false;
    slots[at] = args[n + j];
  }
  const std::size_t first_default = m - (self->defaults != nullptr ? static_cast<std::size_t>(PyTuple_GET_SIZE(self->defaults)) : 0);
  for (std::size_t k = 0; k < m; ++k) {
    if (slots[k] != nullptr) continue;
    if (k < first_default) return false;
    slots[k] = PyTuple_GET_ITEM(self->defaults, static_cast<Py_ssize_t>(k - first_default));
  }
  return true;
}

PyObject* entry_vectorcall(PyObject* callable, PyObject* const* given, std::size_t nargsf, PyObject* kwnames) {
  auto* self = reinterpret_cast<Entry*>(callable);
  std::size_t n = PyVectorcall_NARGS(nargsf);
  PyObject* const* args = given;
  constexpr std::size_t kInline = 8;
  PyObject* bound_inline[kInline];
  std::vector<PyObject*> bound_heap;
  if ((kwnames != nullptr && PyTuple_GET_SIZE(kwnames) > 0) || n != self->params->size()) {
    // f(x) for f(x, k=3.0), f(x, k=2.0): as fast as every argument given by position.
    const std::size_t m = self->params->size();
    if (m > kInline) bound_heap.resize(m);
    PyObject** slots = m > kInline ? bound_heap.data() : bound_inline;
    if (!bind_arguments(self, given, n, kwnames, slots)) return PyObject_Vectorcall(self->fallback, given, nargsf, kwnames);
    args = slots;
    n = m;
  }
  opsynth_value inline_nodes[2 * kInline];
  std::vector<opsynth_value> heap_nodes;
  opsynth_value* in = inline_nodes;
  if (n > kInline) {
    heap_nodes.resize(2 * n);
    in = heap_nodes.data();
  }
  opsynth_value* after = in + (n > kInline ? n : kInline);
  CallState call;
  call.views.reserve(n);
  call.nameable_strs = self->str_names != 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::memset(&in[k], 0, sizeof(opsynth_value));
    std::memset(&after[k], 0, sizeof(opsynth_value));
    after[k].kind = OPSYNTH_UNSET;
    if (!encode(self, (*self->params)[k], args[k], false, in[k], call))
      return PyObject_Vectorcall(self->fallback, given, nargsf, kwnames);
  }
  opsynth_value out;
  std::memset(&out, 0, sizeof out);
  out.kind = OPSYNTH_UNSET;
  int rc = 0;
  Py_BEGIN_ALLOW_THREADS
  rc = self->entry(in, static_cast<std::int64_t>(n), &out, after);
  Py_END_ALLOW_THREADS
      // As abi.py's Call.finish: the lists and dicts written back first (also when the function raised:
      // Python keeps the mutations made before), then the result or the exception; every node released.
      Decoder decoder{self, in, n, args, call};
  bool written = true;
  for (std::size_t k = 0; k < n && written; ++k) {
    if (after[k].kind == OPSYNTH_UNSET) continue;
    PyObject* state = decoder(after[k]);
    written = state != nullptr;
    Py_XDECREF(state);
  }
  PyObject* result = !written ? nullptr : rc != 0 ? raise_from(self, out) : decoder(out);
  self->release(&out);
  for (std::size_t k = 0; k < n; ++k)
    if (after[k].kind != OPSYNTH_UNSET) self->release(&after[k]);
  return result;
}

void entry_dealloc(PyObject* object) {
  auto* self = reinterpret_cast<Entry*>(object);
  delete self->params;
  Py_XDECREF(self->fallback);
  Py_XDECREF(self->dict);
  Py_XDECREF(self->exception);
  Py_XDECREF(self->np_scalars);
  Py_XDECREF(self->ndarray);
  Py_XDECREF(self->asarray);
  Py_XDECREF(self->names);
  Py_XDECREF(self->defaults);
  Py_TYPE(object)->tp_free(object);
}

PyObject* entry_repr(PyObject* object) { return PyObject_Repr(reinterpret_cast<Entry*>(object)->fallback); }

// One parameter's code: (kind, dtype, ndim) or, for LIST, DICT and TUPLE, (kind, 0, 0, element codes).
bool parse_param(PyObject* code, Param& p) {
  PyObject* elements = nullptr;
  if (!PyArg_ParseTuple(code, "iii|O", &p.kind, &p.dtype, &p.ndim, &elements)) return false;
  if (elements == nullptr) return true;
  PyObject* seq = PySequence_Fast(elements, "Entry: element codes must be a sequence");
  if (seq == nullptr) return false;
  for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); ++k) {
    Param element{};
    if (!parse_param(PySequence_Fast_GET_ITEM(seq, k), element)) {
      Py_DECREF(seq);
      return false;
    }
    p.args.push_back(std::move(element));
  }
  Py_DECREF(seq);
  return true;
}

// Entry(entry_address, release_address, params, fallback, exception, np_scalars, ndarray
//       [, release_array_address, asarray, str_views, dict_columns, names, defaults, str_names])
//   params: a sequence of codes per parameter (parse_param), kinds as in rt/abi.hpp; with the library's
//   opsynth_release_array and numpy.asarray an ndarray result is taken too; with the parameters' names
//   and the trailing defaults, calls by keyword and calls that leave defaults out are taken too.
PyObject* entry_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  unsigned long long entry = 0, release = 0, release_array = 0;
  PyObject *params = nullptr, *fallback = nullptr, *exception = nullptr, *np_scalars = nullptr, *ndarray = nullptr;
  PyObject* asarray = nullptr;
  int str_views = 0, dict_columns = 0, str_names = 0;
  PyObject *param_names = nullptr, *defaults = nullptr;
  static const char* names[] = {"entry",     "release", "params", "fallback", "exception", "np_scalars", "ndarray",
                                "release_array", "asarray", "str_views", "dict_columns", "names", "defaults",
                                "str_names", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "KKOOOO!O|KOppO!O!p:Entry", const_cast<char**>(names), &entry,
                                   &release, &params, &fallback, &exception, &PyTuple_Type, &np_scalars, &ndarray,
                                   &release_array, &asarray, &str_views, &dict_columns, &PyTuple_Type, &param_names,
                                   &PyTuple_Type, &defaults, &str_names))
    return nullptr;
  if ((release_array == 0) != (asarray == nullptr || asarray == Py_None)) {
    PyErr_SetString(PyExc_ValueError, "Entry: release_array and asarray go together");
    return nullptr;
  }
  if (entry == 0 || release == 0) {
    PyErr_SetString(PyExc_ValueError, "Entry: null entry or release address");
    return nullptr;
  }
  auto parsed = new std::vector<Param>();
  PyObject* seq = PySequence_Fast(params, "Entry: params must be a sequence");
  if (seq == nullptr) {
    delete parsed;
    return nullptr;
  }
  for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); ++k) {
    Param p{};
    if (!parse_param(PySequence_Fast_GET_ITEM(seq, k), p)) {
      Py_DECREF(seq);
      delete parsed;
      return nullptr;
    }
    parsed->push_back(std::move(p));
  }
  Py_DECREF(seq);
  const auto count = static_cast<Py_ssize_t>(parsed->size());
  bool names_ok = param_names == nullptr || PyTuple_GET_SIZE(param_names) == count;
  for (Py_ssize_t k = 0; names_ok && param_names != nullptr && k < count; ++k)
    names_ok = PyUnicode_Check(PyTuple_GET_ITEM(param_names, k));
  if (!names_ok || (defaults != nullptr && PyTuple_GET_SIZE(defaults) > count)) {
    PyErr_SetString(PyExc_ValueError, "Entry: names must be one str per parameter, defaults at most one per parameter");
    delete parsed;
    return nullptr;
  }
  auto* self = reinterpret_cast<Entry*>(type->tp_alloc(type, 0));
  if (self == nullptr) {
    delete parsed;
    return nullptr;
  }
  self->vectorcall = entry_vectorcall;
  self->str_views = str_views;
  self->dict_columns = dict_columns;
  self->str_names = str_names;
  self->entry = reinterpret_cast<entry_fn>(static_cast<std::uintptr_t>(entry));
  self->release = reinterpret_cast<release_fn>(static_cast<std::uintptr_t>(release));
  self->params = parsed;
  self->fallback = Py_NewRef(fallback);
  self->dict = nullptr;
  self->exception = Py_NewRef(exception);
  self->np_scalars = Py_NewRef(np_scalars);
  self->ndarray = Py_NewRef(ndarray);
  self->release_array = reinterpret_cast<release_array_fn>(static_cast<std::uintptr_t>(release_array));
  self->asarray = release_array != 0 ? Py_NewRef(asarray) : nullptr;
  self->names = param_names != nullptr ? Py_NewRef(param_names) : nullptr;
  self->defaults = defaults != nullptr ? Py_NewRef(defaults) : nullptr;
  return reinterpret_cast<PyObject*>(self);
}

PyTypeObject entry_type = [] {
  PyTypeObject t{};
  Py_SET_REFCNT(reinterpret_cast<PyObject*>(&t), 1);  // a static type, as PyVarObject_HEAD_INIT sets it
  t.tp_name = "opsynth._fastcall.Entry";
  t.tp_basicsize = sizeof(Entry);
  t.tp_dealloc = entry_dealloc;
  t.tp_vectorcall_offset = offsetof(Entry, vectorcall);
  t.tp_call = PyVectorcall_Call;
  t.tp_repr = entry_repr;
  t.tp_dictoffset = offsetof(Entry, dict);
  t.tp_getattro = PyObject_GenericGetAttr;
  t.tp_setattro = PyObject_GenericSetAttr;
  t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL;
  t.tp_doc = "A compiled function's C entry, called without ctypes (see opsynth/_fastcall.cpp).";
  t.tp_new = entry_new;
  return t;
}();

PyModuleDef module_def = {PyModuleDef_HEAD_INIT, "_fastcall", "opsynth's compiled call path", -1, nullptr,
                          nullptr, nullptr, nullptr, nullptr};

}  // namespace

PyMODINIT_FUNC PyInit__fastcall() {
  if (PyType_Ready(&entry_type) < 0 || PyType_Ready(&library_memory_type) < 0) return nullptr;
  for (long v = -5; v <= 256; ++v)
    if ((small_ints[v + 5] = PyLong_FromLong(v)) == nullptr) return nullptr;
  PyObject* module = PyModule_Create(&module_def);
  if (module == nullptr) return nullptr;
  if (PyModule_AddObjectRef(module, "Entry", reinterpret_cast<PyObject*>(&entry_type)) < 0 ||
      PyModule_AddIntConstant(module, "ABI_VERSION", 6) < 0) {
    Py_DECREF(module);
    return nullptr;
  }
  return module;
}

// The C ABI of a compiled opsynth library (DESIGN §6): values cross as trees of tagged nodes, arrays as
// pointer + dtype + shape + strides (zero-copy both ways), Python exceptions as class name + message.
// Every exported function has the same C signature:
//
//   extern "C" int opsynth_fn_<name>(const opsynth_value* args, int64_t nargs, opsynth_value* out,
//                                    opsynth_value* args_after);
//
// returning 0 with the result in *out, or 1 with out->kind == OPSYNTH_EXCEPTION (out->str: the
// qualified Python class name, e.g. "ValueError" or "numpy.linalg.LinAlgError"; out->items[0]: the
// message as a STR node). Arrays are passed as views of the caller's memory, so their mutations are
// the caller's; lists and dicts are copied in, so for each list or dict argument the library writes
// its state after the call into args_after[i] (others stay OPSYNTH_UNSET) and the caller updates its
// object in place. Whatever the library put in *out and args_after is released by opsynth_release.
// The Python side is compiler/python/opsynth (ctypes); keep the two in step.
//
// Identity (fields that the kinds below leave unused, so the layout is unchanged):
// - On LIST, DICT and NDARRAY input nodes the caller sets `i` to a 1-based id of the Python object (the
//   same object, the same id; 0 = none). Aliased lists and dicts then decode to one rt handle, as in
//   Python. On results and args_after, a LIST or DICT node with i > 0 *is* that input object in its
//   new state (the caller updates the object in place and uses it), and an NDARRAY node with i > 0 is a
//   view of that input array's memory (the caller keeps the input alive as the view's base; its owner
//   holds only shape and strides). An NDARRAY node with i == 0 is library memory kept alive by owner.
// - On NDARRAY nodes `len` holds flags: OPSYNTH_ARRAY_READONLY (numpy's writeable == False).
// - A LIST of bools, ints or floats may be packed, either way: `data` points to `len` elements of
//   `dtype` (OPSYNTH_DT_BOOL as one byte 0 or 1, OPSYNTH_DT_INT64, OPSYNTH_DT_FLOAT64; no alignment
//   assumed on input) and `items` is null. The library returns such lists packed; either form is
//   accepted as input. An empty list may have neither.
// - A LIST of strs may be packed as views: dtype OPSYNTH_DT_STR_VIEW, `data` points to `len`
//   opsynth_str_view (UTF-8 bytes, not NUL-terminated; on input valid for the call, on results until
//   opsynth_release) and `items` is null: 16 bytes an element instead of a 96-byte node. Either form is
//   accepted as input; since ABI version 4 the library returns lists of strs packed.
// - Named input strs (ABI version 6 on): a caller that packs strs as OPSYNTH_DT_STR_VIEW_NAMEABLE (else
//   the same as OPSYNTH_DT_STR_VIEW, in a list or a dict's column) lets results name them. A result str
//   (a STR node, or an element of a packed list of strs) whose len is OPSYNTH_LEN_NAMES_INPUT carries no
//   bytes: its str / ptr is the address of the input's opsynth_str_view element, and the str is that
//   input's text, unchanged, so the caller may return its own object (a grouping, a sort or a dedupe of
//   words gives back the caller's words, as CPython's function would). Only unchanged texts of this very
//   call's inputs are named, and only for a caller that passed them so.
// - A DICT whose keys and values are bools, ints, floats or strs may arrive as two packed columns (ABI
//   version 5 on): `ndim` is OPSYNTH_DICT_COLUMNS and `items` points to two packed LIST nodes of len / 2
//   elements each, the keys and then the values in insertion order (24 or 32 bytes an entry instead of
//   two 96-byte nodes). An empty dict may have neither. Since ABI version 6 a result (at any depth of
//   *out, never in args_after) that is a new dict of such keys and values comes back this way too, its
//   strs as views (or names, above); a dict that is an input object (i > 0) comes back as item nodes.
// - args_after[i] is written for every parameter whose type holds a list or dict at any depth (so a
//   tuple[str,list[int]] too), and even when the function raised: Python keeps mutations made before.
//   Exception: a list of bools, ints, floats or strs, or a dict whose keys and values are such, that
//   holds bit for bit what came in (a dict: the same entries in the same order) stays UNSET (unchanged),
//   so a caller does not rebuild a long list or table nobody touched.
#pragma once

#include <cstdint>

extern "C" {

enum opsynth_kind : std::int32_t {
  OPSYNTH_UNSET = -1,
  OPSYNTH_NONE = 0,
  OPSYNTH_BOOL = 1,      // i: 0 or 1
  OPSYNTH_INT = 2,       // i
  OPSYNTH_FLOAT = 3,     // f[0]
  OPSYNTH_COMPLEX = 4,   // f[0] + f[1] j
  OPSYNTH_STR = 5,       // str, len: UTF-8 bytes (not NUL-terminated on input)
  OPSYNTH_LIST = 6,      // items, len; or packed (data != null): len elements of dtype in data
  OPSYNTH_TUPLE = 7,     // items, len
  OPSYNTH_DICT = 8,      // items, len = 2 * entries: key0, value0, key1, value1, ... in insertion order
  OPSYNTH_NDARRAY = 9,   // dtype, data, ndim, shape, strides (bytes); i: input id; len: flags
  OPSYNTH_NPSCALAR = 10, // dtype and i (bool and the integer dtypes; uint64 as its bits) or f (floats, complex)
  OPSYNTH_EXCEPTION = 11,  // str, len: class name (NUL-terminated); items[0]: message (STR)
};

// In the order of core/types.hpp's Dtype.
enum opsynth_dtype : std::int32_t {
  OPSYNTH_DT_BOOL = 0,
  OPSYNTH_DT_INT32 = 1,
  OPSYNTH_DT_INT64 = 2,
  OPSYNTH_DT_FLOAT32 = 3,
  OPSYNTH_DT_FLOAT64 = 4,
  OPSYNTH_DT_COMPLEX128 = 5,
  OPSYNTH_DT_UINT8 = 6,
  OPSYNTH_DT_INT8 = 7,
  OPSYNTH_DT_INT16 = 8,
  OPSYNTH_DT_UINT16 = 9,
  OPSYNTH_DT_UINT32 = 10,
  OPSYNTH_DT_UINT64 = 11,
  OPSYNTH_DT_COMPLEX64 = 12,  // f[0], f[1] as a numpy scalar (each exactly a float32); 8 bytes an element
};

// A packed LIST's dtype for strs (not a numpy dtype): data holds opsynth_str_view elements.
enum opsynth_packed_dtype : std::int32_t {
  OPSYNTH_DT_STR_VIEW = 64,
  OPSYNTH_DT_STR_VIEW_NAMEABLE = 65,  // str views that results may name (ABI version 6 on)
};

// A result str's len when it names an input str (see above).
enum opsynth_str_len : std::int64_t {
  OPSYNTH_LEN_NAMES_INPUT = -1,
};

struct opsynth_str_view {
  const char* ptr;
  std::int64_t len;
};

// A DICT node's `ndim` when its items are two packed columns (keys, values) rather than item nodes.
enum opsynth_dict_layout : std::int64_t {
  OPSYNTH_DICT_COLUMNS = 1,
};

// Bits of an NDARRAY node's `len`.
enum opsynth_array_flag : std::int64_t {
  OPSYNTH_ARRAY_READONLY = 1,
};

struct opsynth_value {
  std::int32_t kind;
  std::int32_t dtype;
  std::int64_t i;
  double f[2];
  const char* str;
  std::int64_t len;
  opsynth_value* items;
  void* data;
  std::int64_t ndim;
  const std::int64_t* shape;
  const std::int64_t* strides;
  void* owner;  // set by the library on results: what opsynth_release frees; null on inputs
};

}  // extern "C"

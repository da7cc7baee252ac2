// opsynth._fastcall: the loader's compiled call path (CPython extension; the user's library still links
// no libpython). An Entry converts positional arguments of the simple kinds straight into rt/abi.hpp
// nodes, calls the library's C entry with the GIL released, and converts a scalar or str result back:
// no ctypes objects, no per-call Python frames. The loader exports the Entry itself as the function.
// It never raises for a call it does not take (keywords, a missing argument, a value of another kind):
// it hands the call as it came to its fallback, the loader's Function (the ctypes path, opsynth/abi.py),
// which binds, converts and says what is wrong, so the two paths cannot disagree on what is accepted or
// on the messages.
//
// Taken: None, bool, int, float and str parameters and ndarrays of any dtype and rank; results that are
// None, bool, int, float, complex, str, numpy scalars, ndarrays (zero-copy, as the ctypes path gives them:
// an argument returned as is is that argument, a view of one keeps it alive, library memory is freed
// when numpy lets go of it), tuples of those and unions of those. Everything else (lists, dicts, keyword
// arguments) goes the ctypes way.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "rt/abi.hpp"

static_assert(sizeof(Py_ssize_t) == sizeof(std::int64_t), "shapes and strides cross as int64");

namespace {

using entry_fn = int (*)(const opsynth_value*, std::int64_t, opsynth_value*, opsynth_value*);
using release_fn = void (*)(opsynth_value*);
using release_array_fn = void (*)(void*);

// What one parameter takes: an rt/abi.hpp kind, and for NDARRAY the dtype code and rank.
struct Param {
  int kind;
  int dtype;
  int ndim;
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
  PyObject* np_scalars;  // numpy scalar classes by dtype code (bool_, int32, int64, float32, float64, complex128)
  PyObject* ndarray;     // numpy.ndarray, for isinstance
  release_array_fn release_array;  // the library's opsynth_release_array; null: array results go the ctypes way
  PyObject* asarray;     // numpy.asarray, or null
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

// The call's borrowed state: buffers to release, whatever happens.
struct Buffers {
  std::vector<Py_buffer> views;
  ~Buffers() {
    for (auto& v : views) PyBuffer_Release(&v);
  }
};

// Fills `node` from `value` for parameter `p`; false when this path does not take the value (no Python
// error is left set then).
bool encode(const Entry* self, const Param& p, PyObject* value, std::size_t position, PyObject* const* args,
            opsynth_value& node, Buffers& buffers) {
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
      if (!PyLong_Check(value)) return false;  // bool is an int, as in Python; numpy ints go the ctypes way
      int overflow = 0;
      const long long i = PyLong_AsLongLongAndOverflow(value, &overflow);
      if (overflow != 0 || (i == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return false;  // the ctypes path raises Python's OverflowError
      }
      node.kind = OPSYNTH_INT;
      node.i = i;
      return true;
    }
    case OPSYNTH_FLOAT: {
      double d = 0.0;
      if (PyFloat_Check(value)) {  // a numpy float64 is a float subclass
        d = PyFloat_AS_DOUBLE(value);
      } else if (PyLong_Check(value)) {
        d = PyLong_AsDouble(value);  // correctly rounded, as float(v)
        if (d == -1.0 && PyErr_Occurred()) {
          PyErr_Clear();
          return false;
        }
      } else {
        return false;
      }
      node.kind = OPSYNTH_FLOAT;
      node.f[0] = d;
      return true;
    }
    case OPSYNTH_STR: {
      if (!PyUnicode_Check(value)) return false;
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(value, &size);  // cached in the str object
      if (utf8 == nullptr) {
        PyErr_Clear();  // lone surrogates: the ctypes path encodes them with surrogatepass
        return false;
      }
      node.kind = OPSYNTH_STR;
      node.str = utf8;
      node.len = size;
      return true;
    }
    case OPSYNTH_NDARRAY: {
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
      buffers.views.push_back(view);
      const Py_buffer& kept = buffers.views.back();
      node.kind = OPSYNTH_NDARRAY;
      node.dtype = p.dtype;
      node.data = kept.buf;
      node.ndim = kept.ndim;
      node.shape = reinterpret_cast<const std::int64_t*>(kept.shape);
      node.strides = reinterpret_cast<const std::int64_t*>(kept.strides);
      node.len = kept.readonly ? std::int64_t{OPSYNTH_ARRAY_READONLY} : std::int64_t{0};
      // The same object, the same 1-based id (rt/abi.hpp): aliased arguments stay aliased.
      node.i = static_cast<std::int64_t>(position) + 1;
      for (std::size_t k = 0; k < position; ++k)
        if (args[k] == value) {
          node.i = static_cast<std::int64_t>(k) + 1;
          break;
        }
      return true;
    }
    default:
      return false;
  }
}

// numpy's typestr of each dtype code (little-endian target).
const char* typestr(int dtype) {
  switch (dtype) {
    case OPSYNTH_DT_BOOL: return "|b1";
    case OPSYNTH_DT_INT32: return "<i4";
    case OPSYNTH_DT_INT64: return "<i8";
    case OPSYNTH_DT_FLOAT32: return "<f4";
    case OPSYNTH_DT_FLOAT64: return "<f8";
    case OPSYNTH_DT_COMPLEX128: return "<c16";
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
                       PyObject* const* args) {
  const char* type = typestr(out.dtype);
  if (type == nullptr || out.ndim < 0 || out.ndim > 64 || out.i < 0 || out.i > static_cast<std::int64_t>(n)) {
    PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed array node");
    return nullptr;
  }
  if (out.i > 0 && out.data != nullptr)
    if (PyObject* same = argument_with_layout(in, n, args, out)) return Py_NewRef(same);
  // numpy wants a pointer even for no elements; nothing is read or written through it.
  static double no_elements[2];
  void* data = out.data != nullptr ? out.data : static_cast<void*>(no_elements);
  const bool readonly = (out.len & OPSYNTH_ARRAY_READONLY) != 0;
  PyObject* shape = int_tuple(out.shape, out.ndim);
  PyObject* strides = shape ? int_tuple(out.strides, out.ndim) : nullptr;
  PyObject* interface = strides ? Py_BuildValue("{s:i,s:O,s:s,s:(KO),s:O}", "version", 3, "shape", shape, "typestr",
                                                 type, "data", static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(data)),
                                                 readonly ? Py_True : Py_False, "strides", strides)
                                : nullptr;
  Py_XDECREF(shape);
  Py_XDECREF(strides);
  if (interface == nullptr) return nullptr;
  auto* memory = PyObject_New(LibraryMemory, &library_memory_type);
  if (memory == nullptr) {
    Py_DECREF(interface);
    return nullptr;
  }
  memory->interface = interface;
  memory->keep = out.i > 0 ? Py_NewRef(args[out.i - 1]) : nullptr;
  memory->release_array = self->release_array;
  memory->owner = out.i > 0 ? nullptr : out.owner;
  memory->weakrefs = nullptr;
  if (out.i == 0) out.owner = nullptr;  // this object frees it now, not opsynth_release
  PyObject* array = PyObject_CallOneArg(self->asarray, reinterpret_cast<PyObject*>(memory));
  Py_DECREF(memory);
  return array;
}

PyObject* decode(const Entry* self, const opsynth_value& out) {
  switch (out.kind) {
    case OPSYNTH_NONE: Py_RETURN_NONE;
    case OPSYNTH_BOOL: return PyBool_FromLong(out.i != 0);
    case OPSYNTH_INT: return PyLong_FromLongLong(out.i);
    case OPSYNTH_FLOAT: return PyFloat_FromDouble(out.f[0]);
    case OPSYNTH_COMPLEX: return PyComplex_FromDoubles(out.f[0], out.f[1]);
    case OPSYNTH_STR: return PyUnicode_DecodeUTF8(out.len > 0 ? out.str : "", out.len, "surrogatepass");
    case OPSYNTH_NPSCALAR: {
      if (out.dtype < 0 || out.dtype >= PyTuple_GET_SIZE(self->np_scalars)) break;
      PyObject* cls = PyTuple_GET_ITEM(self->np_scalars, out.dtype);
      PyObject* plain = nullptr;
      switch (out.dtype) {
        case OPSYNTH_DT_BOOL: plain = PyBool_FromLong(out.i != 0); break;
        case OPSYNTH_DT_INT32:
        case OPSYNTH_DT_INT64: plain = PyLong_FromLongLong(out.i); break;
        case OPSYNTH_DT_COMPLEX128: plain = PyComplex_FromDoubles(out.f[0], out.f[1]); break;
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

// A result: arrays and tuples (of arrays and scalars) here, scalars and str by decode().
PyObject* decode_result(const Entry* self, opsynth_value& out, const opsynth_value* in, std::size_t n,
                        PyObject* const* args) {
  if (out.kind == OPSYNTH_NDARRAY && self->asarray != nullptr) return decode_array(self, out, in, n, args);
  if (out.kind != OPSYNTH_TUPLE) return decode(self, out);
  if (out.len < 0 || (out.len > 0 && out.items == nullptr)) {
    PyErr_SetString(PyExc_RuntimeError, "the library returned a malformed tuple node");
    return nullptr;
  }
  PyObject* tuple = PyTuple_New(static_cast<Py_ssize_t>(out.len));
  if (tuple == nullptr) return nullptr;
  for (std::int64_t k = 0; k < out.len; ++k) {
    PyObject* item = decode_result(self, out.items[k], in, n, args);
    if (item == nullptr) {
      Py_DECREF(tuple);
      return nullptr;
    }
    PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(k), item);
  }
  return tuple;
}

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

PyObject* entry_vectorcall(PyObject* callable, PyObject* const* args, std::size_t nargsf, PyObject* kwnames) {
  auto* self = reinterpret_cast<Entry*>(callable);
  const std::size_t n = PyVectorcall_NARGS(nargsf);
  if ((kwnames != nullptr && PyTuple_GET_SIZE(kwnames) > 0) || n != self->params->size())
    return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  constexpr std::size_t kInline = 8;
  opsynth_value inline_nodes[2 * kInline];
  std::vector<opsynth_value> heap_nodes;
  opsynth_value* in = inline_nodes;
  if (n > kInline) {
    heap_nodes.resize(2 * n);
    in = heap_nodes.data();
  }
  opsynth_value* after = in + (n > kInline ? n : kInline);
  Buffers buffers;
  buffers.views.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::memset(&in[k], 0, sizeof(opsynth_value));
    std::memset(&after[k], 0, sizeof(opsynth_value));
    after[k].kind = OPSYNTH_UNSET;
    if (!encode(self, (*self->params)[k], args[k], k, args, in[k], buffers))
      return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
  }
  opsynth_value out;
  std::memset(&out, 0, sizeof out);
  out.kind = OPSYNTH_UNSET;
  int rc = 0;
  Py_BEGIN_ALLOW_THREADS
  rc = self->entry(in, static_cast<std::int64_t>(n), &out, after);
  Py_END_ALLOW_THREADS
  for (std::size_t k = 0; k < n; ++k)
    if (after[k].kind != OPSYNTH_UNSET) self->release(&after[k]);  // none is written for these kinds
  PyObject* result = rc != 0 ? raise_from(self, out) : decode_result(self, out, in, n, args);
  self->release(&out);
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
  Py_TYPE(object)->tp_free(object);
}

PyObject* entry_repr(PyObject* object) { return PyObject_Repr(reinterpret_cast<Entry*>(object)->fallback); }

// Entry(entry_address, release_address, params, fallback, exception, np_scalars, ndarray
//       [, release_array_address, asarray])
//   params: a sequence of (kind, dtype, ndim) per parameter, kinds as in rt/abi.hpp; with the library's
//   opsynth_release_array and numpy.asarray an ndarray result is taken too.
PyObject* entry_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  unsigned long long entry = 0, release = 0, release_array = 0;
  PyObject *params = nullptr, *fallback = nullptr, *exception = nullptr, *np_scalars = nullptr, *ndarray = nullptr;
  PyObject* asarray = nullptr;
  static const char* names[] = {"entry",      "release", "params",        "fallback", "exception",
                                "np_scalars", "ndarray", "release_array", "asarray",  nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "KKOOOO!O|KO:Entry", const_cast<char**>(names), &entry, &release,
                                   &params, &fallback, &exception, &PyTuple_Type, &np_scalars, &ndarray,
                                   &release_array, &asarray))
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
    if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "iii", &p.kind, &p.dtype, &p.ndim)) {
      Py_DECREF(seq);
      delete parsed;
      return nullptr;
    }
    parsed->push_back(p);
  }
  Py_DECREF(seq);
  auto* self = reinterpret_cast<Entry*>(type->tp_alloc(type, 0));
  if (self == nullptr) {
    delete parsed;
    return nullptr;
  }
  self->vectorcall = entry_vectorcall;
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
  PyObject* module = PyModule_Create(&module_def);
  if (module == nullptr) return nullptr;
  if (PyModule_AddObjectRef(module, "Entry", reinterpret_cast<PyObject*>(&entry_type)) < 0 ||
      PyModule_AddIntConstant(module, "ABI_VERSION", 2) < 0) {
    Py_DECREF(module);
    return nullptr;
  }
  return module;
}

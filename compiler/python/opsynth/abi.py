"""Python values across the C ABI of runtime/rt/abi.hpp (ctypes side; keep the two in step).

One Call per call of a compiled function: encode() builds the argument nodes from Python values by
the parameter types, finish() turns the result back into Python, writes list and dict mutations back
into the caller's objects, releases the library's nodes and raises what the library raised.

Arrays cross zero-copy both ways. An argument array is passed as a view (data pointer, shape, byte
strides), so in-place writes reach the caller. A result array is a numpy array over the library's
memory: the loader takes over the node's owner and frees it with opsynth_release_array when numpy
drops the array (weakref.finalize on the array's base object). A result that views an argument's
memory keeps that argument alive as its base instead, as numpy would.

Arrays that are not aligned or not in native byte order are refused (TypeError), not copied: a copy
would silently lose the in-place writes a function may make.
"""

import array
import ast
import builtins
import ctypes
import importlib
import operator
import weakref

import numpy as np

from . import typelang

# Kinds and dtypes, as in rt/abi.hpp.
UNSET, NONE, BOOL, INT, FLOAT, COMPLEX, STR, LIST, TUPLE, DICT, NDARRAY, NPSCALAR, EXCEPTION = (
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
ARRAY_READONLY = 1
DTYPE_CODES = {name: code for code, name in enumerate(typelang.DTYPES)}
NP_DTYPES = [np.dtype(name) for name in typelang.DTYPES]
NP_SCALARS = {name: np.dtype(name).type for name in typelang.DTYPES}
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


class Value(ctypes.Structure):
    pass


Value._fields_ = [
    ("kind", ctypes.c_int32),
    ("dtype", ctypes.c_int32),
    ("i", ctypes.c_int64),
    ("f", ctypes.c_double * 2),
    ("str", ctypes.c_void_p),
    ("len", ctypes.c_int64),
    ("items", ctypes.POINTER(Value)),
    ("data", ctypes.c_void_p),
    ("ndim", ctypes.c_int64),
    ("shape", ctypes.POINTER(ctypes.c_int64)),
    ("strides", ctypes.POINTER(ctypes.c_int64)),
    ("owner", ctypes.c_void_p),
]

# The same layout as a numpy dtype, so that long lists of strings are encoded and decoded a column at a
# time instead of a ctypes field at a time; lists of scalars travel packed (rt/abi.hpp).
_FIELDS = [("kind", "<i4"), ("dtype", "<i4"), ("i", "<i8"), ("f", "<f8", (2,)), ("str", "<u8"), ("len", "<i8"),
           ("items", "<u8"), ("data", "<u8"), ("ndim", "<i8"), ("shape", "<u8"), ("strides", "<u8"), ("owner", "<u8")]
VALUE_DTYPE = np.dtype({"names": [f[0] for f in _FIELDS], "formats": [f[1] if len(f) == 2 else (f[1], f[2]) for f in _FIELDS],
                        "offsets": [getattr(Value, f[0]).offset for f in _FIELDS], "itemsize": ctypes.sizeof(Value)})


def _columns(buffer):
    """A numpy view of a ctypes array of Values."""
    return np.frombuffer(buffer, dtype=VALUE_DTYPE) if len(buffer) else np.zeros(0, VALUE_DTYPE)


def _columns_at(pointer, n):
    """A numpy view of n Values the library owns (read only while the node is alive)."""
    address = ctypes.cast(pointer, ctypes.c_void_p).value
    return np.frombuffer((ctypes.c_char * (n * VALUE_DTYPE.itemsize)).from_address(address), dtype=VALUE_DTYPE)


# int opsynth_fn_<name>(const opsynth_value* args, int64_t nargs, opsynth_value* out, opsynth_value* args_after)
ENTRY_ARGTYPES = [ctypes.POINTER(Value), ctypes.c_int64, ctypes.POINTER(Value), ctypes.POINTER(Value)]


def describe(v):
    """What a value is, in the words of the type language where it can be."""
    if isinstance(v, np.ndarray):
        name = v.dtype.name if v.dtype.isnative else v.dtype.str
        return f"ndarray[{name},{v.ndim}]"
    if isinstance(v, np.generic):
        return type(v).__name__
    return "None" if v is None else type(v).__name__


class _LibraryMemory:
    """The base object of a result array: numpy reads the buffer from its __array_interface__."""

    def __init__(self, interface, keep):
        self.__array_interface__ = interface
        self.keep = keep  # an argument array whose memory this views, or None


def _release_array(library, owner):
    library.opsynth_release_array(owner)


class Call:
    def __init__(self, function_name, library):
        self.function_name = function_name
        self.library = library
        self.keep = []          # ctypes buffers and bytes the nodes point into
        self.objects = []       # input lists, dicts and arrays by id - 1
        self.ids = {}           # id(object) -> 1-based id
        self.arrays_by_layout = {}
        self.updated = set()

    # --- Python -> node ------------------------------------------------------------------------------

    def encode(self, t, v, node, param, path=""):
        encoder = _ENCODERS[t.kind]
        encoder(self, t, v, node, param, path)

    def fail(self, t, v, param, path, extra=""):
        where = f"argument '{param}'" + (f" at {path}" if path else "")
        raise TypeError(f"{self.function_name}() {where}: expected {t}, got {describe(v)}{extra}")

    def identify(self, v):
        key = id(v)
        if key not in self.ids:
            self.objects.append(v)
            self.ids[key] = len(self.objects)
        return self.ids[key]

    def items(self, n):
        memory = np.zeros(n, VALUE_DTYPE)  # calloc: (Value * n)() would initialize field by field
        buffer = (Value * n).from_buffer(memory) if n else (Value * 0)()
        self.keep.append((memory, buffer))
        return buffer

    # --- node -> Python ------------------------------------------------------------------------------

    def decode(self, node):
        kind = node.kind
        if kind == NONE:
            return None
        if kind == BOOL:
            return bool(node.i)
        if kind == INT:
            return node.i
        if kind == FLOAT:
            return node.f[0]
        if kind == COMPLEX:
            return complex(node.f[0], node.f[1])
        if kind == STR:
            return _text(node)
        if kind == LIST:
            if node.i > 0 and node.i in self.updated:
                return self.objects[node.i - 1]
            if node.i > 0:
                self.updated.add(node.i)
            values = _decode_packed(node) if node.data else _decode_flat(node) if node.len >= _FLAT_MIN else None
            if values is None:
                values = [self.decode(node.items[k]) for k in range(node.len)]
            return self._update_list(node.i, values) if node.i > 0 else values
        if kind == TUPLE:
            return tuple(self.decode(node.items[k]) for k in range(node.len))
        if kind == DICT:
            if node.ndim == DICT_COLUMNS and node.i == 0:  # a new dict as two packed columns (ABI 6)
                if node.len == 0:
                    return {}
                return dict(zip(_decode_packed(node.items[0]), _decode_packed(node.items[1])))
            if node.i > 0 and node.i in self.updated:
                return self.objects[node.i - 1]
            if node.i > 0:
                self.updated.add(node.i)
            pairs = [(self.decode(node.items[k]), self.decode(node.items[k + 1])) for k in range(0, node.len, 2)]
            return self._update_dict(node.i, pairs) if node.i > 0 else dict(pairs)
        if kind == NDARRAY:
            return self._array(node)
        if kind == NPSCALAR:
            name = typelang.DTYPES[node.dtype]
            if name == "uint64":  # its bits travel in the int64 field
                return np.uint64(node.i & 0xFFFFFFFFFFFFFFFF)
            if name == "bool" or name in typelang.INTEGER_DTYPES:
                return NP_SCALARS[name](node.i)
            if name in typelang.COMPLEX_DTYPES:
                return NP_SCALARS[name](complex(node.f[0], node.f[1]))
            return NP_SCALARS[name](node.f[0])
        raise RuntimeError(f"{self.function_name}(): the library returned a node of unknown kind {kind}")

    # Write-back keeps the caller's element objects wherever they are equal to the new state, so a list
    # the function left alone is left alone (its ints stay ints although a list[float] saw floats).
    def _update_list(self, ident, values):
        target = self.objects[ident - 1]
        try:  # the common case, at C speed: every element == its old self, so nothing is written
            if len(values) == len(target) and values == target:
                return target
        except Exception:  # an element whose == does not give a bool (an array): compare one by one
            pass
        merged = [old if _equal(old, new) else new for old, new in zip(target, values)] + values[len(target):]
        if len(target) != len(merged) or any(a is not b for a, b in zip(target, merged)):
            target[:] = merged
        return target

    def _update_dict(self, ident, pairs):
        target = self.objects[ident - 1]
        keys = {k: k for k in target}
        merged = []
        for k, v in pairs:
            k = keys.get(k, k)
            old = target.get(k, _MISSING)
            merged.append((k, old if old is not _MISSING and _equal(old, v) else v))
        same = len(target) == len(merged) and all(
            k is nk and v is nv for (k, v), (nk, nv) in zip(target.items(), merged))
        if not same:
            target.clear()
            target.update(merged)
        return target

    def _array(self, node):
        dtype = NP_DTYPES[node.dtype]
        ndim = node.ndim
        shape = tuple(node.shape[k] for k in range(ndim))
        strides = tuple(node.strides[k] for k in range(ndim))
        readonly = bool(node.len & ARRAY_READONLY)
        data = node.data or 0
        if node.i > 0:  # a view of an argument's memory: that argument is its base; the node keeps its owner
            same = self.arrays_by_layout.get((data, shape, strides, dtype.str, readonly))
            if same is not None:
                return same
            keep, owner = self.objects[node.i - 1], None
        else:           # library memory: take the owner over, free it when numpy is done with the array
            keep, owner = None, node.owner
            node.owner = None
        if data == 0:   # numpy wants a pointer even for no elements; nothing is read through it
            placeholder = np.empty(1, dtype)
            data, keep = placeholder.__array_interface__["data"][0], (keep, placeholder)
        memory = _LibraryMemory({"version": 3, "shape": shape, "typestr": dtype.str, "data": (data, readonly),
                                 "strides": strides}, keep)
        if owner is not None:
            finalizer = weakref.finalize(memory, _release_array, self.library, owner)
            finalizer.atexit = False  # the process is ending; the memory goes with it
        return np.asarray(memory)

    # --- after the call ------------------------------------------------------------------------------

    def finish(self, rc, out, after, n):
        """Writes mutations back, converts the result (or raises), and releases every library node."""
        try:
            for k in range(n):
                if after[k].kind != UNSET:
                    self.decode(after[k])
            if rc == 0:
                return self.decode(out)
            if out.kind != EXCEPTION:
                raise RuntimeError(f"{self.function_name}(): the library failed without an exception node")
            name = ctypes.string_at(out.str).decode("utf-8", "replace")
            message = _text(out.items[0]) if out.items else ""
            raise _exception(name, message)
        finally:
            self.library.opsynth_release(ctypes.byref(out))
            for k in range(n):
                if after[k].kind != UNSET:
                    self.library.opsynth_release(ctypes.byref(after[k]))


_MISSING = object()


def _text(node):
    return ctypes.string_at(node.str, node.len).decode("utf-8", "surrogatepass") if node.len else ""


def _equal(a, b):
    """Whether writing b over a would change nothing a caller could see (a function's own == aside)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b)
    except Exception:  # an element with a strange __eq__: write it back
        return False


def _exception(name, message):
    """The Python exception the library raised: builtins by name, dotted names from their module."""
    cls = None
    if "." in name:
        module, _, attr = name.rpartition(".")
        try:
            cls = getattr(importlib.import_module(module), attr, None)
        except ImportError:
            cls = None
    else:
        cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        return RuntimeError(f"{name}: {message}" if message else name)
    if issubclass(cls, KeyError):
        # rt carries str(KeyError(k)), which is repr(k); give Python the key back so str() matches.
        try:
            return cls(ast.literal_eval(message))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    try:
        return cls(message) if message else cls()
    except Exception:  # a class whose constructor wants more (UnicodeDecodeError): keep its type and text
        exc = cls.__new__(cls)
        exc.args = (message,)
        return exc


# --- encoders, one per kind of type ---------------------------------------------------------------------

def _enc_none(call, t, v, node, param, path):
    if v is not None:
        call.fail(t, v, param, path)
    node.kind = NONE


def _enc_bool(call, t, v, node, param, path):
    if not isinstance(v, (bool, np.bool_)):
        call.fail(t, v, param, path)
    node.kind, node.i = BOOL, int(bool(v))


def _int64(call, t, v, param, path):
    try:
        i = operator.index(v)
    except TypeError:
        call.fail(t, v, param, path)
    if not INT64_MIN <= i <= INT64_MAX:
        raise OverflowError("Python int too large to convert to C int64")
    return i


def _enc_int(call, t, v, node, param, path):
    if not isinstance(v, (int, np.integer)):  # bool is an int, as in Python
        call.fail(t, v, param, path)
    node.kind, node.i = INT, _int64(call, t, v, param, path)


def _enc_float(call, t, v, node, param, path):
    if not isinstance(v, (int, float, np.integer, np.floating)):
        call.fail(t, v, param, path)
    node.kind = FLOAT
    node.f[0] = float(v)  # an int too large for a float raises OverflowError, as float(v) does


def _enc_complex(call, t, v, node, param, path):
    if not isinstance(v, (int, float, complex, np.number)):
        call.fail(t, v, param, path)
    c = complex(v)
    node.kind = COMPLEX
    node.f[0], node.f[1] = c.real, c.imag


def _enc_str(call, t, v, node, param, path):
    if not isinstance(v, str):
        call.fail(t, v, param, path)
    data = v.encode("utf-8", "surrogatepass")  # rt::str is generalized UTF-8: lone surrogates pass
    call.keep.append(data)
    node.kind, node.len = STR, len(data)
    node.str = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value


def _enc_list(call, t, v, node, param, path):
    if not isinstance(v, list):
        call.fail(t, v, param, path)
    elem = t.args[0]
    node.kind, node.i, node.len = LIST, call.identify(v), len(v)
    if len(v) >= _FLAT_MIN and _encode_packed(call, elem, v, node):
        return
    items = call.items(len(v))
    if len(v) < _FLAT_MIN or not _encode_flat(call, elem, v, items):
        for k, x in enumerate(v):  # also where the fast paths declined: it raises the precise error
            call.encode(elem, x, items[k], param, f"{path}[{k}]")
    node.items = items


_FLAT_MIN = 16  # shorter lists are not worth a numpy round trip
_FLAT_TYPES = {"bool": {bool}, "int": {int, bool}, "float": {float, int, bool}}


def _encode_flat(call, elem, v, items):
    """Fills items from a list of plain strs a column at a time; False when the list holds anything
    else, for the per-item path."""
    if elem.kind == "str":
        if not all(type(x) is str for x in v):
            return False
        datas = [x.encode("utf-8", "surrogatepass") for x in v]
        lengths = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
        blob = b"".join(datas)
        call.keep.append(blob)
        base = ctypes.cast(ctypes.c_char_p(blob), ctypes.c_void_p).value or 0
        columns = _columns(items)
        columns["kind"] = STR
        columns["len"] = lengths
        columns["str"] = base + np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.uint64)
        return True
    return False


# Per element type: the dtype code a packed list carries and the array module's typecode.
_PACKED = {"bool": (DTYPE_CODES["bool"], "B"), "int": (DTYPE_CODES["int64"], "q"), "float": (DTYPE_CODES["float64"], "d")}


def _encode_packed(call, elem, v, node):
    """A list of plain bools, ints or floats as one packed buffer (rt/abi.hpp); False when the list
    holds anything else (numpy scalars, out-of-range ints, wrong types) for the per-item path."""
    packing = _PACKED.get(elem.kind)
    if packing is None or not set(map(type, v)) <= _FLAT_TYPES[elem.kind]:
        return False
    try:
        column = array.array(packing[1], v)  # 'd' converts an int as float() does, rounding correctly
    except (OverflowError, ValueError, TypeError):
        return False  # the per-item path raises the precise error
    call.keep.append(column)
    node.dtype, node.data = packing[0], column.buffer_info()[0]
    return True


STR_VIEW = 64  # a packed list's dtype for strs: opsynth_str_view elements (rt/abi.hpp)
DICT_COLUMNS = 1  # a DICT node's ndim when its items are two packed columns, keys then values (rt/abi.hpp)


class _StrView(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_int64)]


def _decode_packed(node):
    """A packed list node's elements as Python bools, ints, floats or strs."""
    if node.dtype == STR_VIEW:
        views = (_StrView * node.len).from_address(node.data)
        return [ctypes.string_at(v.ptr, v.len).decode("utf-8", "surrogatepass") if v.len else "" for v in views]
    dtype = {DTYPE_CODES["bool"]: np.uint8, DTYPE_CODES["int64"]: np.int64, DTYPE_CODES["float64"]: np.float64}.get(node.dtype)
    if dtype is None:
        raise RuntimeError(f"a packed list of unknown dtype {node.dtype}")
    size = np.dtype(dtype).itemsize * node.len
    column = np.frombuffer((ctypes.c_char * size).from_address(node.data), dtype=dtype)
    return (column != 0).tolist() if dtype is np.uint8 else column.tolist()


def _decode_flat(node):
    """A list node's items as Python values when they are all bools, ints, floats or strs; else None."""
    columns = _columns_at(node.items, node.len)
    kinds = columns["kind"]
    kind = int(kinds[0])
    if not (kinds == kind).all():
        return None
    if kind == FLOAT:
        return columns["f"][:, 0].tolist()
    if kind == INT:
        return columns["i"].tolist()
    if kind == BOOL:
        return (columns["i"] != 0).tolist()
    if kind == STR:
        return [ctypes.string_at(p, n).decode("utf-8", "surrogatepass") if n else ""
                for p, n in zip(columns["str"].tolist(), columns["len"].tolist())]
    return None


def _enc_dict(call, t, v, node, param, path):
    if not isinstance(v, dict):
        call.fail(t, v, param, path)
    key_t, value_t = t.args
    items = call.items(2 * len(v))
    for k, (key, value) in enumerate(v.items()):
        call.encode(key_t, key, items[2 * k], param, f"{path} key {key!r}")
        call.encode(value_t, value, items[2 * k + 1], param, f"{path}[{key!r}]")
    node.kind, node.i, node.len = DICT, call.identify(v), 2 * len(v)
    node.items = items


def _enc_tuple(call, t, v, node, param, path):
    if not isinstance(v, tuple) or len(v) != len(t.args):
        call.fail(t, v, param, path, f" of {len(v)}" if isinstance(v, tuple) else "")
    items = call.items(len(v))
    for k, (elem, x) in enumerate(zip(t.args, v)):
        call.encode(elem, x, items[k], param, f"{path}[{k}]")
    node.kind, node.len = TUPLE, len(v)
    node.items = items


def _enc_ndarray(call, t, v, node, param, path):
    if not isinstance(v, np.ndarray) or v.dtype != NP_DTYPES[DTYPE_CODES[t.dtype]] or not v.dtype.isnative \
            or v.ndim != t.ndim:
        call.fail(t, v, param, path)
    if not v.flags.aligned:
        call.fail(t, v, param, path, " that is not aligned (its in-place writes would be lost on a copy;"
                                     " pass np.require(x, requirements='A') and use that array)")
    interface = v.__array_interface__
    data = interface["data"][0]
    shape = (ctypes.c_int64 * v.ndim)(*v.shape)
    strides = (ctypes.c_int64 * v.ndim)(*v.strides)
    call.keep.extend((shape, strides))
    readonly = not v.flags.writeable
    node.kind, node.dtype, node.i = NDARRAY, DTYPE_CODES[t.dtype], call.identify(v)
    node.data, node.ndim, node.len = data, v.ndim, ARRAY_READONLY if readonly else 0
    node.shape = ctypes.cast(shape, ctypes.POINTER(ctypes.c_int64))
    node.strides = ctypes.cast(strides, ctypes.POINTER(ctypes.c_int64))
    call.arrays_by_layout.setdefault((data, tuple(v.shape), tuple(v.strides), v.dtype.str, readonly), v)


def _enc_npscalar(call, t, v, node, param, path):
    cls = NP_SCALARS[t.dtype]
    if not isinstance(v, cls):
        call.fail(t, v, param, path)
    node.kind, node.dtype = NPSCALAR, DTYPE_CODES[t.dtype]
    if t.dtype == "uint64":  # its bits in the int64 field
        node.i = int(v) - (1 << 64) if int(v) >= (1 << 63) else int(v)
    elif t.dtype == "bool" or t.dtype in typelang.INTEGER_DTYPES:
        node.i = int(v)
    elif t.dtype in typelang.COMPLEX_DTYPES:
        node.f[0], node.f[1] = v.real, v.imag
    else:
        node.f[0] = float(v)


def _literal_matches(lit, v):
    if isinstance(lit, bool):
        return isinstance(v, (bool, np.bool_)) and bool(v) == lit
    if isinstance(lit, int):
        return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) and v == lit
    if isinstance(lit, float):
        if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, (bool, np.bool_)):
            return False
        return (lit != lit and v != v) or v == lit
    return isinstance(v, str) and v == lit


def _enc_literal(call, t, v, node, param, path):
    lit = t.literal
    if not _literal_matches(lit, v):
        raise TypeError(f"{call.function_name}() argument '{param}'" + (f" at {path}" if path else "")
                        + f": expected {t}, got {v!r}")
    # Send the literal itself: a value equal to it in Python (0 for 0.0, -0.0 for 0.0) is the same argument.
    if isinstance(lit, bool):
        node.kind, node.i = BOOL, int(lit)
    elif isinstance(lit, int):
        node.kind, node.i = INT, lit
    elif isinstance(lit, float):
        node.kind = FLOAT
        node.f[0] = lit
    else:
        _enc_str(call, typelang.Type("str", text="str"), lit, node, param, path)


_ENCODERS = {
    "None": _enc_none, "bool": _enc_bool, "int": _enc_int, "float": _enc_float, "complex": _enc_complex,
    "str": _enc_str, "list": _enc_list, "dict": _enc_dict, "tuple": _enc_tuple, "ndarray": _enc_ndarray,
    "npscalar": _enc_npscalar, "literal": _enc_literal,
}

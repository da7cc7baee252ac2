"""Finds the compiled call path (_fastcall.cpp) and makes an Entry for each function it can serve: the
Entry is what the library exports under the function's name, with the Function's name, signature and
doc, and the Function itself behind it for every call the Entry does not take.

The extension is the package's own module when it has one, else the one beside the opsynth tool the
loader uses (jit.py: $OPSYNTH_BIN, PATH, the checkout's build folder): PREFIX/share/opsynth/python/opsynth
for an installed tool (`cmake --install`; `pip install ./compiler/python` builds no extension), or
build/python/opsynth next to build/opsynth. Without one, or when $OPSYNTH_NO_FASTCALL is set, every call
goes through ctypes (abi.py), with the same results.
"""

import ctypes
import importlib.machinery
import importlib.util
import os
from pathlib import Path

import numpy as np

from . import abi, typelang

_SCALAR_RESULTS = {"None", "bool", "int", "float", "complex", "str", "npscalar"}
_PARAM_KINDS = {"None": abi.NONE, "bool": abi.BOOL, "int": abi.INT, "float": abi.FLOAT, "str": abi.STR}


def _load_extension():
    if os.environ.get("OPSYNTH_NO_FASTCALL"):
        return None
    try:
        from . import _fastcall  # installed beside this file
        return _fastcall
    except ImportError:
        pass
    for folder in _extension_folders():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / ("_fastcall" + suffix)
            if path.is_file():
                spec = importlib.util.spec_from_file_location("opsynth._fastcall", path)
                module = importlib.util.module_from_spec(spec)
                try:
                    spec.loader.exec_module(module)
                except ImportError:
                    continue  # built for another interpreter
                return module
    return None


def _extension_folders():
    folders = [Path(__file__).resolve().parents[3] / "build" / "python" / "opsynth"]
    from .jit import _NotCompiled, _opsynth_binary
    try:
        tool = Path(_opsynth_binary()).resolve().parent
    except (_NotCompiled, OSError):
        return folders
    return [tool.parent / "share" / "opsynth" / "python" / "opsynth", tool / "python" / "opsynth"] + folders


_EXTENSION = _load_extension()
_NP_SCALARS = tuple(abi.NP_SCALARS[name] for name in typelang.DTYPES)  # by dtype code


_CONTAINER_KINDS = {"list": abi.LIST, "dict": abi.DICT, "tuple": abi.TUPLE}


def _param_code(t, nested=False):
    """What _fastcall.cpp's Entry takes for a parameter of type t: (kind, dtype, ndim), for a list, dict
    or tuple (kind, 0, 0, element codes); None when only the ctypes path converts it (complex, numpy
    scalars, Literal, arrays inside containers)."""
    if t.kind in _PARAM_KINDS:
        return (_PARAM_KINDS[t.kind], 0, 0)
    if t.kind == "ndarray" and not nested:
        return (abi.NDARRAY, abi.DTYPE_CODES[t.dtype], t.ndim)
    if t.kind in _CONTAINER_KINDS:
        elements = tuple(_param_code(a, True) for a in t.args)
        return None if None in elements else (_CONTAINER_KINDS[t.kind], 0, 0, elements)
    return None


def _result_kind(text):
    """'scalar' for results the path converts without numpy, 'ndarray' when arrays may come back (alone,
    in tuples or in unions), None for results only the ctypes path converts (arrays inside lists or
    dicts)."""
    from . import typelang
    t = typelang.parse(text) if text else None
    if t is None:
        return None

    def kinds(t, in_container):
        if t.kind in ("union", "tuple", "list", "dict"):
            inner = [kinds(a, in_container or t.kind in ("list", "dict")) for a in t.args]
            return None if None in inner else set().union(*inner)
        if t.kind in _SCALAR_RESULTS or (t.kind == "ndarray" and not in_container):
            return {t.kind}
        return None

    found = kinds(t, False)
    if found is None:
        return None
    return "ndarray" if "ndarray" in found else "scalar"


def fast_entry(cdll, function, fallback=None):
    """An Entry serving `function` (a loader Function), or None when the ctypes path must serve every call.
    The calls it does not take go to `fallback` (tests), by default to `function` itself."""
    result = _result_kind(function._result)
    if _EXTENSION is None or result is None:
        return None
    codes = [_param_code(t) for _, t in function._params]
    if any(c is None for c in codes):
        return None
    address = ctypes.cast(function._entry, ctypes.c_void_p).value
    release = ctypes.cast(cdll.opsynth_release, ctypes.c_void_p).value
    arrays = {}
    if result == "ndarray":
        arrays = {"release_array": ctypes.cast(cdll.opsynth_release_array, ctypes.c_void_p).value, "asarray": np.asarray}
    version = cdll.opsynth_abi_version
    version.restype = ctypes.c_int
    try:
        entry = _EXTENSION.Entry(address, release, codes, fallback or function, abi._exception, _NP_SCALARS, np.ndarray,
                                 str_views=version() >= 3, dict_columns=version() >= 5, str_names=version() >= 6, names=tuple(p for p, _ in function._params),
                                 defaults=tuple(function._bind.__defaults__ or ()), **arrays)
    except (TypeError, ValueError):
        return None  # an extension of another opsynth version (an older installed prefix): ctypes serves
    for attribute in ("__name__", "__qualname__", "__signature__", "__doc__"):
        setattr(entry, attribute, getattr(function, attribute))
    entry.__wrapped__ = function  # the ctypes path, for comparisons and tests
    return entry

"""opsynth's loader: call a compiled library (fn.so + fn.manifest.json) like the Python it came from.

    lib = opsynth.load("fn.so")     # reads fn.manifest.json beside it
    lib.fn(x, 3)                    # every exported function is an attribute
    opsynth.load("fn.so")(x, 3)     # a library exporting one function is callable itself

    @opsynth.jit                    # compile on the first call per argument types (see opsynth/jit.py)
    def fn(x, n): ...

Python + ctypes + numpy, with a compiled call path (opsynth/_fastcall.cpp, built with the project) for
calls whose arguments and result are of the simple kinds; without it every call goes through ctypes,
with the same results. Arguments bind like Python's (positional or by keyword; missing or
extra ones raise Python's own TypeError messages) and must have the parameter's type: a float
parameter takes an int as Python would, an ndarray parameter takes exactly its dtype and ndim.
Lists, dicts and arrays keep Python's reference semantics: arrays are passed zero-copy, and what the
function does to a list or dict argument is written back into the same object after the call. See
opsynth/abi.py for the value boundary and runtime/rt/abi.hpp for the C side.

Deviations: a Literal parameter followed only by Literal parameters may be left out (its only
possible value is the default); a result that is an argument array viewed whole is that argument
object itself (Python's `x[:]` would be a new view of it).
"""

import ctypes
import inspect
import json
import keyword
import os

from . import abi, typelang
from ._fastcall_loader import fast_entry

__all__ = ["load", "Library", "Function", "LoadError", "jit", "JitWarning"]

ABI_VERSION = 6
# A version 1 library never packs lists, one before 3 reads no packed strs, one before 4 returns no
# packed strs, one before 5 reads no dicts in columns, and one before 6 names no input strs in its
# results: this loader reads each as it is, and sends lists of strs packed only from version 3 on, as
# nameable views only from version 6 on (the compiled call path; the ctypes path sends nodes).
ABI_VERSIONS_READ = (1, 2, 3, 4, 5, 6)
MANIFEST_SCHEMA = 1


class LoadError(OSError):
    """The library or its manifest cannot be used (missing, wrong schema or ABI version, bad entry)."""


class Function:
    """One exported function; calling it converts the arguments, calls the library, converts back."""

    def __init__(self, cdll, entry, where):
        name = entry.get("name")
        if not isinstance(name, str) or not name.isidentifier():
            raise LoadError(f"{where}: function name {name!r} is not a Python identifier")
        self.__name__ = self.__qualname__ = name
        self._library = cdll
        try:
            self._params = [(p["name"], typelang.parse(p["type"])) for p in entry["params"]]
            given = {p["name"]: _default_value(p["default"]) for p in entry["params"] if "default" in p}
            self._result = entry.get("result")
            self._entry = getattr(cdll, entry["symbol"])
        except (KeyError, TypeError, ValueError) as e:
            raise LoadError(f"{where}: function {name!r}: malformed entry ({e!r})") from None
        except typelang.TypeSyntaxError as e:
            raise LoadError(f"{where}: function {name!r}: {e}") from None
        except AttributeError:
            raise LoadError(f"{where}: the library has no symbol {entry['symbol']!r} for {name!r}") from None
        for pname, _ in self._params:
            if not pname.isidentifier() or keyword.iskeyword(pname):
                raise LoadError(f"{where}: function {name!r}: parameter name {pname!r} is not an identifier")
        self._entry.argtypes = abi.ENTRY_ARGTYPES
        self._entry.restype = ctypes.c_int
        self._bind = _binder(name, self._params, given)
        self.__signature__ = inspect.Signature([
            inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str(t),
                              default=given.get(p, inspect.Parameter.empty))
            for p, t in self._params], return_annotation=self._result or inspect.Signature.empty)
        self.__doc__ = f"{name}{self.__signature__} (compiled by opsynth)"

    def __call__(self, *args, **kwargs):
        values = self._bind(*args, **kwargs)
        n = len(values)
        call = abi.Call(self.__name__, self._library)
        arg_nodes = (abi.Value * n)()
        after = (abi.Value * n)()
        for k, ((pname, t), v) in enumerate(zip(self._params, values)):
            call.encode(t, v, arg_nodes[k], pname)
            after[k].kind = abi.UNSET
        out = abi.Value()
        rc = self._entry(arg_nodes, n, ctypes.byref(out), after)
        return call.finish(rc, out, after, n)  # `values` and `call` kept the nodes' memory alive until here

    def __repr__(self):
        return f"<opsynth function {self.__name__}{self.__signature__}>"


_DEFAULT_KINDS = {"int": int, "float": float, "str": str, "bool": lambda text: text == "True", "None": lambda text: None}


def _default_value(node):
    """A parameter's default from the manifest: {"kind": "float", "value": "-1e-12"}."""
    return _DEFAULT_KINDS[node["kind"]](node["value"])


def _binder(name, params, given=None):
    """A real Python function with the parameters' names, so binding errors are Python's own.
    Trailing parameters take the source's defaults (`given`), or their only value for a Literal."""
    given = given or {}
    names = [p for p, _ in params]
    defaults = []
    for pname, t in reversed(params):
        if pname in given:
            defaults.insert(0, given[pname])
        elif t.kind == "literal":
            defaults.insert(0, t.literal)
        else:
            break
    required = len(names) - len(defaults)
    signature = ", ".join(names[:required] + [f"{p}=__d[{k}]" for k, p in enumerate(names[required:])])
    source = f"def {name}({signature}):\n    return ({''.join(p + ', ' for p in names)})\n"
    namespace = {"__d": defaults}
    exec(compile(source, f"<opsynth binder for {name}>", "exec"), namespace)  # names are checked identifiers
    return namespace[name]


class Library:
    """A loaded library; its exported functions are attributes."""

    def __init__(self, path):
        self._path = os.path.abspath(os.fspath(path))
        stem = self._path[:-3] if self._path.endswith(".so") else self._path
        manifest_path = stem + ".manifest.json"
        try:
            with open(manifest_path, encoding="utf-8") as f:
                self._manifest = json.load(f)
        except (OSError, ValueError) as e:
            raise LoadError(f"{manifest_path}: cannot read the manifest ({e})") from None
        if not isinstance(self._manifest, dict) or self._manifest.get("schema") != MANIFEST_SCHEMA:
            raise LoadError(f"{manifest_path}: manifest schema must be {MANIFEST_SCHEMA}")
        try:
            self._cdll = ctypes.CDLL(self._path)
        except OSError as e:
            raise LoadError(f"{self._path}: cannot load the library ({e})") from None
        try:
            version = self._cdll.opsynth_abi_version
            self._cdll.opsynth_release.argtypes = [ctypes.POINTER(abi.Value)]
            self._cdll.opsynth_release.restype = None
            self._cdll.opsynth_release_array.argtypes = [ctypes.c_void_p]
            self._cdll.opsynth_release_array.restype = None
        except AttributeError as e:
            raise LoadError(f"{self._path}: not an opsynth library ({e})") from None
        version.restype = ctypes.c_int
        if version() not in ABI_VERSIONS_READ:
            raise LoadError(f"{self._path}: ABI version {version()}, this loader reads versions "
                            f"{', '.join(map(str, ABI_VERSIONS_READ))}")
        self._functions = {}
        for entry in self._manifest.get("functions", []):
            fn = Function(self._cdll, entry, manifest_path)
            exported = fast_entry(self._cdll, fn) or fn  # the compiled call path, falling back to fn
            self._functions[fn.__name__] = exported
            setattr(self, fn.__name__, exported)

    def __call__(self, *args, **kwargs):
        if len(self._functions) != 1:
            raise TypeError(f"{os.path.basename(self._path)} exports {len(self._functions)} functions "
                            f"({', '.join(self._functions)}); call one by name")
        return next(iter(self._functions.values()))(*args, **kwargs)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._functions))

    def __repr__(self):
        return f"<opsynth library {self._path}: {', '.join(self._functions)}>"


def load(path):
    """Loads the compiled library at path (a .so) with the manifest beside it."""
    return Library(path)


from .jit import JitWarning, jit  # noqa: E402 (jit uses load)

"""@opsynth.jit: compile a Python function on its first call per argument-type signature.

    @opsynth.jit
    def rms(a):
        return math.sqrt(np.mean(a * a))

    rms(np.ones(3))   # compiles rms at (ndarray[float64,1]) with `opsynth compile`, then calls the library

The types of a call's arguments (after binding, defaults included) are the signature: a new one is
compiled once, and libraries are cached on disk by the hash of the compiled source and the signature,
so another process reuses them. When a signature cannot be compiled (no source, an argument with no
type, syntax or an operator opsynth does not support yet), the call runs the Python function and one
warning per signature names the reason; the compiler's file:line:column point into the function's own
file.

The compiled module is made from the function's source (at its own line numbers), the functions of the
same module it calls, and the imports and constants it reads, so a function defined in a notebook cell
(whose source inspect finds through linecache) compiles too.
"""

import ast
import hashlib
import inspect
import os
import shutil
import subprocess
import tempfile
import textwrap
import threading
import types
import warnings
from pathlib import Path

from . import typelang

__all__ = ["jit", "JitWarning", "JitFunction"]


class JitWarning(UserWarning):
    """A signature of a @opsynth.jit function runs as Python; the message says why."""


class _NotCompiled(Exception):
    """Why a signature runs as Python."""


def _opsynth_binary():
    """$OPSYNTH_BIN, else `opsynth` on PATH, else the build folder of the source tree this package is in."""
    given = os.environ.get("OPSYNTH_BIN")
    if given:
        return given
    found = shutil.which("opsynth")
    if found:
        return found
    built = Path(__file__).resolve().parents[3] / "build" / "opsynth"
    if built.is_file():
        return str(built)
    raise _NotCompiled("no opsynth executable (set OPSYNTH_BIN or put opsynth on PATH)")


def _cache_root():
    """$OPSYNTH_CACHE_DIR/jit, else $XDG_CACHE_HOME/opsynth/jit, else ~/.cache/opsynth/jit (DESIGN §5)."""
    if os.environ.get("OPSYNTH_CACHE_DIR"):
        return Path(os.environ["OPSYNTH_CACHE_DIR"]) / "jit"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "opsynth" / "jit"


# ---- the module compiled for a function ----

def _global_names(tree):
    """Names a function's body reads that it does not bind itself (candidates for globals)."""
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound


def _function_text(fn):
    """(first line, source lines, parsed def) of a plain function, decorators blanked out so the
    line numbers stay the file's."""
    fn = getattr(fn, "__wrapped__", fn)
    try:
        lines, start = inspect.getsourcelines(fn)
    except (OSError, TypeError) as e:
        raise _NotCompiled(f"the source of {fn.__qualname__} is not available ({e})") from None
    text = textwrap.dedent("".join(lines))
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        raise _NotCompiled(f"the source of {fn.__qualname__} does not parse alone ({e.msg})") from None
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        raise _NotCompiled(f"{fn.__qualname__} is not a plain def (a lambda or a nested expression)")
    if "." in fn.__qualname__ and "<locals>" in fn.__qualname__:
        raise _NotCompiled(f"{fn.__qualname__} is a nested function (closures are not supported)")
    definition = tree.body[0]
    out = text.splitlines()
    for decorator in definition.decorator_list:
        for k in range(decorator.lineno - 1, decorator.end_lineno):
            out[k] = ""
    return max(start, 1), out, definition


def _import_line(name, value):
    """`import numpy as np` / `from math import sqrt as sqrt` for a global the function reads, or None."""
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__}" + ("" if value.__name__ == name else f" as {name}")
    module = getattr(value, "__module__", None)
    if module is None and type(value).__name__ == "ufunc":  # numpy ufuncs carry no __module__
        module = "numpy"
    if callable(value) and module and getattr(value, "__name__", None):
        return f"from {module} import {value.__name__}" + ("" if value.__name__ == name else f" as {name}")
    return None


def module_source(fn):
    """The text of a module that holds fn and what it reads from its module, fn at its own line."""
    fn = getattr(fn, "__wrapped__", fn)
    home = fn.__module__
    placed = {}     # first line -> lines, for functions of fn's own module (their file's line numbers)
    tail = []       # imports and constants
    seen = set()
    todo = [fn]
    while todo:
        f = todo.pop()
        if f.__name__ in seen:
            continue
        seen.add(f.__name__)
        start, lines, definition = _function_text(f)
        placed[start] = lines
        for name in sorted(_global_names(definition)):
            if name in seen or name not in f.__globals__:
                continue
            value = f.__globals__[name]
            value = getattr(value, "__wrapped__", value) if isinstance(value, JitFunction) else value
            if isinstance(value, types.FunctionType) and value.__module__ == home and value.__name__ == name:
                todo.append(value)
            elif type(value) in (bool, int, float, str):
                tail.append(f"{name} = {value!r}")
                seen.add(name)
            elif (line := _import_line(name, value)) is not None:
                tail.append(line)
                seen.add(name)
    out = []
    for start in sorted(placed):
        if len(out) > start - 1:
            raise _NotCompiled("two functions of the module overlap in the source inspect gives")
        out += [""] * (start - 1 - len(out)) + placed[start]
    return "\n".join(out + [""] + sorted(set(tail))) + "\n"


# ---- the decorator ----

class JitFunction:
    """The wrapper @opsynth.jit returns: calls go to the library compiled for the arguments' types, or to
    the Python function (with one JitWarning per signature) when that signature cannot be compiled."""

    def __init__(self, fn, quiet=False):
        self.__wrapped__ = fn
        self.__name__ = fn.__name__
        self.__qualname__ = fn.__qualname__
        self.__doc__ = fn.__doc__
        self.__module__ = fn.__module__
        self._signature = inspect.signature(fn)
        self._quiet = quiet
        self._lock = threading.Lock()
        self.compiled = {}   # signature text -> opsynth Function
        self.fallbacks = {}  # signature text -> the reason it runs as Python

    def __call__(self, *args, **kwargs):
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError:
            return self.__wrapped__(*args, **kwargs)  # Python's own TypeError
        bound.apply_defaults()
        try:
            sig = ", ".join(self._argument_type(name, value) for name, value in bound.arguments.items())
        except _NotCompiled as e:
            self._fall_back(f"(...) {e}", str(e), shown="(...)")
            return self.__wrapped__(*args, **kwargs)
        compiled = self.compiled.get(sig)
        if compiled is None and sig not in self.fallbacks:
            with self._lock:
                if sig not in self.compiled and sig not in self.fallbacks:
                    try:
                        self.compiled[sig] = self._compile(sig)
                    except _NotCompiled as e:
                        self._fall_back(sig, str(e))
            compiled = self.compiled.get(sig)
        if compiled is None:
            return self.__wrapped__(*args, **kwargs)
        return compiled(*bound.args)

    def _argument_type(self, name, value):
        try:
            return typelang.type_of_value(value)
        except typelang.UntypedValue as e:
            raise _NotCompiled(f"argument '{name}' has no opsynth type: {e}") from None

    def _fall_back(self, key, reason, shown=None):
        """Records why `key` (a signature) runs as Python, warning the first time."""
        if key in self.fallbacks:
            return
        self.fallbacks[key] = reason
        if not self._quiet:
            warnings.warn(f"opsynth.jit: {self.__name__}({shown or key}) runs as Python: {reason}", JitWarning, stacklevel=4)

    def _compile(self, sig):
        from . import load  # the package's loader; imported late to avoid a cycle

        source = module_source(self.__wrapped__)
        binary = _opsynth_binary()
        key = hashlib.sha256(f"{source}\0{self.__name__}\0{sig}\0{os.path.realpath(binary)}".encode()).hexdigest()
        folder = _cache_root() / key[:2] / key
        library = folder / f"{self.__name__}.so"
        if not (library.is_file() and (folder / f"{self.__name__}.manifest.json").is_file()):
            self._build(source, sig, binary, folder, library)
        return getattr(load(library), self.__name__)

    def _build(self, source, sig, binary, folder, library):
        folder.mkdir(parents=True, exist_ok=True)
        # A module name of its own: the compiled file is never importable under the user's module name.
        with tempfile.TemporaryDirectory(dir=folder) as work:
            path = Path(work) / "jit_source.py"
            path.write_text(source, encoding="utf-8")
            command = [binary, "compile", f"{path}::{self.__name__}", "--sig", sig, "-o", str(library), "--quiet"]
            run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            where = inspect.getsourcefile(self.__wrapped__) or self.__wrapped__.__code__.co_filename
            message = (run.stderr or run.stdout).strip().replace(str(path), where)
            lines = [line for line in message.splitlines() if line.strip()]
            raise _NotCompiled(f"opsynth compile exited {run.returncode}: " + "; ".join(lines[:4]))


def jit(fn=None, *, quiet=False):
    """Decorator: compile fn per argument-type signature on first call (see the module docstring).
    quiet=True suppresses the fallback warnings (the reasons stay in .fallbacks)."""
    if fn is None:
        return lambda f: JitFunction(f, quiet=quiet)
    return JitFunction(fn, quiet=quiet)

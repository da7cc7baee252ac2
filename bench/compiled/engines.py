"""The engines compiled Python is timed on, shared by bench_compiled.py and bench_corpus.py.

opsynth (`opsynth compile` + the ctypes loader), Numba (@njit of every function of the module, so that
calls between them stay compiled) and Pythran (one module per benchmarked function, holding it and the
functions it calls, exported with its annotated types). Each returns None and a reason where the
engine does not accept the source.
"""
import ast
import importlib.util
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Each engine's calls in one round of timing last at least this long: a single call of a 1-10 ms
# function measured the allocator's state as much as the code (first touches of fresh pages, a heap
# trimmed between calls), and moved a ratio by up to 2x between two runs.
MIN_ROUND = 0.02


def loops_for(fn, args, min_round=MIN_ROUND):
    """Calls of fn that make one round of at least min_round seconds."""
    start = time.perf_counter()
    fn(*args)
    once = time.perf_counter() - start
    return max(1, math.ceil(min_round / once)) if once > 0 else 1000


def round_time(fn, args, loops):
    start = time.perf_counter()
    for _ in range(loops):
        fn(*args)
    return (time.perf_counter() - start) / loops


def best_time(fn, args, repeat, min_round=MIN_ROUND):
    """Seconds per call: the best of `repeat` rounds, each looped for at least min_round."""
    loops = loops_for(fn, args, min_round)
    return min(round_time(fn, args, loops) for _ in range(repeat))


def best_times(fns, args, repeat, min_round=MIN_ROUND):
    """Seconds per call of each function of fns (label -> function): `repeat` rounds that time each in
    turn, each looped for at least min_round, the best round kept per function. Interleaved, so that a
    change in the machine's state (clock, another process, the heap) reaches every engine alike."""
    loops = {label: loops_for(fn, args, min_round) for label, fn in fns.items()}
    best = {label: math.inf for label in fns}
    for _ in range(repeat):
        for label, fn in fns.items():
            best[label] = min(best[label], round_time(fn, args, loops[label]))
    return best


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def compile_with_opsynth(opsynth, source, out, cache_dir=None):
    """Seconds `opsynth compile` took; cache_dir (empty for a cold run) replaces the compile cache."""
    env = dict(os.environ, OPSYNTH_CACHE_DIR=cache_dir) if cache_dir else dict(os.environ)
    start = time.perf_counter()
    subprocess.run([opsynth, "compile", source, "-o", out, "--quiet"], check=True, env=env)
    return time.perf_counter() - start


def numba_module(source, name):
    """The module with every top-level function replaced by its @njit dispatcher (compiled lazily)."""
    try:
        import numba
    except ImportError:
        return None, "numba is not installed"
    module = load_module(source, name)
    tree = ast.parse(open(source, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            setattr(module, node.name, numba.njit(getattr(module, node.name)))
    return module, ""


# ---- Pythran: export lines spelled from the annotations ----

SCALARS = {"int": "int", "float": "float", "bool": "bool", "str": "str"}


def pythran_type(annotation):
    """Pythran's spelling of a type-language annotation (an ast node), or None."""
    if isinstance(annotation, ast.Name):
        return SCALARS.get(annotation.id)
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):  # "ndarray[float64,2]"
        text = annotation.value.replace(" ", "")
        if text.startswith("ndarray[") and text.endswith("]"):
            dtype, rank = text[len("ndarray["):-1].split(",")
            return f"{dtype}[{','.join([':'] * int(rank))}]"
        return None
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name):
        inner = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
        parts = [pythran_type(t) for t in inner]
        if any(p is None for p in parts):
            return None
        kind = annotation.value.id
        if kind == "list" and len(parts) == 1:
            return f"{parts[0]} list"
        if kind == "dict" and len(parts) == 2:
            return f"{parts[0]}:{parts[1]} dict"
        if kind == "tuple":
            return "(" + ", ".join(parts) + ")"
    return None


def _called_functions(tree, name):
    """name and every top-level function it calls, directly or not."""
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    wanted, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in wanted:
            continue
        wanted.append(current)
        for node in ast.walk(functions[current]):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
                todo.append(node.func.id)
    return [functions[n] for n in functions if n in wanted]


class _StripAnnotations(ast.NodeTransformer):
    def visit_arg(self, node):
        node.annotation = None
        return node

    def visit_AnnAssign(self, node):
        if node.value is None:
            return None
        return ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)


def _without_annotations(function):
    """A copy of the function without annotations: Pythran trips over list[int] and "ndarray[...]"."""
    copy = _StripAnnotations().visit(ast.parse(ast.unparse(function)).body[0])
    copy.returns = None
    return ast.fix_missing_locations(copy)


def pythran_function(source, name, workdir, tag=""):
    """A Pythran build of `name` (with the imports, constants and functions it needs), or None and why."""
    tree = ast.parse(open(source, encoding="utf-8").read())
    functions = _called_functions(tree, name)
    target = functions[[f.name for f in functions].index(name)]
    params = [pythran_type(a.annotation) for a in target.args.args]
    if any(p is None for p in params):
        return None, "a parameter type Pythran's export line cannot spell"
    others = [n for n in tree.body if not isinstance(n, ast.FunctionDef) and not isinstance(n, ast.Expr)]
    functions = [_without_annotations(f) for f in functions]  # the export line carries the types
    module_name = f"pythran_{tag}{name}"
    text = f"#pythran export {name}({', '.join(params)})\n" + ast.unparse(ast.Module(others + functions, []))
    path = os.path.join(workdir, module_name + ".py")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    try:
        subprocess.run([sys.executable, "-m", "pythran.run", "-O2", path, "-o",
                        os.path.join(workdir, module_name + ".so")], check=True, cwd=workdir,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    except subprocess.CalledProcessError as e:
        lines = [line.strip() for line in e.stderr.decode(errors="replace").splitlines() if line.strip()]
        errors = [line for line in lines if "rror" in line] or lines
        return None, "pythran rejects it: " + (errors[-1][:160] if errors else "no message")
    except (FileNotFoundError, subprocess.TimeoutExpired) as e:
        return None, f"pythran failed: {e}"
    if workdir not in sys.path:
        sys.path.insert(0, workdir)
    return getattr(importlib.import_module(module_name), name), ""


def survives_call(module_dir, module_name, function, setup, call_args):
    """Whether calling a native module's function on these arguments leaves the process alive: Pythran
    has crashed (SIGSEGV) converting some results, which would end the whole benchmark. Runs
    `setup` (Python that defines the arguments as the expression call_args) in a child first."""
    code = (f"import sys\nsys.path.insert(0, {module_dir!r})\n{setup}\n"
            f"import {module_name}\n{module_name}.{function}(*{call_args})\n")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=600)
    return child.returncode >= 0  # an exception is the engine's answer; a signal is a crash


def checked(label, fn, args, expected, key, notes, difference):
    """None when the engine gives the expected result, else a word saying why it is not timed: "n/a" (no
    such engine), "rejects" (it refused the source at its first call), "WRONG" (difference(expected,
    got) said why; a wrong result is never timed). Reasons go to notes."""
    if fn is None:
        return "n/a"
    try:
        got = plain(fn(*args))  # also the JIT's warm-up
    except Exception as e:  # an engine that rejects the source, at its first call
        first = str(e).splitlines()[0][:140] if str(e) else ""
        notes.append(f"{label} rejects {key}: {type(e).__name__}: {first}")
        return "rejects"
    if (why := difference(expected, got)) is not None:
        notes.append(f"{label} is wrong on {key}: {why[:200]}")
        return "WRONG"
    return None


def speedup_row(python_fn, engines_fns, args, expected, key, repeat, notes, difference):
    """CPython's seconds per call and, per engine (label -> function or None), its speedup over CPython
    or the word checked() gave, all timed in the same interleaved rounds."""
    words, timed_fns = {}, {"CPython": python_fn}
    for label, fn in engines_fns.items():
        word = checked(label, fn, args, expected, key, notes, difference)
        if word is None:
            timed_fns[label] = fn
        else:
            words[label] = word
    times = best_times(timed_fns, args, repeat)
    base = times.pop("CPython")
    return base, {label: words.get(label, base / times[label] if label in times else None) for label in engines_fns}


def plain(value):
    """Numba's typed containers as the Python ones CPython returns, for the comparison."""
    kind = type(value).__name__
    if kind == "Dict" or kind == "DictType":
        return {k: plain(v) for k, v in value.items()}
    if kind in ("List", "ListType", "reflected list"):
        return [plain(v) for v in value]
    return value

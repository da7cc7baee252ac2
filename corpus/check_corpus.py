"""Checks the corpus as a test: supported syntax and annotations, every function run on its inputs.

For each corpus module (every .py here but inputs.py and this file) it checks statically that only the
supported Python subset is used and that every annotation is in the type language, then runs every
function on its benchmark inputs (inputs.py) and on small hand cases, and checks that
  - the result has the annotated type (float means a Python float, not a numpy float64; arrays by
    dtype and ndim; containers element by element),
  - hand cases give the expected value,
  - the arguments are not mutated (benchmarks call a function repeatedly on the same inputs),
  - every variable keeps one type for its whole life (traced at a small size).

Usage: /usr/bin/python3 check_corpus.py [-v]   exit 0 when all is well, 1 with the problems on stderr.
"""

import ast
import copy
import importlib
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
NOT_CORPUS = {"inputs.py", "check_corpus.py", "check_compiled.py", "same_result.py", "verify_options.py"}
MAX_FUNCTION_LINES = 30
TRACE_N = 12

# ---------------------------------------------------------------------------------------------------
# Types: nested tuples, ("int",), ("list", T), ("dict", K, V), ("tuple", T1, ...), ("ndarray", dt, n).
# None stands for "not known yet" (an empty list's element type).

SCALARS = {"bool", "int", "float", "str"}
DTYPES = {"bool", "int32", "int64", "float32", "float64"}
NDARRAY = re.compile(r"ndarray\[(bool|int32|int64|float32|float64),([1-9])\]")


class Mismatch(Exception):
    pass


def show(t) -> str:
    if t is None:
        return "?"
    if t[0] == "ndarray":
        return f"ndarray[{t[1]},{t[2]}]"
    if len(t) == 1:
        return t[0]
    return f"{t[0]}[{','.join(show(a) for a in t[1:])}]"


def unify(a, b):
    """The common type of a and b, filling unknown parts; Mismatch when they differ."""
    if a is None:
        return b
    if b is None:
        return a
    if a[0] != b[0] or len(a) != len(b):
        raise Mismatch(f"{show(a)} vs {show(b)}")
    if a[0] == "ndarray":
        if a != b:
            raise Mismatch(f"{show(a)} vs {show(b)}")
        return a
    return (a[0],) + tuple(unify(x, y) for x, y in zip(a[1:], b[1:]))


def type_of(v):
    """The type-language type of a runtime value; Mismatch for a container of mixed types."""
    if v is None:
        return ("None",)
    t = type(v)
    if t in (bool, int, float, str):
        return (t.__name__,)
    if isinstance(v, np.ndarray):
        return ("ndarray", v.dtype.name, v.ndim)
    if isinstance(v, np.generic):
        return ("bool_",) if t is np.bool_ else (v.dtype.name,)
    if t is list:
        elem = None
        for x in v:
            elem = unify(elem, type_of(x))
        return ("list", elem)
    if t is dict:
        key = val = None
        for k, x in v.items():
            key = unify(key, type_of(k))
            val = unify(val, type_of(x))
        return ("dict", key, val)
    if t is tuple:
        return ("tuple",) + tuple(type_of(x) for x in v)
    return (f"<{t.__name__}>",)


# ---------------------------------------------------------------------------------------------------
# Static checks: the supported subset (README.md, DESIGN §6) and annotations in the type language (§1).

FORBIDDEN = {
    ast.ClassDef: "class",
    ast.Lambda: "lambda",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
    ast.GeneratorExp: "generator expression",
    ast.Try: "try",
    ast.With: "with",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.FunctionDef: "nested function",
    ast.AsyncFunctionDef: "async function",
    ast.Await: "await",
    ast.Set: "set",
    ast.SetComp: "set comprehension",
    ast.Starred: "starred expression",
    ast.NamedExpr: "assignment expression",
    ast.Delete: "del",
    ast.Assert: "assert",
    ast.Raise: "raise",
    ast.Import: "import inside a function",
    ast.ImportFrom: "import inside a function",
    ast.Match: "match",
}
if hasattr(ast, "TryStar"):
    FORBIDDEN[ast.TryStar] = "try"


def annotation_type(node: ast.expr):
    """The type an annotation spells, or Mismatch naming what is not in the type language."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        m = NDARRAY.fullmatch(node.value)
        if not m:
            raise Mismatch(f"string annotation {node.value!r} is not ndarray[DT,N] (DT in {sorted(DTYPES)})")
        return ("ndarray", m.group(1), int(m.group(2)))
    if isinstance(node, ast.Constant) and node.value is None:
        return ("None",)
    if isinstance(node, ast.Name) and node.id in SCALARS:
        return (node.id,)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        arity = {"list": 1, "dict": 2}.get(node.value.id)
        if (node.value.id == "tuple" and args) or arity == len(args):
            return (node.value.id,) + tuple(annotation_type(a) for a in args)
    raise Mismatch(f"annotation {ast.unparse(node)!r} is not in the type language")


def check_function_syntax(fn: ast.FunctionDef, where: str, problems: list[str]) -> None:
    a = fn.args
    if fn.decorator_list:
        problems.append(f"{where}: decorators are not supported")
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
        problems.append(f"{where}: only plain positional parameters are supported")
    if a.defaults or a.kw_defaults:
        problems.append(f"{where}: default parameter values are not supported")
    for arg in a.args:
        if arg.annotation is None:
            problems.append(f"{where}: parameter {arg.arg} has no annotation")
    if fn.returns is None:
        problems.append(f"{where}: no return annotation")
    for node in [arg.annotation for arg in a.args] + [fn.returns]:
        if node is not None:
            try:
                annotation_type(node)
            except Mismatch as e:
                problems.append(f"{where}: {e}")
    doc = ast.get_docstring(fn, clean=False)
    if not doc or "\n" in doc.strip():
        problems.append(f"{where}: needs a one-line docstring")
    if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES:
        problems.append(f"{where}: {fn.end_lineno - fn.lineno + 1} lines (at most {MAX_FUNCTION_LINES})")
    # The element type of an empty [] or {} comes from the annotation of the variable it initializes.
    annotated_values = {id(n.value) for n in ast.walk(fn) if isinstance(n, ast.AnnAssign)}
    for node in ast.walk(fn):
        if node is not fn and type(node) in FORBIDDEN:
            problems.append(f"{where}:{node.lineno}: {FORBIDDEN[type(node)]} is not supported")
        if isinstance(node, ast.keyword) and node.arg is None:
            problems.append(f"{where}:{node.lineno}: **kwargs in a call is not supported")
        if isinstance(node, ast.AnnAssign):
            try:
                annotation_type(node.annotation)
            except Mismatch as e:
                problems.append(f"{where}:{node.lineno}: {e}")
        empty_list = isinstance(node, ast.List) and not node.elts
        empty_dict = isinstance(node, ast.Dict) and not node.keys
        if (empty_list or empty_dict) and id(node) not in annotated_values:
            where_line = f"{where}:{node.lineno}"
            problems.append(f"{where_line}: an empty [] or {{}} needs an annotated variable (x: list[int] = [])")


def check_module_syntax(path: Path, problems: list[str]) -> list[ast.FunctionDef]:
    """Checks a module's top level and functions; returns its functions in file order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    functions: list[ast.FunctionDef] = []
    for i, node in enumerate(tree.body):
        where = f"{path.name}:{node.lineno}"
        if isinstance(node, ast.FunctionDef):
            functions.append(node)
            check_function_syntax(node, f"{path.stem}.{node.name}", problems)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name, alias.asname) not in {("math", None), ("numpy", "np")}:
                    problems.append(f"{where}: only `import math` and `import numpy as np` are supported")
        elif isinstance(node, ast.ImportFrom):
            if node.module != "math" or any(alias.asname for alias in node.names):
                problems.append(f"{where}: only `from math import name` is supported")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            pass  # a module constant
        elif not (i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            problems.append(f"{where}: only imports, constants and functions may be at the top level")
    return functions


# ---------------------------------------------------------------------------------------------------
# Runtime checks.


def same(a, b) -> bool:
    """Exact structural equality where NaN equals NaN (to detect mutated arguments)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        nan_ok = a.dtype.kind in "fc"
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=nan_ok)
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def close(got, want) -> bool:
    """Equality for expected values: floats to 1e-9 relative, NaN equals NaN, dicts in order."""
    if isinstance(want, np.ndarray):
        return (
            isinstance(got, np.ndarray)
            and got.shape == want.shape
            and np.allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True)
        )
    if isinstance(want, float):
        if not isinstance(got, float):
            return False
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(got) and math.isnan(want))
    if isinstance(want, (list, tuple)):
        return type(got) is type(want) and len(got) == len(want) and all(map(close, got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and list(got) == list(want) and all(close(got[k], want[k]) for k in want)
    return type(got) is type(want) and got == want


def check_result(key: str, result, returns, problems: list[str]) -> None:
    try:
        t = type_of(result)
        if unify(t, returns) != returns:
            raise Mismatch(f"{show(t)} vs {show(returns)}")
    except Mismatch as e:
        problems.append(f"{key}: returned {show_value_type(result)}, annotated {show(returns)} ({e})")


def show_value_type(v) -> str:
    try:
        return show(type_of(v))
    except Mismatch:
        return f"{type(v).__name__} of mixed element types"


def traced_variable_types(fn, args, files: set[str], problems: list[str], key: str):
    """Calls fn(*args) while recording every local's type after each line; a change is a problem."""
    seen: dict[tuple, object] = {}

    def record(frame):
        for name, v in frame.f_locals.items():
            if name.startswith("."):  # a comprehension's hidden iterator
                continue
            where = (frame.f_code.co_name, name)
            try:
                t = type_of(v)
            except Mismatch as e:
                problems.append(f"{key}: variable {name} in {frame.f_code.co_name} mixes element types ({e})")
                continue
            try:
                seen[where] = unify(seen.get(where), t)
            except Mismatch as e:
                problems.append(f"{key}: variable {name} in {frame.f_code.co_name} changes type ({e})")

    def local(frame, event, arg):
        if event in ("line", "return"):
            record(frame)
        return local

    def on_call(frame, event, arg):
        return local if frame.f_code.co_filename in files else None

    sys.settrace(on_call)
    try:
        return fn(*args)
    finally:
        sys.settrace(None)


def hand_cases() -> list[tuple]:
    """(module.function, args, expected) on small inputs, including empty ones."""
    a = np.array
    nan = math.nan
    ln2 = math.log(2.0)
    box = a([[1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    vocab = {"a": 1, "b": 2}
    table = a([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    rows3 = a([[0.0, 1.0], [2.0, 0.0], [1.0, 1.0]])
    return [
        ("numeric_kernels.stencil_3pt", (a([0.0, 4.0, 0.0, 4.0]),), a([0.0, 2.0, 2.0, 4.0])),
        ("numeric_kernels.stencil_3pt", (np.zeros(0),), np.zeros(0)),
        ("numeric_kernels.stencil_3pt", (a([7.0]),), a([7.0])),
        ("numeric_kernels.jacobi_step", (box,), np.ones((3, 3))),
        ("numeric_kernels.prefix_sum", ([],), []),
        ("numeric_kernels.prefix_sum", ([1.0, 2.0, 3.5],), [1.0, 3.0, 6.5]),
        ("numeric_kernels.dot_loop", (a([1.0, 2.0, 3.0]), a([4.0, 5.0, 6.0])), 32.0),
        ("numeric_kernels.dot_loop", (np.zeros(0), np.zeros(0)), 0.0),
        ("numeric_kernels.matvec_loop", (a([[1.0, 2.0], [3.0, 4.0]]), a([1.0, 1.0])), a([3.0, 7.0])),
        ("numeric_kernels.horner", ([2.0, -3.0, 1.0], 2.0), 3.0),
        ("numeric_kernels.horner", ([], 5.0), 0.0),
        ("numeric_kernels.trapezoid", (a([0.0, 1.0, 2.0]), 0.5), 1.0),
        ("numeric_kernels.trapezoid", (a([3.0]), 1.0), 0.0),
        ("numeric_kernels.mean_variance", ([],), (0.0, 0.0)),
        ("numeric_kernels.mean_variance", ([1.0, 2.0, 3.0, 4.0],), (2.5, 1.25)),
        ("numeric_kernels.euclidean", ([0.0, 0.0], [3.0, 4.0]), 5.0),
        ("numeric_kernels.euclidean", ([], []), 0.0),
        ("numeric_kernels.manhattan", (a([1.0, 2.0]), a([3.0, 0.0])), 4.0),
        ("numeric_kernels.cosine_distance", (a([1.0, 0.0]), a([0.0, 1.0])), 1.0),
        ("numeric_kernels.cosine_distance", (a([1.0, 0.0]), a([2.0, 0.0])), 0.0),
        ("numeric_kernels.cosine_distance", (a([0.0, 0.0]), a([2.0, 0.0])), 1.0),
        ("numeric_kernels.pairwise_distances", (a([[0.0, 0.0], [3.0, 4.0]]),), a([[0.0, 5.0], [5.0, 0.0]])),
        ("numeric_kernels.softmax", (a([0.0, math.log(3.0)]),), a([0.25, 0.75])),
        ("numeric_kernels.softmax", (a([1000.0, 1000.0]),), a([0.5, 0.5])),
        ("numeric_kernels.logsumexp", (a([0.0, 0.0]),), ln2),
        ("numeric_kernels.logsumexp", (a([1000.0, 1000.0]),), 1000.0 + ln2),
        ("numeric_kernels.logsumexp", (a([-math.inf]),), -math.inf),
        ("numeric_kernels.minmax_normalize", (a([2.0, 4.0, 6.0]),), a([0.0, 0.5, 1.0])),
        ("numeric_kernels.minmax_normalize", (a([3.0, 3.0]),), a([0.0, 0.0])),
        ("numeric_kernels.zscore", (a([1.0, 3.0]),), a([-1.0, 1.0])),
        ("numeric_kernels.zscore", (a([3.0, 3.0]),), a([0.0, 0.0])),
        ("numeric_kernels.moving_average", ([1.0, 2.0, 3.0, 4.0], 2), [1.5, 2.5, 3.5]),
        ("numeric_kernels.moving_average", ([1.0, 2.0], 5), []),
        ("numeric_kernels.moving_average", ([], 1), []),
        ("numeric_kernels.histogram_counts", ([0.0, 0.5, 1.0, 2.0, -1.0], 0.0, 1.0, 2), [1, 2]),
        ("numeric_kernels.histogram_counts", ([], 0.0, 1.0, 3), [0, 0, 0]),
        ("numeric_kernels.mandelbrot_counts", (2, 1, 10), [1, 2]),
        ("numeric_kernels.mandelbrot_counts", (0, 0, 10), []),
        ("text.tokenize_words", ("",), []),
        ("text.tokenize_words", ("Hello, World! 42x", ), ["hello", "world", "42x"]),
        ("text.tokenize_words", ("Straße—CAFÉ",), ["straße", "café"]),
        ("text.word_counts", ("a b A",), {"a": 2, "b": 1}),
        ("text.word_counts", ("",), {}),
        ("text.clean_text", ("  \u201cHello\u201d\u00a0 WORLD\u2014Straße\n",), '"hello" world-strasse'),
        ("text.clean_text", ("",), ""),
        ("text.is_palindrome", ("A man, a plan, a canal: Panama",), True),
        ("text.is_palindrome", ("",), True),
        ("text.is_palindrome", ("ab",), False),
        ("text.caesar_shift", ("Hello, World!", 3), "Khoor, Zruog!"),
        ("text.caesar_shift", ("abc é", -1), "zab é"),
        ("text.caesar_shift", ("", 5), ""),
        ("text.count_vowels", ("AEIOU xyz é",), 5),
        ("text.count_vowels", ("",), 0),
        ("text.title_case", ("the lord OF the  rings",), "The Lord of the Rings"),
        ("text.title_case", ("",), ""),
        ("text.longest_common_prefix", (["flower", "flow", "flight"],), "fl"),
        ("text.longest_common_prefix", ([],), ""),
        ("text.longest_common_prefix", (["a", "b"],), ""),
        ("text.run_length_encode", ("aaabcc",), "3a1b2c"),
        ("text.run_length_encode", ("",), ""),
        ("text.run_length_decode", ("3a1b2c",), "aaabcc"),
        ("text.run_length_decode", ("12é",), "é" * 12),
        ("text.run_length_decode", ("",), ""),
        ("text.char_ngrams", ("abab", 2), {"ab": 2, "ba": 1}),
        ("text.char_ngrams", ("a", 2), {}),
        ("text.line_word_char_counts", ("one two\nthree\n",), (2, 3, 14)),
        ("text.line_word_char_counts", ("",), (0, 0, 0)),
        ("text.reverse_words", (" a  b c ",), "c b a"),
        ("text.reverse_words", ("",), ""),
        ("text.group_anagrams", (["tea", "eat", "tan"],), {"aet": ["tea", "eat"], "ant": ["tan"]}),
        ("text.group_anagrams", ([],), {}),
        ("text.acronym", ("portable network-graphics",), "PNG"),
        ("text.acronym", ("",), ""),
        ("wrangling.group_sum", (["a", "b", "a"], [1.0, 2.0, 3.0]), {"a": 4.0, "b": 2.0}),
        ("wrangling.group_sum", ([], []), {}),
        ("wrangling.count_by_key", (["x", "y", "x"],), {"x": 2, "y": 1}),
        ("wrangling.top_k", ([3, 1, 2], 2), [3, 2]),
        ("wrangling.top_k", ([], 3), []),
        ("wrangling.dedupe", (["b", "a", "b"],), ["b", "a"]),
        ("wrangling.dedupe", ([],), []),
        ("wrangling.merge_sorted", ([1, 3, 5], [2, 3, 6]), [1, 2, 3, 3, 5, 6]),
        ("wrangling.merge_sorted", ([], []), []),
        ("wrangling.invert_mapping", ({"a": 1, "b": 2, "c": 1},), {1: ["a", "c"], 2: ["b"]}),
        ("wrangling.invert_mapping", ({},), {}),
        ("wrangling.filter_in_range", ([0.0, 1.0, 2.0, 3.0], 1.0, 2.0), [1.0, 2.0]),
        ("wrangling.running_max", ([1, 3, 2, 5],), [1, 3, 3, 5]),
        ("wrangling.running_max", ([],), []),
        ("wrangling.clamp_values", ([-2.0, 0.5, 2.0], -1.0, 1.0), [-1.0, 0.5, 1.0]),
        ("wrangling.bucketize", ([-1.0, 0.0, 0.5, 2.0], [0.0, 1.0]), [0, 1, 1, 2]),
        ("wrangling.bucketize", ([0.5], []), [0]),
        ("wrangling.pivot_totals", (["r", "r", "s"], ["c", "c", "d"], [1.0, 2.0, 4.0]),
         {"r|c": 3.0, "s|d": 4.0}),
        ("wrangling.chunk_sums", ([1, 2, 3, 4, 5], 2), [3, 7, 5]),
        ("wrangling.chunk_sums", ([], 2), []),
        ("wrangling.parse_records", (["a,1.5", "", "# x", " b , -2 ", "a,3"],), {"a": 3.0, "b": -2.0}),
        ("wrangling.weighted_mean_by_key", (["a", "a", "b"], [1.0, 3.0, 5.0], [1.0, 3.0, 0.0]), {"a": 2.5}),
        ("wrangling.fill_forward", ([nan, 1.0, nan, 2.0],), [nan, 1.0, 1.0, 2.0]),
        ("embedding.tokenize", ("Hello, WÖRLD!",), ["hello", "wörld"]),
        ("embedding.tokenize", ("",), []),
        ("embedding.build_vocab", (["a b a", "b c"], 2), {"a": 1, "b": 2}),
        ("embedding.build_vocab", ([], 1), {}),
        ("embedding.lookup_ids", (["a", "zz"], {"a": 5}), [5, 0]),
        ("embedding.lookup_ids", ([], {"a": 5}), []),
        ("embedding.mean_pool", (a([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]]), [1, 2]), a([2.0, 3.0])),
        ("embedding.mean_pool", (table, []), a([0.0, 0.0])),
        ("embedding.l2_normalize", (a([3.0, 4.0]),), a([0.6, 0.8])),
        ("embedding.l2_normalize", (a([0.0, 0.0]),), a([0.0, 0.0])),
        ("embedding.cosine_similarity", (a([1.0, 0.0]), a([1.0, 1.0])), math.sqrt(0.5)),
        ("embedding.cosine_similarity", (a([0.0, 0.0]), a([1.0, 1.0])), 0.0),
        ("embedding.embed", ("a B", vocab, table), a([math.sqrt(0.5), math.sqrt(0.5)])),
        ("embedding.embed", ("", vocab, table), a([0.0, 0.0])),
        ("embedding.embed_and_compare", ("a", "b", vocab, table), 0.0),
        ("embedding.embed_and_compare", ("a a", "A!", vocab, table), 1.0),
        ("embedding.nearest_row", (a([1.0, 0.0]), rows3), 1),
        ("embedding.nearest_row", (a([1.0, 0.0]), np.zeros((0, 2))), -1),
        ("embedding.top_k_similar", (a([1.0, 0.0]), rows3, 2), [1, 2]),
        ("embedding.top_k_similar", (a([1.0, 0.0]), rows3, 0), []),
    ]


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    sys.path.insert(0, str(HERE))
    import inputs

    problems: list[str] = []
    signatures: dict[str, tuple] = {}  # key -> (function, parameter types, return type)
    files: set[str] = set()
    for path in sorted(HERE.glob("*.py")):
        if path.name in NOT_CORPUS:
            continue
        module = importlib.import_module(path.stem)
        files.add(module.__file__)
        for node in check_module_syntax(path, problems):
            try:
                params = tuple(annotation_type(arg.annotation) for arg in node.args.args)
                returns = annotation_type(node.returns)
            except (Mismatch, AttributeError):
                continue  # reported by check_module_syntax
            signatures[f"{path.stem}.{node.name}"] = (getattr(module, node.name), params, returns)

    for key in sorted(set(inputs.INPUTS) - set(signatures)):
        problems.append(f"inputs.py: INPUTS[{key!r}] names no corpus function")
    for key, (fn, params, returns) in signatures.items():
        if key not in inputs.INPUTS:
            problems.append(f"{key}: no entry in inputs.INPUTS")
            continue
        make = inputs.INPUTS[key]
        n = inputs.bench_n(key)
        args = make(n)
        if not same(args, make(n)):
            problems.append(f"{key}: inputs are not deterministic")
        if len(args) != len(params):
            problems.append(f"{key}: inputs give {len(args)} arguments, the function takes {len(params)}")
            continue
        for i, (arg, want) in enumerate(zip(args, params)):
            if not unify_ok(arg, want):
                problems.append(f"{key}: input {i} is {show_value_type(arg)}, annotated {show(want)}")
        before = copy.deepcopy(args)
        try:
            elapsed = best_time(fn, args, 3 if verbose else 1)
            result = fn(*args)
            traced = traced_variable_types(fn, make(TRACE_N), files, problems, key)
        except Exception as e:  # a corpus function must not raise on its inputs
            problems.append(f"{key}: raised {type(e).__name__}: {e}")
            continue
        check_result(key, result, returns, problems)
        check_result(key, traced, returns, problems)
        if not same(args, before):
            problems.append(f"{key}: mutates its arguments")
        if verbose:
            print(f"{key:40} n={n:<8} {elapsed * 1e3:9.3f} ms  -> {show_value_type(result)}")

    covered: set[str] = set()
    cases = hand_cases()
    for key, args, want in cases:
        if key not in signatures:
            problems.append(f"hand case names no corpus function: {key}")
            continue
        fn, _, returns = signatures[key]
        covered.add(key)
        before = copy.deepcopy(args)
        try:
            got = traced_variable_types(fn, args, files, problems, key)
        except Exception as e:
            problems.append(f"{key}{args!r}: raised {type(e).__name__}: {e}")
            continue
        check_result(key, got, returns, problems)
        if not close(got, want):
            problems.append(f"{key}{args!r}: got {got!r}, expected {want!r}")
        if not same(args, before):
            problems.append(f"{key}{before!r}: mutates its arguments")
    for key in sorted(set(signatures) - covered):
        problems.append(f"{key}: no hand case")

    for p in dict.fromkeys(problems):
        print(p, file=sys.stderr)
    print(f"{len(signatures)} functions, {len(cases)} hand cases: "
          f"{'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


def best_time(fn, args, repeats: int) -> float:
    """The shortest of `repeats` timed calls, in seconds."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def unify_ok(value, want) -> bool:
    try:
        return unify(type_of(value), want) == want
    except Mismatch:
        return False


if __name__ == "__main__":
    sys.exit(main())

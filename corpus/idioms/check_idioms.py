"""The idiom corpus against opsynth: compile each unannotated kernel from example inputs, load it, compare with numpy.

For each kernel FILE.FN of corpus/idioms (linalg, stencils, simulation, layers, signal):
  1. `opsynth compile corpus/idioms/FILE.py::FN --example corpus/idioms/inputs.py:INPUTS['FILE.FN'](N)
     -o OUT/FILE.FN.so --quiet`: the parameter types come from the example arguments; on failure the
     first line opsynth printed is the kernel's error;
  2. in a child process (a crash of the library ends the child, not the check): `opsynth.load` the
     library and call it at sizes check_n(key) and 9 on copies of the arguments, against the Python
     function under numpy on other copies. The results and every argument after the call (kernels
     mutate in place) must agree as corpus/same_result.py says: same types, ints and bools exact,
     floats within rtol 1e-9 (atol 1e-12) with NaN where numpy has NaN; or both raise the same exception.
It compiles on a copy of oplib/ per job (compiling records verifications in op.json; the source
tree's stays untouched), or on $OPSYNTH_OPLIB when set.

`--python-only` compiles nothing: it checks the rules the kernels follow (no annotations, one-line
docstring, 3-25 lines, imports of numpy and math only), runs every kernel twice on fresh inputs (no
exception, identical results and arguments, inputs rebuilt identically) and counts those that mutate
an argument.

With `--verify CASES`, each kernel that matches then runs `opsynth verify --function` against the Python
kernel (CASES acceptance cases, half as many repair cases, ints from -2 to 8, the size sweep to 300, and
for a kernel VERIFY_TOLERANCE names, its tolerance, with the reason beside it; none is named now).

Usage: /usr/bin/python3 corpus/idioms/check_idioms.py [-k SUBSTR] [--jobs N] [--json OUT] [--strict]
                                                      [--python-only] [--out DIR] [--opsynth PATH] [--verify CASES]
Exit 0, or with --strict 1 when some kernel failed (did not compile, did not match, broke a rule, or with
--verify did not pass verify --function).
"""

import os
import sys

# This folder holds the kernels' signal.py: off the import path, so it never shadows the standard library's
# signal module (subprocess uses it to kill a compile that runs past its timeout).
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import argparse  # noqa: E402
import ast
import concurrent.futures
import copy
import importlib.util
import json
import queue
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1]
FILES = ["linalg", "stencils", "simulation", "layers", "signal"]
COMPARE_SIZES = (None, 9)  # None: inputs.check_n(key)
COMPILE_TIMEOUT = 900
COMPARE_TIMEOUT = 300
MIN_MUTATING = 8
MIN_LINES, MAX_LINES = 3, 25  # def to last line; a one-line activation is 3

sys.path.insert(0, str(HERE.parent))  # same_result
sys.path.insert(0, str(SOURCE / "compiler" / "python"))  # opsynth
import same_result  # noqa: E402


def load_file(path, name):
    """Import a file under a module name of our choosing: signal.py must not be `import signal`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


inputs = load_file(HERE / "inputs.py", "idioms_inputs")


def kernel_function(key):
    file, name = key.split(".")
    return getattr(load_file(HERE / f"{file}.py", f"idioms_{file}"), name)


def kernel_keys():
    """FILE.FN of every top-level function, in file order."""
    keys = []
    for file in FILES:
        tree = ast.parse((HERE / f"{file}.py").read_text(encoding="utf-8"))
        keys += [f"{file}.{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)]
    return keys


def sizes_of(key):
    return [inputs.check_n(key) if n is None else n for n in COMPARE_SIZES]


def outcome(fn, args):
    """('returned', value, args after the call) or ('raised', class name, message)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return ("returned", fn(*args), args)
    except Exception as e:  # exceptions are compared too
        return ("raised", type(e).__name__, str(e))


def compare(key, library):
    """None when the library behaves as the Python kernel at every size, else the first difference."""
    import opsynth

    python_fn = kernel_function(key)
    compiled_fn = getattr(opsynth.load(library), key.split(".")[1])
    for n in sizes_of(key):
        args = inputs.INPUTS[key](n)
        want = outcome(python_fn, copy.deepcopy(args))
        got = outcome(compiled_fn, copy.deepcopy(args))
        if want[0] != got[0] or (want[0] == "raised" and want != got):
            return f"n={n}: numpy {want[0]} {want[1:2]!r:.100}, opsynth {got[0]} {got[1:3]!r:.200}"
        if want[0] == "raised":
            continue
        difference = same_result.difference(want[1], got[1])
        for i, (py_after, c_after) in enumerate(zip(want[2], got[2])):
            if difference is None:
                difference = same_result.difference(py_after, c_after, where=f"argument {i + 1} after the call")
        if difference is not None:
            return f"n={n}: {difference}"
    return None


def first_error(text):
    """opsynth's first error line, kernel files named without their folder; a line ending in ':' (the list of
    missing overloads) with the first item after it, its `opsynth fill` command left out."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("opsynth: warning:")]
    if not lines:
        return "(no output)"
    error = lines[0].removeprefix("opsynth: ")
    if error.endswith(":") and len(lines) > 1:
        error += " " + lines[1].split("    opsynth fill ")[0]
    return error.replace(f"{HERE}/", "")


# verify --function on a kernel: ints stay small (they are sizes, steps, strides and indices in these
# kernels; at +-1000 CPython's loops would dominate), and the size sweep stops at VERIFY_MAX_LENGTH.
VERIFY_DOMAIN = '{"int_min": -2, "int_max": 8}'
VERIFY_MAX_LENGTH = 300
VERIFY_TIMEOUT = 900
# A person's tolerance for a kernel where the default (a bound relative to the inputs' magnitudes) has
# the wrong scale, with the reason beside it. None is needed now: with the oracle's numpy on its baseline
# kernels (verify/README.md) and libm calls kept as calls, powers, quotients and exponentials of the
# inputs (r**-1.5 summed over cancelling forces, (s/r)**12, exp(x - max) / sum) match numpy bit for bit.
VERIFY_TOLERANCE = {}
# Kernels whose random inputs rarely reach their domain, run with this many times the cases (the verifier
# wants 1% of the acceptance cases to return): a random matrix is symmetric positive definite only as
# 0x0 or a positive 1x1, so np.linalg.cholesky returned on 1-4 of 200 cases, and one run in four was
# INCONCLUSIVE at the 1% floor.
VERIFY_CASES_FACTOR = {"linalg.cholesky_solve": 5}


def verify_kernel(key, opsynth, library, oplib, cases):
    """`opsynth verify --function` of the compiled kernel against the Python one: its verdict line."""
    file, name = key.split(".")
    cases *= VERIFY_CASES_FACTOR.get(key, 1)
    command = [opsynth, "verify", "--function", f"{HERE / file}.py::{name}", "--so", library, "--cases", str(cases),
               "--repair-cases", str(max(1, cases // 2)), "--max-length", str(VERIFY_MAX_LENGTH),
               "--domain", VERIFY_DOMAIN, "--quiet"]
    if key in VERIFY_TOLERANCE:
        command += ["--tolerance", VERIFY_TOLERANCE[key]]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=VERIFY_TIMEOUT,
                             env=dict(os.environ, OPSYNTH_OPLIB=oplib), cwd=SOURCE)
    except subprocess.TimeoutExpired:
        return f"verify timed out after {VERIFY_TIMEOUT} s"
    lines = (run.stdout + run.stderr).strip().splitlines()
    return lines[-1] if lines else f"verify exited {run.returncode} without output"


def check_kernel(key, opsynth, out, oplibs, verify_cases=0):
    """One row of the table: compile, then compare in a child process, then (with verify_cases)
    verify --function."""
    file, name = key.split(".")
    library = os.path.join(out, f"{key}.so")
    example = f"{HERE / 'inputs.py'}:INPUTS[{key!r}]({inputs.check_n(key)})"
    command = [opsynth, "compile", f"{HERE / file}.py::{name}", "--example", example, "-o", library, "--quiet"]
    row = {"kernel": key, "compiled": False, "matches": False, "error": "", "compile_s": 0.0}
    oplib = oplibs.get()
    start = time.perf_counter()
    try:
        built = subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_TIMEOUT,
                               env=dict(os.environ, OPSYNTH_OPLIB=oplib), cwd=SOURCE)
    except subprocess.TimeoutExpired:
        row["error"] = f"compile timed out after {COMPILE_TIMEOUT} s"
        oplibs.put(oplib)
        return row
    finally:
        row["compile_s"] = round(time.perf_counter() - start, 1)
    try:
        return finish_row(row, key, library, built, opsynth, oplib, verify_cases)
    finally:
        oplibs.put(oplib)


def finish_row(row, key, library, built, opsynth, oplib, verify_cases):
    if built.returncode != 0:
        row["error"] = first_error(built.stderr + built.stdout)
        row["output"] = (built.stderr + built.stdout)[:4000]
        return row
    row["compiled"] = True
    try:
        child = subprocess.run([sys.executable, __file__, "--compare", key, library],
                               capture_output=True, text=True, timeout=COMPARE_TIMEOUT)
    except subprocess.TimeoutExpired:
        row["error"] = f"call timed out after {COMPARE_TIMEOUT} s"
        return row
    if child.returncode < 0:
        row["error"] = f"the call crashed (signal {-child.returncode})"
    elif child.returncode != 0:
        row["error"] = "load or call failed: " + (child.stderr.strip().splitlines() or ["(no output)"])[-1]
    else:
        verdict = json.loads(child.stdout)
        row["matches"] = verdict is None
        row["error"] = verdict or ""
    if verify_cases and row["matches"]:
        line = verify_kernel(key, opsynth, library, oplib, verify_cases)
        row["verified"] = line.startswith("PASS")
        row["verify"] = line
        if not row["verified"]:
            row["error"] = "verify --function: " + line
    return row


# The rules a kernel follows (README.md), checked on the source.

def rule_problems(key, node):
    problems = []
    arguments = node.args
    params = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    if any(a.annotation is not None for a in params) or node.returns is not None:
        problems.append("annotated")
    if any(isinstance(sub, ast.AnnAssign) for sub in ast.walk(node)):
        problems.append("annotated assignment")
    if arguments.defaults or arguments.kw_defaults or arguments.vararg or arguments.kwarg:
        problems.append("defaults or *args")
    doc = ast.get_docstring(node)
    if not doc or "\n" in doc:
        problems.append("no one-line docstring")
    if any(isinstance(sub, (ast.FunctionDef, ast.Lambda, ast.ClassDef)) for sub in ast.walk(node) if sub is not node):
        problems.append("nested function, lambda or class")
    lines = node.end_lineno - node.lineno + 1
    if not MIN_LINES <= lines <= MAX_LINES:
        problems.append(f"{lines} lines ({MIN_LINES}-{MAX_LINES})")
    return [f"{key}: {p}" for p in problems]


def file_problems(file):
    tree = ast.parse((HERE / f"{file}.py").read_text(encoding="utf-8"))
    problems = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name, alias.asname) not in (("numpy", "np"), ("math", None)):
                    problems.append(f"{file}.py:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.FunctionDef):
            problems += rule_problems(f"{file}.{node.name}", node)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is tree.body[0]):
            problems.append(f"{file}.py:{node.lineno}: top level holds more than imports and functions")
    return problems


def python_row(key):
    """Runs the kernel twice on fresh inputs: no exception, the same results, whether it mutates."""
    fn = kernel_function(key)
    row = {"kernel": key, "runs": False, "deterministic": False, "mutates": False, "error": ""}
    for n in sizes_of(key):
        args, again = inputs.INPUTS[key](n), inputs.INPUTS[key](n)
        if same_result.difference(args, again, 0.0, 0.0) is not None:
            row["error"] = f"n={n}: inputs differ between two builds"
            return row
        first, second = outcome(fn, copy.deepcopy(args)), outcome(fn, copy.deepcopy(args))
        if first[0] == "raised":
            row["error"] = f"n={n}: raised {first[1]}: {first[2]}"
            return row
        row["runs"] = True
        if (d := same_result.difference((first[1], first[2]), (second[1], second[2]), 0.0, 0.0)) is not None:
            row["error"] = f"n={n}: two runs differ: {d}"
            return row
        row["mutates"] |= same_result.difference(args, first[2], 0.0, 0.0) is not None
    row["deterministic"] = True
    return row


def python_only(keys, args):
    problems = [p for file in FILES for p in file_problems(file)]
    rows = [python_row(key) for key in keys]
    print(f"{'kernel':<36} {'runs':<5} {'deterministic':<14} {'mutates':<8} error")
    for r in rows:
        print(f"{r['kernel']:<36} {str(r['runs']):<5} {str(r['deterministic']):<14} {str(r['mutates']):<8} {r['error'][:120]}")
    mutating = sum(r["mutates"] for r in rows)
    if len(keys) == len(kernel_keys()) and mutating < MIN_MUTATING:
        problems.append(f"only {mutating} kernels mutate an argument (at least {MIN_MUTATING})")
    problems += [f"{r['kernel']}: {r['error']}" for r in rows if r["error"]]
    print(f"{len(rows)} kernels, {sum(r['deterministic'] for r in rows)} run deterministically, {mutating} mutate an argument; "
          f"{len(problems)} problems")
    for p in problems:
        print("  " + p)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "problems": problems}, indent=1) + "\n")
    return 1 if args.strict and problems else 0


def compiled_check(keys, args):
    out = args.out or tempfile.mkdtemp(prefix="opsynth_idioms_")
    os.makedirs(out, exist_ok=True)
    oplibs = queue.Queue()
    for job in range(args.jobs):
        if os.environ.get("OPSYNTH_OPLIB"):
            oplibs.put(os.environ["OPSYNTH_OPLIB"])
            continue
        copy_dir = os.path.join(out, f"oplib{job}")
        shutil.rmtree(copy_dir, ignore_errors=True)
        shutil.copytree(SOURCE / "oplib", copy_dir)
        oplibs.put(copy_dir)
    print(f"{'kernel':<36} | compiled? | matches numpy? | " + ("verified? | " if args.verify else "") + "first error",
          flush=True)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(check_kernel, key, args.opsynth, out, oplibs, args.verify) for key in keys]
        for future in futures:
            r = future.result()
            rows.append(r)
            verified = "" if not args.verify else f"{'yes' if r.get('verified') else 'no':<9} | "
            print(f"{r['kernel']:<36} | {'yes' if r['compiled'] else 'no':<9} | {'yes' if r['matches'] else 'no':<14} | "
                  f"{verified}{r['error'][:120]}", flush=True)
    compiled = sum(r["compiled"] for r in rows)
    matching = sum(r["matches"] for r in rows)
    verified = sum(bool(r.get("verified")) for r in rows)
    print(f"{len(rows)} kernels: {compiled} compiled, {matching} match numpy" +
          (f", {verified} pass verify --function" if args.verify else ""))
    if args.json:
        report = {"opsynth": args.opsynth, "sizes": [str(s) for s in COMPARE_SIZES], "kernels": len(rows),
                  "compiled": compiled, "matches": matching, "rows": rows}
        if args.verify:
            report.update(verified=verified, verify_cases=args.verify, verify_domain=VERIFY_DOMAIN,
                          verify_max_length=VERIFY_MAX_LENGTH)
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    passed = verified if args.verify else matching
    return 1 if args.strict and passed < len(rows) else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", dest="select", default="", help="only kernels whose FILE.FN contains this")
    parser.add_argument("--jobs", type=int, default=1, help="kernels compiled at once")
    parser.add_argument("--json", help="write the table here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when some kernel fails")
    parser.add_argument("--python-only", action="store_true", help="run the kernels in CPython only")
    parser.add_argument("--out", help="folder for the libraries (default: a temporary one)")
    parser.add_argument("--verify", type=int, default=0, metavar="CASES",
                        help="also run verify --function on each kernel that matches, with CASES acceptance cases")
    parser.add_argument("--opsynth", default=str(SOURCE / "build" / "opsynth"))
    parser.add_argument("--compare", nargs=2, metavar=("KEY", "LIBRARY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare:
        print(json.dumps(compare(*args.compare)))
        return 0
    keys = [k for k in kernel_keys() if args.select in k]
    missing = [k for k in keys if k not in inputs.INPUTS]
    if missing:
        print(f"check_idioms: no inputs for {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.python_only:
        return python_only(keys, args)
    return compiled_check(keys, args)


if __name__ == "__main__":
    sys.exit(main())

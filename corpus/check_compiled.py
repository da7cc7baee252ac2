"""The corpus compiled end to end, as the compiler issue's test: compile, link check, load, verify.

For each corpus module (numeric_kernels, text, wrangling, embedding):
  1. `opsynth compile corpus/M.py -o OUT/M.so`: every annotated function of the file in one library;
  2. the library must not link libpython (`readelf -d` lists no libpython in NEEDED);
  3. `opsynth.load(OUT/M.so)` must export every function, and each call on its inputs
     (inputs.INPUTS at a small size, 1 and 0) must give CPython's result, or raise the same
     exception class with the same message;
  4. `opsynth verify --function corpus/M.py::FN --so OUT/M.so --cases N` must PASS, with the options
     a person chose in verify_options.py (and `--max-length L` when given: the default test suite stops
     the size sweep at 4096; the `long` run takes it as far as its budget goes).
It works on a copy of oplib/ in OUT (or on $OPSYNTH_OPLIB), never on the source tree's.

Usage: /usr/bin/python3 corpus/check_compiled.py [--opsynth build/opsynth] [--out DIR] [--cases N]
                                                  [--repair-cases R] [--max-length L] [--jobs J] [--n SIZE] [MODULE.FUNCTION ...]
Exit 0 when every step held for every function, 1 with the problems listed, 2 on bad arguments.
"""

import argparse
import ast
import concurrent.futures
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent
MODULES = ["numeric_kernels", "text", "wrangling", "embedding"]

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SOURCE / "compiler" / "python"))
import inputs  # noqa: E402
import same_result  # noqa: E402
from verify_options import VERIFY_OPTIONS  # noqa: E402


def functions_of(module):
    tree = ast.parse((HERE / f"{module}.py").read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def linked_libraries(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def outcome(fn, args):
    """('returned', value) or ('raised', class name, message); args are deep-copied first."""
    try:
        return ("returned", fn(*copy.deepcopy(args)))
    except Exception as e:  # the comparison is of exceptions too
        return ("raised", type(e).__name__, str(e))


def check_calls(key, python_fn, compiled_fn, n):
    rtol, atol = same_result.tolerance_of(VERIFY_OPTIONS.get(key, []))
    problems = []
    for size in (n, 1, 0):
        try:
            args = inputs.INPUTS[key](size)
        except ValueError:  # some makers need n >= 1 (integers(0, 10 * n))
            continue
        want, got = outcome(python_fn, args), outcome(compiled_fn, args)
        if want[0] != got[0] or (want[0] == "raised" and want != got):
            problems.append(f"{key} at n={size}: CPython {want[0]} {want[1:]!r:.200}, the library {got[0]} {got[1:]!r:.200}")
        elif want[0] == "returned" and (d := same_result.difference(want[1], got[1], rtol, atol)) is not None:
            problems.append(f"{key} at n={size}: {d[:300]}")
    return problems


def verify(opsynth, module, function, library, cases, repair_cases, max_length):
    key = f"{module}.{function}"
    command = [opsynth, "verify", "--function", f"{HERE / module}.py::{function}", "--so", library,
               "--cases", str(cases), "--quiet"] + VERIFY_OPTIONS.get(key, [])
    if repair_cases is not None:
        command += ["--repair-cases", str(repair_cases)]
    if max_length is not None:
        command += ["--max-length", str(max_length)]
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    lines = (run.stdout + run.stderr).strip().splitlines()
    return key, run.returncode, lines[-1] if lines else "(no output)", time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="MODULE.FUNCTION keys to check (default: all)")
    parser.add_argument("--opsynth", default=str(SOURCE / "build" / "opsynth"))
    parser.add_argument("--out", help="folder for the libraries (default: a temporary one)")
    parser.add_argument("--cases", type=int, default=1000, help="acceptance cases per verify --function")
    parser.add_argument("--repair-cases", type=int, help="repair-phase cases per verify --function (default: verify's)")
    parser.add_argument("--max-length", type=int, help="stop each verify's size sweep at this length")
    parser.add_argument("--jobs", type=int, default=2, help="verify --function runs at once")
    parser.add_argument("--n", type=int, default=40, help="input size of the load check")
    args = parser.parse_args()
    import opsynth
    warnings.simplefilter("ignore", RuntimeWarning)  # numpy on empty inputs, in CPython's run

    keys = {f"{m}.{f}" for m in MODULES for f in functions_of(m)}
    unknown = [k for k in args.only if k not in keys]
    if unknown:
        print(f"check_compiled: not corpus functions: {', '.join(unknown)}", file=sys.stderr)
        return 2
    wanted = set(args.only) or keys
    out = args.out or tempfile.mkdtemp(prefix="opsynth_corpus_")
    os.makedirs(out, exist_ok=True)
    # Compiling records a generic version's verification at each new signature in op.json: a check
    # must not edit the source tree, so it runs on a copy of the shipped library ($OPSYNTH_OPLIB wins).
    if not os.environ.get("OPSYNTH_OPLIB"):
        library_copy = os.path.join(out, "oplib")
        shutil.rmtree(library_copy, ignore_errors=True)
        shutil.copytree(SOURCE / "oplib", library_copy)
        os.environ["OPSYNTH_OPLIB"] = library_copy

    problems, verifications = [], []
    for module in MODULES:
        functions = [f for f in functions_of(module) if f"{module}.{f}" in wanted]
        if not functions:
            continue
        library = os.path.join(out, f"{module}.so")
        start = time.perf_counter()
        built = subprocess.run([args.opsynth, "compile", str(HERE / f"{module}.py"), "-o", library, "--quiet"],
                               capture_output=True, text=True)
        print(f"compile {module}.py: exit {built.returncode} in {time.perf_counter() - start:.1f} s", flush=True)
        if built.returncode != 0:
            problems.append(f"compile {module}.py: exit {built.returncode}: {built.stderr.strip()[-2000:]}")
            continue
        if libpython := [lib for lib in linked_libraries(library) if "python" in lib]:
            problems.append(f"{library} links {', '.join(libpython)}")
        compiled = opsynth.load(library)
        python = __import__(module)
        for function in functions:
            key = f"{module}.{function}"
            if not hasattr(compiled, function):
                problems.append(f"{library} does not export {function}")
                continue
            problems += check_calls(key, getattr(python, function), getattr(compiled, function), args.n)
            verifications.append((module, function, library))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = [pool.submit(verify, args.opsynth, m, f, lib, args.cases, args.repair_cases, args.max_length) for m, f, lib in verifications]
        for run in runs:
            key, code, last, seconds = run.result()
            print(f"  {key:<40} {seconds:6.1f} s  {last[:150]}", flush=True)
            if code != 0 or not last.startswith("PASS"):
                problems.append(f"verify --function {key}: exit {code}: {last}")

    print(f"{len(verifications)} functions compiled, loaded and verified; {len(problems)} problems")
    for p in problems:
        print("  " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compiled functions against CPython, Numba and Pythran, on the same inputs, in one run.

    bench/compiled/bench_compiled.py [--opsynth build/opsynth] [--repeat 5] [FILE.py]

Compiles FILE.py (default: kernels.py beside this script) with `opsynth compile`, once with an empty
compile cache (cold) and once more (warm), then times every function of the file that has inputs in
INPUTS: CPython, the opsynth library through its ctypes loader, Numba's @njit and a Pythran module
built from the same source (where they accept it). Reports each time as a ratio to CPython's
(speedup = CPython time / its time) and the geometric mean of the speedups. Times are the best of
--repeat runs; every result is compared with CPython's first, so a wrong result is not a speedup.
"""
import argparse
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import typing

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))

# Arguments per function: large enough that CPython takes tens of milliseconds.
INPUTS = {
    "tri": (2_000_000,),
    "collatz_total": (30_000,),
    "count_primes": (30_000,),
    "leibniz_pi": (2_000_000,),
    "gcd_sum": (200_000,),
}


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_time(fn, args, repeat):
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def compile_with_opsynth(opsynth, source, out, cache_dir):
    env = dict(os.environ, OPSYNTH_CACHE_DIR=cache_dir) if cache_dir else dict(os.environ)
    start = time.perf_counter()
    subprocess.run([opsynth, "compile", source, "-o", out, "--quiet"], check=True, env=env)
    return time.perf_counter() - start


def pythran_module(source, functions, workdir):
    """Builds the file with Pythran, exporting every benchmarked function with its annotated types."""
    module = load_module(source, "bench_source_for_pythran")
    lines = []
    for name in functions:
        hints = typing.get_type_hints(getattr(module, name))
        params = [hints[p] for p in getattr(module, name).__code__.co_varnames[: getattr(module, name).__code__.co_argcount]]
        spelled = {int: "int", float: "float", bool: "bool", str: "str"}
        if any(p not in spelled for p in params):
            return None, f"{name}: parameter types Pythran's export line cannot spell here"
        lines.append(f"#pythran export {name}({', '.join(spelled[p] for p in params)})")
    target = os.path.join(workdir, "pythran_kernels.py")
    with open(source) as f, open(target, "w") as out:
        out.write("\n".join(lines) + "\n" + f.read())
    try:
        subprocess.run([sys.executable, "-m", "pythran.run", "-O2", target, "-o",
                        os.path.join(workdir, "pythran_kernels.so")], check=True, cwd=workdir,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        return None, "pythran failed: " + (e.stderr.decode()[-300:] if getattr(e, "stderr", None) else str(e))
    sys.path.insert(0, workdir)
    return importlib.import_module("pythran_kernels"), ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=os.path.join(HERE, "kernels.py"))
    parser.add_argument("--opsynth", default=os.path.join(SOURCE, "build", "opsynth"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(SOURCE, "compiler", "python"))
    import opsynth

    work = tempfile.mkdtemp(prefix="opsynth_bench_")
    try:
        library = os.path.join(work, "bench_lib.so")
        cold = compile_with_opsynth(args.opsynth, args.file, library, os.path.join(work, "cold-cache"))
        warm = compile_with_opsynth(args.opsynth, args.file, library, None)
        compiled = opsynth.load(library)
        python = load_module(args.file, "bench_source")
        names = [n for n in INPUTS if hasattr(python, n)]

        try:
            import numba
            jitted = {n: numba.njit(getattr(python, n)) for n in names}
        except ImportError:
            jitted = {}
        pythran, pythran_note = pythran_module(args.file, names, work)

        print(f"opsynth compile: cold cache {cold:.1f} s, warm cache {warm:.1f} s")
        print(f"{'function':<16}{'CPython':>12}{'opsynth':>10}{'Numba':>10}{'Pythran':>10}   (speedup over CPython)")
        speedups = {"opsynth": [], "Numba": [], "Pythran": []}
        for name in names:
            fn_args = INPUTS[name]
            expected = getattr(python, name)(*fn_args)
            base = best_time(getattr(python, name), fn_args, max(1, args.repeat // 2))
            row = [f"{name:<16}{base * 1e3:>10.1f}ms"]
            for label, fn in (("opsynth", getattr(compiled, name)), ("Numba", jitted.get(name)),
                              ("Pythran", getattr(pythran, name, None) if pythran else None)):
                if fn is None:
                    row.append(f"{'n/a':>10}")
                    continue
                try:
                    got = fn(*fn_args)  # also the JIT's warm-up
                except Exception as e:  # an engine that rejects the source
                    row.append(f"{'rejects':>10}")
                    print(f"  {label} rejects {name}: {type(e).__name__}: {str(e)[:120]}", file=sys.stderr)
                    continue
                if got != expected:
                    row.append(f"{'WRONG':>10}")
                    continue
                speedup = base / best_time(fn, fn_args, args.repeat)
                speedups[label].append(speedup)
                row.append(f"{speedup:>9.1f}x")
            print("".join(row))
        print(f"{'geometric mean':<28}", end="")
        for label in ("opsynth", "Numba", "Pythran"):
            values = speedups[label]
            mean = math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")
            print(f"{mean:>9.1f}x", end="")
        print()
        if pythran_note:
            print("Pythran:", pythran_note)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

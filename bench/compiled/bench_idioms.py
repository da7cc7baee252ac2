#!/usr/bin/env python3
"""The idiom corpus compiled, against the same kernels in CPython with numpy, in one run.

    /usr/bin/python3 corpus/idioms/check_idioms.py --out /tmp/idioms-libs        # compiles the kernels
    /usr/bin/python3 bench/compiled/bench_idioms.py --libs /tmp/idioms-libs [--n 32] [--repeat 5] [-k SUBSTR]

Each kernel whose library is in --libs is called on corpus/idioms/inputs.py's INPUTS[key](n), n = --n or
the smaller SMALL_N the inputs give a slow kernel. The compiled result (and every argument after the
call) is compared with numpy's first (corpus/same_result.py), so a wrong result is reported, never
timed. Kernels that update their arguments get fresh copies for every call, made outside the timed
part. Prints, per kernel, the best time per call of each side over --repeat rounds and the speedup
(numpy time / compiled time), then the geometric mean and how many kernels are faster compiled.
"""
import argparse
import copy
import importlib.util
import math
import os
import sys
import time
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
IDIOMS = SOURCE / "corpus" / "idioms"
sys.path.insert(0, str(SOURCE / "corpus"))  # same_result
sys.path.insert(0, str(SOURCE / "compiler" / "python"))  # opsynth
import opsynth  # noqa: E402
import same_result  # noqa: E402


def load_file(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_per_call(fn, make_args, repeat, budget=0.02):
    """Best seconds per call over `repeat` rounds; each round calls as often as fits in about `budget`."""
    start = time.perf_counter()
    fn(*make_args())
    once = max(time.perf_counter() - start, 1e-7)
    loops = max(1, min(10000, int(budget / once)))
    best = float("inf")
    for _ in range(repeat):
        batches = [make_args() for _ in range(loops)]
        start = time.perf_counter()
        for args in batches:
            fn(*args)
        best = min(best, (time.perf_counter() - start) / loops)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libs", required=True, help="folder of KEY.so libraries (check_idioms.py --out)")
    parser.add_argument("--n", type=int, default=32, help="input size (default 32)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("-k", default="", help="only kernels whose key contains this")
    args = parser.parse_args()
    if not os.path.isdir(args.libs):
        parser.error(f"--libs {args.libs}: not a folder")
    inputs = load_file(IDIOMS / "inputs.py", "idioms_inputs")
    modules = {}
    rows, skipped = [], []
    for key in sorted(inputs.INPUTS):
        library = os.path.join(args.libs, f"{key}.so")
        if args.k not in key or not os.path.exists(library):
            continue
        file, name = key.split(".")
        if file not in modules:
            modules[file] = load_file(IDIOMS / f"{file}.py", f"idioms_{file}")
        python_fn = getattr(modules[file], name)
        compiled_fn = getattr(opsynth.load(library), name)
        n = min(args.n, inputs.SMALL_N.get(key, args.n))
        make_args = lambda key=key, n=n: copy.deepcopy(inputs.INPUTS[key](n))  # noqa: E731
        want_args, got_args = make_args(), make_args()
        want, got = python_fn(*want_args), compiled_fn(*got_args)
        problem = same_result.difference(want, got) or next(
            (same_result.difference(w, g, where=f"argument {i}") for i, (w, g) in enumerate(zip(want_args, got_args))
             if same_result.difference(w, g)), None)
        if problem:
            skipped.append((key, problem))
            continue
        t_py = best_per_call(python_fn, make_args, args.repeat)
        t_c = best_per_call(compiled_fn, make_args, args.repeat)
        rows.append((key, n, t_py, t_c))
        print(f"{key:<36} n={n:<4} numpy {t_py * 1e6:12.1f} us  compiled {t_c * 1e6:12.1f} us  {t_py / t_c:8.2f}x",
              flush=True)
    for key, problem in skipped:
        print(f"{key:<36} not timed: {problem}")
    if rows:
        geomean = math.exp(sum(math.log(p / c) for _, _, p, c in rows) / len(rows))
        faster = sum(1 for _, _, p, c in rows if c < p)
        print(f"{len(rows)} kernels: geometric mean {geomean:.2f}x numpy; {faster} faster compiled, "
              f"{len(rows) - faster} slower")


if __name__ == "__main__":
    main()

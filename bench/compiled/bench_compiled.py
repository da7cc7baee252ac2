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
import os
import shutil
import sys
import tempfile

import engines
from engines import compile_with_opsynth, geometric_mean, load_module

HERE = engines.HERE
SOURCE = engines.SOURCE

# Arguments per function: large enough that CPython takes tens of milliseconds.
INPUTS = {
    "tri": (2_000_000,),
    "collatz_total": (30_000,),
    "count_primes": (30_000,),
    "leibniz_pi": (2_000_000,),
    "gcd_sum": (200_000,),
}


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
        cache = os.path.join(work, "cache")  # empty: cold; the second run finds what the first built
        cold = compile_with_opsynth(args.opsynth, args.file, library, cache)
        warm = compile_with_opsynth(args.opsynth, args.file, library, cache)
        compiled = opsynth.load(library)
        python = load_module(args.file, "bench_source")
        names = [n for n in INPUTS if hasattr(python, n)]

        jitted, numba_note = engines.numba_module(args.file, "bench_source_for_numba")
        pythran, pythran_note = {}, []
        for name in names:
            built, why = engines.pythran_function(args.file, name, work)
            if built is not None:
                pythran[name] = built
            else:
                pythran_note.append(f"{name}: {why}")

        print(f"opsynth compile: cold cache {cold:.1f} s, warm cache {warm:.1f} s")
        print(f"{'function':<16}{'CPython':>12}{'opsynth':>10}{'Numba':>10}{'Pythran':>10}   (speedup over CPython)")
        speedups = {"opsynth": [], "Numba": [], "Pythran": []}
        notes = ([numba_note] if numba_note else []) + pythran_note
        for name in names:
            fn_args = INPUTS[name]
            expected = getattr(python, name)(*fn_args)
            base, results = engines.speedup_row(
                getattr(python, name),
                {"opsynth": getattr(compiled, name), "Numba": getattr(jitted, name, None), "Pythran": pythran.get(name)},
                fn_args, expected, name, args.repeat, notes,
                lambda e, g: None if e == g else f"expected {e!r}, got {g!r}")
            row = [f"{name:<16}{base * 1e3:>10.1f}ms"]
            for label, result in results.items():
                if isinstance(result, str):
                    row.append(f"{result:>10}")
                else:
                    speedups[label].append(result)
                    row.append(f"{result:>9.1f}x")
            print("".join(row))
        print(f"{'geometric mean':<28}", end="")
        for label in ("opsynth", "Numba", "Pythran"):
            print(f"{geometric_mean(speedups[label]):>9.1f}x", end="")
        print()
        for note in notes:
            print("  " + note)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What one call of a compiled function costs from Python: the compiled call path (opsynth/_fastcall.cpp),
the ctypes path behind it, and CPython running the same function, in one run.

    bench/compiled/bench_call.py [--opsynth build/opsynth] [--calls 200000] [--repeat 7]

Compiles four small functions (two floats, an int loop of 10 steps, a str, an ndarray of 8 floats) and two
with containers (a list of 8 floats; a dict of 5 str keys and a list of 6 strs to a list of ints), then
times each path best-of-repeat over --calls calls and prints microseconds per call and the ratios
against CPython taken from the same run.
"""
import argparse
import os
import sys
import tempfile
import time

import numpy as np

import engines

sys.path.insert(0, os.path.join(engines.SOURCE, "compiler", "python"))
import opsynth  # noqa: E402

SOURCE = '''
def add(x: float, y: float) -> float:
    return x + y


def tri(n: int) -> int:
    t = 0
    for i in range(n):
        t += i
    return t


def first_upper(s: str) -> bool:
    return len(s) > 0 and s[0].isupper()


def total(a: "ndarray[float64,1]") -> "float64":
    return a.sum()
'''

# Calls with containers; bench/node times SOURCE alone.
CONTAINER_SOURCE = '''

def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def lookup(vocab: dict[str, int], words: list[str]) -> list[int]:
    return [vocab.get(w, 0) for w in words]
'''

CALLS = [("add", (1.5, 2.5)), ("tri", (10,)), ("first_upper", ("Hello",)), ("total", (np.arange(8.0),)),
         ("mean", ([0.5 * k for k in range(8)],)),
         ("lookup", ({"the": 1, "cat": 2, "sat": 3, "on": 4, "mat": 5}, ["the", "cat", "sat", "on", "the", "rug"]))]


def per_call(fn, args, calls, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn(*args)
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opsynth", default=os.path.join(engines.SOURCE, "build", "opsynth"))
    parser.add_argument("--calls", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opsynth_bench_call_") as tmp:
        path = os.path.join(tmp, "calls.py")
        with open(path, "w") as f:
            f.write(SOURCE + CONTAINER_SOURCE)
        so = os.path.join(tmp, "calls.opsynth.so")
        engines.compile_with_opsynth(options.opsynth, path, so)
        lib = opsynth.load(so)
        namespace = {}
        exec(compile(SOURCE + CONTAINER_SOURCE, path, "exec"), namespace)
        print(f"{'function':<12} {'compiled':>10} {'ctypes':>10} {'CPython':>10} {'time vs CPython':>17} {'ctypes slower':>16}")
        for name, args in CALLS:
            fast = getattr(lib, name)
            slow = getattr(fast, "__wrapped__", fast)
            if type(fast).__name__ != "Entry":
                print(f"{name}: the compiled call path is not serving it (is the opsynth_fastcall target built?)")
            t_fast = per_call(fast, args, options.calls, options.repeat)
            t_slow = per_call(slow, args, options.calls // 10, options.repeat)
            t_py = per_call(namespace[name], args, options.calls, options.repeat)
            print(f"{name:<12} {t_fast:>8.2f}us {t_slow:>8.2f}us {t_py:>8.2f}us {t_fast / t_py:>16.2f}x {t_slow / t_fast:>15.1f}x")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Calls per second of the same compiled functions from Node (bindings/node, koffi) and from Python
(opsynth.load: its compiled call path, and the ctypes path behind it), with CPython running the original,
all in one run; ratios are taken from that run.

    bench/node/bench_node_calls.py [--opsynth build/opsynth] [--calls 20000] [--repeat 5]

Compiles four small functions (two floats, an int loop, a str, an ndarray of 8 floats) and the corpus
embedding pipeline's embed (str, dict[str,int], ndarray[float64,2] -> ndarray[float64,1]) on a copy of
oplib/, then times each, best of --repeat, and prints calls per second and Node / Python ratios.
Needs bindings/node/node_modules (`npm ci` there).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

sys.path.insert(0, os.path.join(SOURCE_DIR, "bench", "compiled"))
import bench_call  # noqa: E402  (the same four functions its Python-side bench times)

# The four small functions, then the embedding pipeline pasted after them needs math and numpy.
SMALL = "import math\n\nimport numpy as np\n\n" + bench_call.SOURCE


def arguments():
    vocab = {"the": 1, "cat": 2, "sat": 3, "on": 4, "mat": 5}
    table = (np.arange(6 * 8) % 13 / 8).reshape(6, 8)  # the values node_calls.mjs makes
    return {"add": (1.5, 2.5), "tri": (10,), "first_upper": ("Hello",), "total": (np.arange(8.0),),
            "embed": ("The cat sat on the mat", vocab, table)}


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
    parser.add_argument("--opsynth", default=os.path.join(SOURCE_DIR, "build", "opsynth"))
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(SOURCE_DIR, "compiler", "python"))
    import opsynth

    with tempfile.TemporaryDirectory(prefix="opsynth_bench_node_") as work:
        oplib = os.path.join(work, "oplib")
        shutil.copytree(os.path.join(SOURCE_DIR, "oplib"), oplib)  # compiling records verifications
        env = dict(os.environ, OPSYNTH_OPLIB=oplib)
        module = os.path.join(work, "bench_small.py")
        with open(module, "w") as f:
            # The small functions, then the embedding pipeline (its module docstring left out).
            with open(os.path.join(SOURCE_DIR, "corpus", "embedding.py")) as pipeline:
                f.write(SMALL + "\n\n" + pipeline.read().split('"""', 2)[2])
        so = os.path.join(work, "bench.so")
        subprocess.run([args.opsynth, "compile", module, "-o", so, "--quiet"], check=True, env=env)

        sys.path.insert(0, work)
        import bench_small
        lib = opsynth.load(so)
        os.environ["OPSYNTH_NO_FASTCALL"] = "1"
        import importlib
        from opsynth import _fastcall_loader
        importlib.reload(_fastcall_loader)
        importlib.reload(opsynth)
        lib_ctypes = opsynth.load(so)
        calls = arguments()
        python = {}
        for name, a in calls.items():
            python[name] = {"cpython": per_call(getattr(bench_small, name), a, args.calls, args.repeat),
                            "fastcall": per_call(getattr(lib, name), a, args.calls, args.repeat),
                            "ctypes": per_call(getattr(lib_ctypes, name), a, args.calls, args.repeat)}
        node = json.loads(subprocess.run(["node", os.path.join(SOURCE_DIR, "bench", "node", "node_calls.mjs"), so,
                                          str(args.calls), str(args.repeat)], check=True, capture_output=True,
                                         text=True).stdout)

    print(f"calls per second, best of {args.repeat} x {args.calls} calls (higher is better)")
    print(f"{'function':<12} {'CPython':>10} {'Py compiled':>12} {'Py ctypes':>10} {'Node':>10}  {'Node/Py compiled':>16} {'Node/Py ctypes':>14} {'Node/CPython':>12}")
    for name, t in python.items():
        rate = {k: 1e6 / v for k, v in t.items()}
        rate["node"] = 1e6 / node[name]
        print(f"{name:<12} {rate['cpython']:>10,.0f} {rate['fastcall']:>12,.0f} {rate['ctypes']:>10,.0f} {rate['node']:>10,.0f}"
              f"  {rate['node'] / rate['fastcall']:>16.2f} {rate['node'] / rate['ctypes']:>14.2f} {rate['node'] / rate['cpython']:>12.2f}")


if __name__ == "__main__":
    main()

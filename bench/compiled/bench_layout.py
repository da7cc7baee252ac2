#!/usr/bin/env python3
"""Matrix products and axis reductions compiled, against NumPy on the same inputs, single-threaded, in one run.

    bench/compiled/bench_layout.py [--opsynth build/opsynth] [--repeat 3] [-k SUBSTR] [--big 1000]

Compiles LAYOUT_SOURCE (A @ B, A @ v, v @ A, A.T @ v, A.T @ A, np.dot, an MLP layer, axis sums and
means) with `opsynth compile`, loads it with the Python loader and times every case best-of-repeat
against the same expression run by NumPy, on C-ordered inputs and, where the layout is the point,
on transposed views (strides reversed, not copied). Each compiled result is compared with NumPy's
first: `exact` when bit for bit equal (NaN == NaN), else the largest relative difference; a result
that is not allclose is reported as WRONG. Prints compiled / NumPy time (below 1 is faster compiled).

BLAS and OpenMP threads are pinned to one (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS)
before NumPy is imported, so both sides run on one core.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import numpy as np  # noqa: E402

import engines  # noqa: E402

sys.path.insert(0, os.path.join(engines.SOURCE, "compiler", "python"))
import opsynth  # noqa: E402

LAYOUT_SOURCE = '''
import numpy as np


def mm(A: "ndarray[float64,2]", B: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return A @ B


def mv(A: "ndarray[float64,2]", v: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return A @ v


def vm(v: "ndarray[float64,1]", A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return v @ A


def tmv(A: "ndarray[float64,2]", v: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return A.T @ v


def gram(A: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return A.T @ A


def dot_mm(A: "ndarray[float64,2]", B: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return np.dot(A, B)


def dot_mv(A: "ndarray[float64,2]", v: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return np.dot(A, v)


def mlp(X: "ndarray[float64,2]", W1: "ndarray[float64,2]", b1: "ndarray[float64,1]",
        W2: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return np.maximum(X @ W1 + b1, 0) @ W2


def mulsum0(A: "ndarray[float64,2]", B: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return (A * B).sum(axis=0)


def sum0(A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return A.sum(axis=0)


def sum1(A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return A.sum(axis=1)


def npsum1(A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return np.sum(A, axis=1)


def mean0(A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return A.mean(axis=0)


def npmean1(A: "ndarray[float64,2]") -> "ndarray[float64,1]":
    return np.mean(A, axis=1)
'''

FUNCTIONS = re.findall(r"^def (\w+)\(", LAYOUT_SOURCE, re.M)


def cases(big):
    """(label, function name, argument maker); arguments are made once per case, outside the timing."""
    rng = np.random.default_rng(20261203)

    def mat(m, n):
        return rng.standard_normal((m, n))

    def vec(n):
        return rng.standard_normal(n)

    mid = 2 * big  # matrix-vector and reductions: a 2000x2000 array (32 MB) at the default
    out = []
    for n in (300, big):
        out.append((f"A @ B  n={n} C,C", "mm", lambda n=n: (mat(n, n), mat(n, n))))
    out.append((f"A @ B  n={big} F,C", "mm", lambda: (mat(big, big).T, mat(big, big))))
    out.append((f"A @ B  n={big} C,F", "mm", lambda: (mat(big, big), mat(big, big).T)))
    out.append((f"np.dot(A, B) n={big}", "dot_mm", lambda: (mat(big, big), mat(big, big))))
    out.append((f"A.T @ A n=300", "gram", lambda: (mat(300, 300),)))
    out.append((f"A.T @ A n={big}", "gram", lambda: (mat(big, big),)))
    out.append((f"A @ v  n={mid} C", "mv", lambda: (mat(mid, mid), vec(mid))))
    out.append((f"A @ v  n={mid} F", "mv", lambda: (mat(mid, mid).T, vec(mid))))
    out.append((f"A.T @ v n={mid}", "tmv", lambda: (mat(mid, mid), vec(mid))))
    out.append((f"v @ A  n={mid} C", "vm", lambda: (vec(mid), mat(mid, mid))))
    out.append((f"v @ A  n={mid} F", "vm", lambda: (vec(mid), mat(mid, mid).T)))
    out.append((f"np.dot(A, v) n={mid}", "dot_mv", lambda: (mat(mid, mid), vec(mid))))
    out.append((f"mlp 256x{big}@{big}x256@256x10", "mlp",
                lambda: (mat(256, big), mat(big, 256), vec(256), mat(256, 10))))
    for layout in ("C", "T"):
        def arr(m=mid, n=mid, layout=layout):
            return mat(m, n) if layout == "C" else mat(n, m).T
        out.append((f"(A*B).sum(axis=0) {layout}", "mulsum0", lambda arr=arr: (arr(), arr())))
        out.append((f"A.sum(axis=0) {layout}", "sum0", lambda arr=arr: (arr(),)))
        out.append((f"A.sum(axis=1) {layout}", "sum1", lambda arr=arr: (arr(),)))
        out.append((f"np.sum(A, axis=1) {layout}", "npsum1", lambda arr=arr: (arr(),)))
        out.append((f"A.mean(axis=0) {layout}", "mean0", lambda arr=arr: (arr(),)))
        out.append((f"np.mean(A, axis=1) {layout}", "npmean1", lambda arr=arr: (arr(),)))
    return out


def agreement(got, want):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return f"WRONG shape {got.shape}"
    if np.array_equal(got, want, equal_nan=True):
        return "exact"
    if not np.allclose(got, want, rtol=1e-9, atol=1e-9):
        return "WRONG"
    scale = np.maximum(np.abs(want), 1e-300)
    return f"rel {np.max(np.abs(got - want) / scale):.1e}"


def compile_functions(opsynth_path, tmp, path):
    """{name: compiled function}: the whole source in one library, or when that fails (an operator overload
    missing from the library), each function in a library of its own, leaving out those that fail."""
    so = os.path.join(tmp, "layout.opsynth.so")
    try:
        engines.compile_with_opsynth(opsynth_path, path, so)
        lib = opsynth.load(so)
        return {name: getattr(lib, name) for name in FUNCTIONS}
    except subprocess.CalledProcessError:
        pass
    compiled = {}
    for name in FUNCTIONS:
        so = os.path.join(tmp, f"layout_{name}.opsynth.so")
        result = subprocess.run([opsynth_path, "compile", f"{path}::{name}", "-o", so, "--quiet"],
                                capture_output=True, text=True)
        if result.returncode == 0:
            compiled[name] = getattr(opsynth.load(so), name)
        else:
            print(f"{name}: {result.stderr.strip().splitlines()[0] if result.stderr.strip() else 'not compiled'}")
    return compiled


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opsynth", default=os.path.join(engines.SOURCE, "build", "opsynth"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", type=int, default=1000, help="n of the large matrix products (default 1000)")
    parser.add_argument("-k", default="", help="only cases whose label contains this")
    options = parser.parse_args()
    blas = getattr(np.__config__, "blas_opt_info", {}).get("libraries", ["?"])
    print(f"numpy {np.__version__}, BLAS {'/'.join(blas)}; OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=1 "
          f"(single-threaded both sides); best of {options.repeat}")
    with tempfile.TemporaryDirectory(prefix="opsynth_bench_layout_") as tmp:
        path = os.path.join(tmp, "layout.py")
        with open(path, "w") as f:
            f.write(LAYOUT_SOURCE)
        namespace = {}
        exec(compile(LAYOUT_SOURCE, path, "exec"), namespace)
        compiled = compile_functions(options.opsynth, tmp, path)
        print(f"{'case':<34} {'compiled':>11} {'numpy':>11} {'ratio':>7}  result")
        ratios = []
        for label, name, make in cases(options.big):
            if options.k not in label:
                continue
            if name not in compiled:
                print(f"{label:<34} not compiled: the library lacks an overload it needs", flush=True)
                continue
            args = make()
            want = namespace[name](*args)
            got = compiled[name](*args)
            t_c = engines.best_time(compiled[name], args, options.repeat)
            t_n = engines.best_time(namespace[name], args, options.repeat)
            ratios.append(t_c / t_n)
            print(f"{label:<34} {t_c * 1e3:>9.3f}ms {t_n * 1e3:>9.3f}ms {t_c / t_n:>6.2f}x  {agreement(got, want)}",
                  flush=True)
        print(f"geomean compiled/numpy: {engines.geometric_mean(ratios):.2f}x over {len(ratios)} cases")


if __name__ == "__main__":
    main()

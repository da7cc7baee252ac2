#!/usr/bin/env python3
"""Every corpus function compiled, against CPython, Numba and Pythran, on the same inputs in one run.

    bench/compiled/bench_corpus.py [--opsynth build/opsynth] [--repeat 5] [--no-numba] [--no-pythran]
                                   [--jobs 2] [MODULE.FUNCTION ...]

Compiles each corpus file with `opsynth compile` twice, with an empty compile cache (cold) and again
(warm), on a copy of oplib/. Each function's arguments are corpus/inputs.py's INPUTS[key] at
bench_n(key) (1-10 ms in CPython). Every engine's result is compared with CPython's first
(corpus/same_result.py: floats within the tolerance verify_options.py gives, else 1e-9 relative), so a
wrong result is reported, never timed. Numba jits every function of the file; Pythran builds one module
per function (--jobs at a time). Prints each speedup over CPython, the geometric
mean per engine over the functions it accepts, and opsynth's over the same functions as each other
engine. CPython and the engines are timed in --repeat interleaved rounds, each engine's calls looped
for at least 20 ms per round, and each keeps its best round (engines.best_times).
"""
import argparse
import faulthandler
import concurrent.futures
import os
import shutil
import sys
import tempfile
import warnings

import engines

CORPUS = os.path.join(engines.SOURCE, "corpus")
MODULES = ["numeric_kernels", "text", "wrangling", "embedding"]
sys.path.insert(0, CORPUS)
sys.path.insert(0, os.path.join(engines.SOURCE, "compiler", "python"))
import inputs  # noqa: E402
import same_result  # noqa: E402
from verify_options import VERIFY_OPTIONS  # noqa: E402


def corpus_functions(module):
    import ast
    tree = ast.parse(open(os.path.join(CORPUS, module + ".py"), encoding="utf-8").read())
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="MODULE.FUNCTION keys (default: the whole corpus)")
    parser.add_argument("--opsynth", default=os.path.join(engines.SOURCE, "build", "opsynth"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="Pythran builds at once")
    parser.add_argument("--no-numba", action="store_true")
    parser.add_argument("--no-pythran", action="store_true")
    args = parser.parse_args()
    faulthandler.enable()  # a crash in an engine's native code names the function it was running
    import opsynth
    warnings.simplefilter("ignore")  # Numba's reflected-list deprecations, numpy on edge inputs

    keys = [f"{m}.{f}" for m in MODULES for f in corpus_functions(m)]
    if unknown := [k for k in args.only if k not in keys]:
        parser.error(f"not corpus functions: {', '.join(unknown)}")
    wanted = [k for k in keys if not args.only or k in args.only]
    work = tempfile.mkdtemp(prefix="opsynth_bench_corpus_")
    os.environ["OPSYNTH_OPLIB"] = os.path.join(work, "oplib")
    shutil.copytree(os.path.join(engines.SOURCE, "oplib"), os.environ["OPSYNTH_OPLIB"])
    try:
        modules = [m for m in MODULES if any(k.startswith(m + ".") for k in wanted)]
        libraries, cold, warm = {}, {}, {}
        for m in modules:
            source = os.path.join(CORPUS, m + ".py")
            libraries[m] = os.path.join(work, m + ".so")
            cache = os.path.join(work, "cache-" + m)  # empty: cold; the second run finds what the first built
            cold[m] = engines.compile_with_opsynth(args.opsynth, source, libraries[m], cache)
            warm[m] = engines.compile_with_opsynth(args.opsynth, source, libraries[m], cache)
            print(f"opsynth compile {m}.py: cold cache {cold[m]:.1f} s, warm cache {warm[m]:.1f} s", flush=True)

        pythran = {}
        if not args.no_pythran:
            print(f"building {len(wanted)} Pythran modules ...", file=sys.stderr, flush=True)
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                builds = {k: pool.submit(engines.pythran_function, os.path.join(CORPUS, k.split(".")[0] + ".py"),
                                         k.split(".")[1], work, k.split(".")[0] + "_") for k in wanted}
                pythran = {k: b.result() for k, b in builds.items()}
            for key, (built, _) in list(pythran.items()):
                module, name = key.split(".")
                setup = f"sys.path.insert(0, {CORPUS!r})\nimport inputs"
                if built is not None and not engines.survives_call(
                        work, f"pythran_{module}_{name}", name, setup, f"inputs.INPUTS[{key!r}](inputs.bench_n({key!r}))"):
                    pythran[key] = (None, "pythran's module crashes (a signal) when called on the inputs")

        columns = ["opsynth", "Numba", "Pythran"]
        print(f"{'function':<40}{'CPython':>11}" + "".join(f"{c:>10}" for c in columns) + "   (speedup over CPython)")
        speedups = {c: {} for c in columns}
        notes = []
        for m in modules:
            python = engines.load_module(os.path.join(CORPUS, m + ".py"), "bench_" + m)
            compiled = opsynth.load(libraries[m])
            jitted, why = (None, "") if args.no_numba else engines.numba_module(os.path.join(CORPUS, m + ".py"), "numba_" + m)
            if why:
                notes.append("Numba: " + why)
            for key in [k for k in wanted if k.startswith(m + ".")]:
                name = key.split(".")[1]
                fn_args = inputs.INPUTS[key](inputs.bench_n(key))
                expected = getattr(python, name)(*fn_args)
                built, pythran_why = pythran.get(key, (None, ""))
                rtol, atol = same_result.tolerance_of(VERIFY_OPTIONS.get(key, []))
                if pythran_why:
                    notes.append(f"Pythran, {key}: {pythran_why}")
                base, results = engines.speedup_row(
                    getattr(python, name),
                    {"opsynth": getattr(compiled, name), "Numba": getattr(jitted, name, None), "Pythran": built},
                    fn_args, expected, key, args.repeat, notes,
                    lambda e, g: same_result.difference(e, g, max(rtol, 1e-9), atol))
                row = f"{key:<40}{base * 1e3:>9.2f}ms"
                for label, result in results.items():
                    if isinstance(result, str):
                        row += f"{result:>10}"
                    else:
                        speedups[label][key] = result
                        row += f"{result:>9.1f}x"
                print(row, flush=True)

        print(f"{'geometric mean (functions it accepts)':<51}" +
              "".join(f"{engines.geometric_mean(list(speedups[c].values())):>9.1f}x" for c in columns))
        for other in ("Numba", "Pythran"):
            common = [k for k in speedups[other] if k in speedups["opsynth"]]
            if common:
                print(f"on the {len(common)} functions {other} accepts: opsynth "
                      f"{engines.geometric_mean([speedups['opsynth'][k] for k in common]):.1f}x, {other} "
                      f"{engines.geometric_mean([speedups[other][k] for k in common]):.1f}x")
        print(f"accepted: opsynth {len(speedups['opsynth'])}, Numba {len(speedups['Numba'])}, "
              f"Pythran {len(speedups['Pythran'])} of {len(wanted)}")
        print(f"compile (all {len(modules)} files): cold cache {sum(cold.values()):.1f} s, warm {sum(warm.values()):.1f} s")
        for note in notes:
            print("  " + note)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

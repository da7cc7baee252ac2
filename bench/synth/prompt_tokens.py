#!/usr/bin/env python3
"""Prompt tokens of `opsynth fill`'s first request, per overload, over a fixed set of overloads.

    bench/synth/prompt_tokens.py [--opsynth build/opsynth] [--oplib oplib] [--json OUT.json]

Each overload is filled once by the real executable (`--attempts 1 --samples 1 --llm live`) against
`scripts/fixture-model` answering from an empty library (it says it does not know, so no candidate is
verified and nothing is committed), on a copy of the library. The fixture counts tokens as
characters / 4 over every message of the request (the system message included); the tokens are read
back from fill's JSON report. Prints one line per overload and the median.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (family, qualname, signature): each missing from the shipped library at that signature, so fill
# asks for it. A fixed list: before/after figures compare the same overloads.
OVERLOADS = [
    ("ufunc", "numpy.cbrt", "ndarray[float64,1] -> ndarray[float64,1]"),
    ("ufunc", "numpy.fabs", "ndarray[float32,2] -> ndarray[float32,2]"),
    ("ufunc", "numpy.logaddexp", "ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]"),
    ("ufunc", "numpy.heaviside", "ndarray[float64,1], float -> ndarray[float64,1]"),
    ("reduction", "numpy.median", "ndarray[float64,2], Literal[0] -> ndarray[float64,1]"),
    ("reduction", "numpy.nansum", "ndarray[float64,2], Literal[1] -> ndarray[float64,1]"),
    ("reduction", "numpy.average", "ndarray[float64,2], Literal[0] -> ndarray[float64,1]"),
    ("reduction", "numpy.count_nonzero", "ndarray[int64,2], Literal[0] -> ndarray[int64,1]"),
    ("linalg", "numpy.linalg.matrix_power", "ndarray[float64,2], Literal[3] -> ndarray[float64,2]"),
    ("linalg", "numpy.linalg.cond", "ndarray[float64,2] -> float64"),
    ("linalg", "numpy.linalg.pinv", "ndarray[float64,2] -> ndarray[float64,2]"),
    ("str", "str.startswith", "str, tuple[str,str] -> bool"),
    ("str", "str.translate", "str, dict[int,str] -> str"),
    ("str", "str.split", "str, None, int -> list[str]"),
    ("str", "str.expandtabs", "str, int -> str"),
    ("container", "dict.fromkeys", "list[str], int -> dict[str,int]"),
    ("container", "dict.setdefault", "dict[str,list[int]], str, list[int] -> list[int]"),
    ("container", "list.index", "list[str], str, int -> int"),
    ("math", "math.nextafter", "float, float -> float"),
    ("math", "math.ulp", "float -> float"),
    ("math", "math.fsum", "list[int] -> float"),
    ("comparison", "numpy.less_equal", "ndarray[int64,1], ndarray[int64,1] -> ndarray[bool,1]"),
    ("comparison", "operator.ne", "dict[str,int], dict[str,int] -> bool"),
    ("comparison", "numpy.greater", "ndarray[float32,1], ndarray[float32,1] -> ndarray[bool,1]"),
]


def fill_prompt_tokens(opsynth: Path, oplib: Path, base_url: str, cache: Path, qualname: str, sig: str,
                       report: Path) -> tuple[int | None, str]:
    env = dict(os.environ, OPENAI_BASE_URL=base_url, OPENAI_API_KEY="", OPSYNTH_MODEL="fixture-model")
    args = [str(opsynth), "fill", qualname, "--sig", sig, "--attempts", "1", "--samples", "1", "--llm", "live",
            "--llm-cache", str(cache), "--oplib", str(oplib), "--report", str(report), "--seed", "1", "--quiet"]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    if not report.is_file():
        return None, f"exit {run.returncode}: {run.stderr.strip()[-300:]}"
    overload = json.loads(report.read_text())["overloads"][0]
    report.unlink()
    loop = overload.get("usage")
    if not loop or overload.get("requests", 0) == 0:
        return None, f"{overload['status']}: no request ({overload.get('reason', '')})"
    return loop["prompt_tokens"], overload["status"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opsynth", type=Path, default=ROOT / "build" / "opsynth")
    parser.add_argument("--oplib", type=Path, default=ROOT / "oplib", help="only read: the bench works on a copy")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="opsynth_prompt_tokens_") as tmp:
        tmp = Path(tmp)
        shutil.copytree(args.oplib, tmp / "oplib")
        (tmp / "empty").mkdir()
        model = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "fixture-model"), "--answers",
                                  str(tmp / "empty")], stdout=subprocess.PIPE, text=True)
        try:
            base_url = model.stdout.readline().strip()
            rows = []
            for family, qualname, sig in OVERLOADS:
                tokens, note = fill_prompt_tokens(args.opsynth, tmp / "oplib", base_url, tmp / "cache", qualname,
                                                  sig, tmp / "fill.json")
                rows.append({"family": family, "qualname": qualname, "signature": sig, "prompt_tokens": tokens,
                             "note": note})
                print(f"{family:11} {qualname}({sig}): {tokens if tokens is not None else '-'}  [{note}]", flush=True)
        finally:
            model.terminate()
            model.wait()
    measured = [r["prompt_tokens"] for r in rows if r["prompt_tokens"] is not None]
    median = statistics.median(measured) if measured else None
    print(f"median prompt tokens (chars/4) over {len(measured)} overloads: {median}")
    if args.json:
        args.json.write_text(json.dumps({"median_prompt_tokens": median, "overloads": rows}, indent=2) + "\n")
    return 0 if len(measured) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())

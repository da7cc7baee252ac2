#!/usr/bin/env python3
"""Runs the README's example commands verbatim from a scratch folder (ctest readme_examples).

Every line of a ```sh block that runs opsynth or the loader is executed as written, with bash, in a fresh
folder that holds links to the checkout's build/, examples/ and compiler/ (as a user's checkout would), so
a bare file name such as `--report out.json` lands in that folder. Lines shown after a `$ ` prompt are a
transcript: the output lines that follow must match what the command prints (numbers may differ). A line
that cannot run here (setup and test, which run this test; fill, which needs a model; benchmarks) is
skipped and named. The operator library is a scratch copy, so the checkout is never edited.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = [
    (re.compile(r"^\./scripts/(setup|test)\b"), "installs and tests: this test runs inside them"),
    (re.compile(r"\bopsynth fill\b|^export "), "needs a model endpoint (tests/cli/test_fill.cpp covers fill)"),
    (re.compile(r"\bopsynth (grow|ops merge)\b"), "needs a model endpoint and a night (tests/cli/test_grow.cpp covers grow and merge)"),
    (re.compile(r"^(/usr/bin/python3 )?(bench/|build/bench/)"), "a benchmark (bench/README.md)"),
    (re.compile(r"corpus/check_compiled\.py"), "its own ctest, corpus_compiled"),
]
RUNS = re.compile(r"^(build/opsynth|PYTHONPATH=)")


def blocks(readme):
    """The lines of each ```sh block, in order."""
    out, current = [], None
    for line in readme.splitlines():
        if line.startswith("```"):
            if current is None and line.strip() in ("```sh", "```bash", "```console"):
                current = []
            elif current is not None:
                out.append(current)
                current = None
            continue
        if current is not None:
            current.append(line)
    return out


def commands(block):
    """(command, expected output lines) for each runnable line of a block."""
    transcript = any(l.startswith("$ ") for l in block)
    out = []
    for line in block:
        if transcript:
            if line.startswith("$ "):
                out.append([line[2:], []])
            elif out and line.strip():
                out[-1][1].append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            out.append([line, []])
    return out


def pattern(expected):
    """A regex for an expected output line: digits may differ, the rest must match."""
    parts = re.split(r"\d+(?:[.,]\d+)*", expected)
    return re.compile(r"[\d.,]+".join(re.escape(p) for p in parts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    args = ap.parse_args()
    with open(os.path.join(args.source, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    scratch = tempfile.mkdtemp(prefix="opsynth_readme_")
    for name, target in (("build", args.build), ("examples", os.path.join(args.source, "examples")),
                         ("compiler", os.path.join(args.source, "compiler"))):
        os.symlink(os.path.abspath(target), os.path.join(scratch, name))
    oplib = os.path.join(tempfile.mkdtemp(prefix="opsynth_readme_oplib_"), "oplib")
    shutil.copytree(os.path.join(args.source, "oplib"), oplib)
    env = dict(os.environ, OPSYNTH_OPLIB=oplib,
               OPSYNTH_CACHE_DIR=os.path.join(os.path.abspath(args.build), "test-cache"))
    failures, ran, skipped = [], 0, []
    for block in blocks(readme):
        for command, expected in commands(block):
            reason = next((why for rx, why in SKIP if rx.search(command.strip())), None)
            if reason:
                skipped.append((command, reason))
                continue
            if not RUNS.search(command.strip()):
                skipped.append((command, "not an opsynth or loader command"))
                continue
            ran += 1
            r = subprocess.run(["bash", "-c", command], cwd=scratch, env=env, capture_output=True, text=True,
                               timeout=900)
            print(f"$ {command}\n{r.stdout}{r.stderr}exit {r.returncode}\n", flush=True)
            if r.returncode != 0:
                failures.append(f"{command}: exit {r.returncode}")
            lines = r.stdout.splitlines()
            for want in expected:
                if not any(pattern(want.strip()).fullmatch(got.strip()) for got in lines):
                    failures.append(f"{command}: printed no line like {want!r}")
            report = re.search(r"--report\s+(\S+)", command)
            if report and r.returncode in (0, 1):
                for path in (report.group(1), re.sub(r"\.json$", ".md", report.group(1))):
                    if not os.path.exists(os.path.join(scratch, path)):
                        failures.append(f"{command}: wrote no {path} in the folder it ran in")
    for command, reason in skipped:
        print(f"skipped: {command}  ({reason})")
    print(f"ran {ran} README commands, skipped {len(skipped)}")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(os.path.dirname(oplib), ignore_errors=True)
    if ran == 0:
        failures.append("no runnable command found in README.md")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

# Trivial Compiler Equivalence: a mutant whose code, compiled as the verifier compiles candidates, is
# the original's code is equivalent to it; a mutant that does not compile there is stillborn.
#
# Operator headers are inline functions and templates, so compiling a header alone emits nothing. The
# translation unit here instantiates the overload at one signature exactly as the worker harness does
# (verify/harness_source.cpp: a call with lvalue arguments of the signature's C++ types), after the
# worker prelude (verify/harness/worker_prelude.hpp, force-included and precompiled as verify/compile.cpp
# does), with the shipping flags of cmake/CandidateFlags.cmake read from the build's CMakeCache.txt.
import hashlib
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LABEL = re.compile(r"\.L[A-Za-z_]*\d+")
LINE_ENTRY = re.compile(r"^\s*\.loc\s+(\d+)\s+(\d+)")
FILE_ENTRY = re.compile(r'^\s*\.file\s+(\d+)\s+"([^"]*)"(?:\s+"([^"]*)")?')
NOISE = re.compile(r"^\s*\.(file|ident)\b|^\s*\.section\s+\.note\.GNU-stack")


@dataclass
class Toolchain:
    compiler: str
    flags: list
    include_dirs: list
    prelude: Path


def read_toolchain(source_dir, build_dir):
    """The candidate compiler and flags this build's verifier uses (CMakeCache.txt)."""
    cache = {}
    for line in (Path(build_dir) / "CMakeCache.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z_0-9]+):[A-Z]+=(.*)$", line)
        if m:
            cache[m.group(1)] = m.group(2)
    if "OPSYNTH_CANDIDATE_CXX" not in cache or "OPSYNTH_CANDIDATE_FLAGS" not in cache:
        raise ValueError(f"{build_dir}/CMakeCache.txt: no OPSYNTH_CANDIDATE_CXX/OPSYNTH_CANDIDATE_FLAGS (not configured?)")
    source = Path(source_dir).resolve()
    return Toolchain(
        compiler=cache["OPSYNTH_CANDIDATE_CXX"],
        flags=cache["OPSYNTH_CANDIDATE_FLAGS"].split(),
        include_dirs=[source / "runtime", source, Path("/usr/include/eigen3")],
        prelude=source / "verify" / "harness" / "worker_prelude.hpp",
    )


def entry_source(declaration):
    """A function the compiler must emit that calls the overload as the worker harness does.
    `declaration` is `opsynth signature --json`'s object (params[].cpp, result.cpp, namespace, function)."""
    params = ", ".join(f"std::remove_cvref_t<{p['cpp']}>& a{i}" for i, p in enumerate(declaration["params"]))
    args = ", ".join(f"a{i}" for i in range(len(declaration["params"])))
    fn = f"{declaration['namespace']}::{declaration['function']}"
    return (
        '#include <type_traits>\n#include "candidate.hpp"\n'
        f"{declaration['result']['cpp']} opsynth_tce_entry({params}) {{ return {fn}({args}); }}\n"
    )


def normalize_assembly(text):
    """Assembly without the lines that name files or the compiler, local labels renumbered in order
    of appearance (a bijection: identical code stays identical, different code stays different)."""
    names = {}

    def rename(m):
        return names.setdefault(m.group(0), f".L_{len(names)}")

    lines = [LABEL.sub(rename, line) for line in text.splitlines() if not NOISE.match(line)]
    return "\n".join(lines) + "\n"


class Compiler:
    """Compiles candidate headers at one signature to normalized assembly, with a precompiled prelude."""

    def __init__(self, toolchain, work_dir, timeout=300):
        self.toolchain = toolchain
        self.work_dir = Path(work_dir)
        self.timeout = timeout
        self._pch = None

    def base_args(self):
        t = self.toolchain
        return [t.compiler, *t.flags, *(f"-I{d}" for d in t.include_dirs), "-fdiagnostics-color=never"]

    def pch(self):
        """The force-included prelude wrapper, precompiled once per flags and prelude text."""
        if self._pch:
            return self._pch
        key = hashlib.sha256(("\0".join(self.base_args()) + self.toolchain.prelude.read_text()).encode()).hexdigest()[:16]
        folder = self.work_dir / f"pch-{key}"
        wrapper = folder / "prelude.hpp"
        if not (folder / "prelude.hpp.gch").exists():
            folder.mkdir(parents=True, exist_ok=True)
            wrapper.write_text(f'#pragma once\n#include "{self.toolchain.prelude}"\n')
            run = subprocess.run(
                [*self.base_args(), "-x", "c++-header", "prelude.hpp", "-o", "prelude.hpp.gch.tmp"],
                cwd=folder, capture_output=True, text=True, timeout=self.timeout,
            )
            if run.returncode != 0:
                raise RuntimeError("cannot precompile the worker prelude:\n" + run.stderr[-2000:])
            (folder / "prelude.hpp.gch.tmp").rename(folder / "prelude.hpp.gch")
        self._pch = wrapper
        return wrapper

    def _compile(self, header_text, declaration, extra):
        """(True, assembly) or (False, the first compiler errors)."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.work_dir, prefix="tce-") as tmp:
            Path(tmp, "candidate.hpp").write_text(header_text)
            Path(tmp, "entry.cpp").write_text(entry_source(declaration))
            args = [*self.base_args(), *extra, "-S", "-o", "-", "entry.cpp"]
            try:
                run = subprocess.run(args, cwd=tmp, capture_output=True, text=True, timeout=self.timeout)
            except subprocess.TimeoutExpired:
                return False, f"compilation exceeded {self.timeout} s"
        if run.returncode != 0:
            errors = [line for line in run.stderr.splitlines() if ": error:" in line or "fatal error" in line]
            return False, "\n".join(errors[:3]) or run.stderr[-1000:]
        return True, run.stdout

    def assembly(self, header_text, declaration):
        """(True, normalized assembly) or (False, the first compiler errors)."""
        ok, text = self._compile(header_text, declaration, ["-Winvalid-pch", "-include", str(self.pch())])
        return (True, normalize_assembly(text)) if ok else (False, text)

    def live_lines(self, header_text, declaration):
        """Lines of the header that code was emitted for at this signature (the line table of a -g
        build; the prelude is included unprecompiled, as its PCH has no debug information)."""
        ok, text = self._compile(header_text, declaration, ["-g", "-include", str(self.toolchain.prelude)])
        if not ok:
            return set()
        files, lines = set(), set()
        for line in text.splitlines():
            m = FILE_ENTRY.match(line)
            if m and Path(m.group(3) or m.group(2)).name == "candidate.hpp":
                files.add(m.group(1))
            m = LINE_ENTRY.match(line)
            if m and m.group(1) in files:
                lines.add(int(m.group(2)))
        return lines

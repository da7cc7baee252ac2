// @opsynth.jit in the Python loader: compiled on the first call per argument-type signature, cached in
// memory and on disk by source and signature, and falling back to Python with a warning that names the
// reason; a function defined in a notebook-style cell (source in linecache) compiles too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::python;
using testing::read_text;
using testing::TempDir;

// OPSYNTH_BIN: the real opsynth on a copy of the shipped library, each run logged, so the test can
// count compiles.
std::string counting_opsynth(const TempDir& dir) {
  const fs::path copy = dir.path / "oplib";
  fs::copy(testing::source_dir() + "/oplib", copy, fs::copy_options::recursive);
  const fs::path wrapper = dir.path / "opsynth-logged";
  std::ofstream(wrapper) << "#!/bin/sh\necho \"$@\" >> '" << (dir.path / "compiles.log").string() << "'\n"
                         << "OPSYNTH_OPLIB='" << copy.string() << "' exec '" << testing::opsynth_binary() << "' \"$@\"\n";
  fs::permissions(wrapper, fs::perms::owner_all);
  return "OPSYNTH_BIN='" + wrapper.string() + "' OPSYNTH_CACHE_DIR='" + (dir.path / "cache").string() + "'";
}

TEST(CliCompileJit, compiles_per_signature_caches_and_falls_back_with_the_reason) {
  TempDir dir;
  const std::string env = counting_opsynth(dir);
  dir.write("kernels.py", R"PY(import math

import numpy as np

import opsynth

SCALE = 2.0


def square(v):
    return v * v


@opsynth.jit
def energy(xs):
    total = 0
    for x in xs:
        total += square(x) * SCALE
    return total


@opsynth.jit(quiet=False)
def guarded(x):
    try:
        return math.sqrt(x)
    except ValueError:
        return 0.0
)PY");
  std::string output;
  ASSERT_EQ(python(dir.path, R"PY(import warnings
import kernels
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # Two signatures: list[float] and list[int] (an int total), each compiled once.
    for _ in range(3):
        assert kernels.energy([1.5, -2.0]) == 12.5
        assert kernels.energy([3, 1]) == 20.0 and type(kernels.energy([3, 1])) is float
    assert not [w for w in caught if issubclass(w.category, kernels.opsynth.JitWarning)], [str(w.message) for w in caught]
    assert sorted(kernels.energy.compiled) == ["list[float]", "list[int]"], kernels.energy.compiled
    # try/except is not supported: Python runs it, and the warning says why, at the file's own line.
    assert kernels.guarded(4.0) == 2.0 and kernels.guarded(-1.0) == 0.0
    reasons = [str(w.message) for w in caught if issubclass(w.category, kernels.opsynth.JitWarning)]
    assert len(reasons) == 1, reasons
    assert "guarded(float) runs as Python" in reasons[0] and "kernels.py:24:5: try/except is not supported" in reasons[0], reasons
    # Arguments with no opsynth type fall back too, with one warning per reason.
    for _ in range(2):
        assert kernels.energy({1.0}) == 2.0
        assert kernels.energy([]) == 0 and type(kernels.energy([])) is int
    reasons = [str(w.message) for w in caught if issubclass(w.category, kernels.opsynth.JitWarning)]
    assert len(reasons) == 3, reasons
    assert "energy((...)) runs as Python: argument 'xs' has no opsynth type: a builtins.set" in reasons[1], reasons
    assert "an empty list does not tell its element type" in reasons[2], reasons
print("ok")
)PY", output, env),
            0)
      << output;
  const auto compiles = [&] {
    const std::string log = read_text(dir.path / "compiles.log");
    return std::count(log.begin(), log.end(), '\n');
  };
  EXPECT_EQ(compiles(), 3) << read_text(dir.path / "compiles.log");  // energy twice, guarded once
  // Another process finds the libraries on disk: no compile, same results.
  ASSERT_EQ(python(dir.path, "import kernels\nassert kernels.energy([1.5, -2.0]) == 12.5\nprint('ok')\n", output, env), 0) << output;
  EXPECT_EQ(compiles(), 3) << read_text(dir.path / "compiles.log");
}

// A function defined in a notebook cell: inspect finds its source through linecache, as in IPython;
// one defined by exec without it falls back, saying the source is not available.
TEST(CliCompileJit, a_notebook_cell_compiles_and_an_exec_string_falls_back) {
  TempDir dir;
  const std::string env = counting_opsynth(dir);
  std::string output;
  ASSERT_EQ(python(dir.path, R"PY(import linecache, warnings
import opsynth
cell = "import math\n\ndef hyp(a, b):\n    return math.sqrt(a * a + b * b)\n"
name = "<ipython-input-7-0123456789ab>"
linecache.cache[name] = (len(cell), None, cell.splitlines(True), name)
namespace = {"__name__": "__main__"}
exec(compile(cell, name, "exec"), namespace)
hyp = opsynth.jit(namespace["hyp"])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert hyp(3.0, 4.0) == 5.0
    assert list(hyp.compiled) == ["float, float"], (hyp.compiled, hyp.fallbacks)
    hidden = {"__name__": "__main__"}
    exec(compile("def inc(x):\n    return x + 1\n", "<string>", "exec"), hidden)
    inc = opsynth.jit(hidden["inc"])
    assert inc(41) == 42
    reasons = [str(w.message) for w in caught]
    assert len(reasons) == 1 and "inc(int) runs as Python: the source of inc is not available" in reasons[0], reasons
print("ok")
)PY", output, env),
            0)
      << output;
}

}  // namespace
}  // namespace opsynth

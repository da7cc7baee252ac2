// `lo = a.min()` beside `hi = a.max()` (compiler/min_max_pairs.cpp, opsynth.ops.min_max) through
// `opsynth compile`: the pair becomes one call only when the two statements are adjacent reads of the
// same array variable, and every function gives numpy's values and errors: an empty array raises the
// error of the reduction asked first, NaN and zeros of both signs keep numpy's bits, long arrays (the
// one-pass path), strided views and int arrays included.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::compile_emitting_cpp;
using testing::expect_verified;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kPairs = R"PY(import numpy as np


def stretch(img: "ndarray[float64,2]") -> None:
    lo = img.min()
    hi = img.max()
    img -= lo
    if hi > lo:
        img /= hi - lo


def span(x: "ndarray[float64,1]") -> float:
    hi = np.max(x)
    lo = np.min(x)
    return float(hi - lo)


def int_span(x: "ndarray[int64,1]") -> int:
    lo = x.min()
    hi = x.max()
    return int(hi) - int(lo)


def apart(x: "ndarray[float64,1]") -> float:
    lo = x.min()
    x[0] = 5.0
    hi = x.max()
    return float(hi - lo)


def rebinds(x: "ndarray[float64,1]", y: "ndarray[float64,1]") -> float:
    x = x.min()
    hi = y.max()
    return float(hi - x)
)PY";

TEST(CliCompileMinMaxPairs, adjacent_min_and_max_read_the_array_once_and_keep_numpys_bits_and_errors) {
  TempDir dir;
  const fs::path source = dir.write("pairs.py", kPairs);
  for (const char* fn : {"stretch", "span", "int_span", "apart", "rebinds"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    const std::string name(fn);
    const bool paired = name == "stretch" || name == "span" || name == "int_span";
    EXPECT_EQ(code.find("min_max(") != std::string::npos, paired) << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("pairs") + R"PY(
import numpy as np


def same_in_place(name, a):
    """name(a) on two copies of a, numpy's and the library's: the same result and the same array after.
    A strided a is copied into views of the same strides."""
    def like(a):
        if a.flags.c_contiguous:
            return a.copy()
        view = np.empty(a.shape[:-1] + (2 * a.shape[-1],))[..., ::2]
        view[...] = a
        return view
    want_a, got_a = like(a), like(a)
    try:
        want = getattr(pairs, name)(want_a)
    except Exception as e:
        want = e
    try:
        got = getattr(opsynth.load(name + ".opsynth.so"), name)(got_a)
    except Exception as e:
        got = e
    assert type(want) is type(got) and repr(want) == repr(got), (name, a, want, got)
    assert np.array_equal(want_a, got_a, equal_nan=True), (name, a)
    assert np.array_equal(np.signbit(want_a), np.signbit(got_a)), (name, a)


rng = np.random.default_rng(11)
arrays = [rng.standard_normal(n) for n in (1, 2, 7, 255, 256, 1000, 4099)]
arrays += [np.zeros(0), np.array([np.nan, 1.0]), np.array([1.0] * 300 + [np.nan]),
           np.array([0.0, -0.0] * 200), np.array([-0.0] * 300 + [1.0]), np.array([0.0] * 300 + [-1.0]),
           rng.standard_normal(3001)[::3], rng.standard_normal(600)[::-1], np.full(400, 2.5)]
for a in arrays:
    same("span", a)
    same("rebinds", a, a[::-1])
    same_in_place("apart", a)
    same_in_place("stretch", a.reshape(1, -1))
for m in (rng.standard_normal((512, 512)), np.zeros((0, 3)), rng.standard_normal((40, 600))[:, ::2]):
    same_in_place("stretch", m)
for x in (np.arange(10, dtype=np.int64), np.array([], dtype=np.int64), rng.integers(-2**62, 2**62, 700)):
    same("int_span", x)
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "span.opsynth.so", "span");
  expect_verified(dir, source, dir.path / "stretch.opsynth.so", "stretch");
}

}  // namespace
}  // namespace opsynth

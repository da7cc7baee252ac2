// Elementwise chains compiled into one pass (compiler/elementwise_fusion.cpp, runtime/rt/ufunc_fusion.hpp),
// through `opsynth compile`: the generated C++ defers the chains' inner operators, and every function
// gives numpy's values, dtype, memory layout and exceptions, including an array changed between two
// operators of one expression and operands that do not broadcast at an inner operator. np.sqrt and np.exp
// (kernels of their own) take a chain a block at a time.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::compile_emitting_cpp;
using testing::expect_verified;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kChains = R"PY(import numpy as np


def rescale(x: "ndarray[float64,1]", lo: float, hi: float) -> "ndarray[float64,1]":
    return (x - lo) / (hi - lo) * 2.0 - 1.0


def standardize(X: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return (X - X.mean(axis=0)) / X.std(axis=0)


def luminance(img: "ndarray[float64,3]") -> "ndarray[float64,2]":
    return 0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]


def above(a: "ndarray[int64,1]", b: "ndarray[int64,1]", t: int) -> "ndarray[int64,1]":
    return (a > t) * 3 + b * b - a


def brighten(img: "ndarray[uint8,2]") -> "ndarray[float64,2]":
    return img / 255.0 - 0.5


def clipped_root(d: "ndarray[float64,2]") -> "ndarray[float64,2]":
    return np.sqrt(np.maximum(d - 1.0, 0.0))


def shifted_exp(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return np.exp(x - np.max(x))


def growth(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return np.exp(x) * 0.5


def clobber(x: "ndarray[float64,1]") -> float:
    x[0] = 100.0
    return 2.0


def changed_between(x: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return (x - 1.0) * clobber(x)


def mismatched(a: "ndarray[float64,1]", b: "ndarray[float64,1]", c: "ndarray[float64,1]") -> "ndarray[float64,1]":
    return (a - b) * c + 1.0
)PY";

TEST(CliCompileFusion, chains_compile_into_one_pass_and_match_numpy) {
  TempDir dir;
  const fs::path source = dir.write("chains.py", kChains);
  for (const std::string fn : {"rescale", "standardize", "luminance", "above", "brighten", "clipped_root"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    EXPECT_NE(code.find("rt::ufunc::force("), std::string::npos) << fn << ": no chain was fused";
    EXPECT_NE(code.find("rt::ufunc::lazy("), std::string::npos) << fn;
    expect_verified(dir, source, dir.path / (fn + ".opsynth.so"), fn);
  }
  // np.exp is numpy's to 2 ulp (its own SIMD exp), the one operator here that is not exact
  const std::string exp_code = compile_emitting_cpp(dir, source, "shifted_exp");
  EXPECT_NE(exp_code.find("rt::ufunc::force("), std::string::npos);
  const testing::CliRun exp_run = testing::opsynth_in(
      dir, {"verify", "--function", source.string() + "::shifted_exp", "--so", (dir.path / "shifted_exp.opsynth.so").string(),
            "--tolerance", "ulp:2", "--cases", "1000", "--max-length", "300", "--quiet"});
  EXPECT_EQ(exp_run.exit_code, 0) << exp_run.out << exp_run.err;
  // Without --tolerance, the function's bound is its operators': max and subtract exact, exp 2 ulp.
  const testing::CliRun own = testing::opsynth_in(
      dir, {"verify", "--function", source.string() + "::shifted_exp", "--so", (dir.path / "shifted_exp.opsynth.so").string(),
            "--cases", "1000", "--max-length", "300"});
  EXPECT_EQ(own.exit_code, 0) << own.out << own.err;
  EXPECT_NE(own.out.find("(reduction:2+ulp:2)"), std::string::npos) << own.out;
  // exp(122.5) is 1.6e53: an ulp of it is far past any bound relative to the input, so the function's
  // default tolerance holds an ulp allowance beside the bound (a bound alone failed this function).
  (void)compile_emitting_cpp(dir, source, "growth");
  expect_verified(dir, source, dir.path / "growth.opsynth.so", "growth");
  // a user function between two operators may change the array: the first one is computed before it
  const std::string between = compile_emitting_cpp(dir, source, "changed_between");
  EXPECT_EQ(between.find("rt::ufunc::lazy("), std::string::npos);
  (void)compile_emitting_cpp(dir, source, "mismatched");
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("chains") + R"PY(
import numpy as np

def same_layout(name, *args):
    got = same(name, *args)
    want = getattr(chains, name)(*args)
    assert got.flags.c_contiguous == want.flags.c_contiguous, (name, got.strides, want.strides)
    assert got.flags.f_contiguous == want.flags.f_contiguous, (name, got.strides, want.strides)
    assert got.dtype == want.dtype, (name, got.dtype, want.dtype)

x = np.array([-0.0, 0.0, 1.5, np.inf, -np.inf, np.nan, 5e-324, 1e308, -3.0])
same('rescale', x, -2.0, 4.0)
same('rescale', x, 1.0, 1.0)
same('rescale', np.zeros(0), 0.0, 1.0)
same('rescale', np.linspace(-5.0, 5.0, 1001)[::3], -5.0, 5.0)
A = np.arange(35.0).reshape(7, 5) ** 1.5
same_layout('standardize', A)
same_layout('standardize', np.asfortranarray(A))
same_layout('standardize', A.T)
same_layout('standardize', A[::2, ::-1])
img = np.random.default_rng(1).random((6, 9, 3))
same_layout('luminance', img)
same_layout('luminance', np.asfortranarray(img))
same_layout('luminance', img.transpose(1, 0, 2))
a = np.array([-5, 0, 3, 2**62, -2**63, 7])
same_layout('above', a, a[::-1].copy(), 2)
same_layout('brighten', np.arange(24, dtype=np.uint8).reshape(4, 6) * 10)
same_layout('brighten', np.asfortranarray(np.arange(24, dtype=np.uint8).reshape(4, 6)))
D = np.arange(-6.0, 6.0).reshape(3, 4) ** 3
same_layout('clipped_root', D)
same_layout('clipped_root', np.asfortranarray(D))
same_layout('clipped_root', np.linspace(-3.0, 3.0, 2000).reshape(40, 50))
same_layout('clipped_root', np.linspace(-3.0, 3.0, 2000).reshape(40, 50)[:, ::2])
shifted = getattr(opsynth.load('shifted_exp.opsynth.so'), 'shifted_exp')
for v in [np.linspace(-30.0, 30.0, 1537), np.array([np.inf, 1.0]), np.array([np.nan, 1.0, -np.inf])]:
    got, want = shifted(v), chains.shifted_exp(v)
    assert np.allclose(got, want, rtol=1e-15, atol=0.0, equal_nan=True), (v, got, want)
y = np.arange(5.0)
want = chains.changed_between(y.copy())
got = getattr(opsynth.load('changed_between.opsynth.so'), 'changed_between')(y.copy())
assert np.array_equal(got, want) and got[0] == -2.0, (got, want)
e = same('mismatched', np.ones(3), np.ones(4), np.ones(3))
assert type(e) is ValueError, e
e = same('mismatched', np.ones(3), np.ones(3), np.ones(4))
assert type(e) is ValueError, e
same('mismatched', np.ones(3), np.ones(1), np.ones(3))
print('ok')
)PY",
                   output),
            0)
      << output;
}

}  // namespace
}  // namespace opsynth

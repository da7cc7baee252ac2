// Several np.linalg.norm / np.dot sums over a function's 1-D float64 parameters computed in one pass
// (compiler/reduction_lanes.cpp, opsynth.ops.reduction_lanes), through `opsynth compile`: the generated
// C++ calls the lanes operator only where the rewrite is sound (parameters never rebound, locals stored
// once at the top before the sums, no array written), and every function gives CPython's values and exceptions bit for bit: a dot of arrays whose
// lengths differ still raises (after the norms, as in Python), a zero vector still returns early,
// strided and reversed views, one-element products (-0.0), NaN, inf and empty arrays included.
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

const char* kSums = R"PY(import numpy as np


def cosine(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    na = float(np.linalg.norm(a))
    nb = float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        return 1.0
    return 1.0 - float(np.dot(a, b)) / (na * nb)


def projections(a: "ndarray[float64,1]", b: "ndarray[float64,1]", k: int) -> list[float]:
    out = [float(np.dot(a, b))]
    for i in range(k):
        out.append(float(np.linalg.norm(a)) * i + float(np.dot(b, b)))
    return out


def pearson(x: "ndarray[float64,1]", y: "ndarray[float64,1]") -> float:
    xc = x - x.mean()
    yc = y - y.mean()
    return float(np.dot(xc, yc) / (np.linalg.norm(xc) * np.linalg.norm(yc)))


def branch_local(x: "ndarray[float64,1]", y: "ndarray[float64,1]", flip: bool) -> float:
    if flip:
        y = y[::-1]
    return float(np.dot(x, y)) + float(np.linalg.norm(y))


def rebound(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    a = a * 2.0
    return float(np.linalg.norm(a)) + float(np.linalg.norm(b))


def written(a: "ndarray[float64,1]", b: "ndarray[float64,1]") -> float:
    na = float(np.linalg.norm(a))
    b[0] = 3.0
    return na + float(np.linalg.norm(b))


def single(a: "ndarray[float64,1]") -> float:
    return float(np.linalg.norm(a))
)PY";

TEST(CliCompileReductionLanes, norms_and_dots_share_one_pass_only_where_sound_and_keep_numpys_bits) {
  TempDir dir;
  const fs::path source = dir.write("sums.py", kSums);
  for (const char* fn : {"cosine", "projections", "pearson", "branch_local", "rebound", "written", "single"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    const std::string name(fn);
    const bool lanes = name == "cosine" || name == "projections" || name == "pearson";
    EXPECT_EQ(code.find("reduction_lanes(") != std::string::npos, lanes) << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("sums") + R"PY(
import numpy as np
rng = np.random.default_rng(7)
def vec(n):
    return rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)
pairs = []
for n in (0, 1, 2, 3, 7, 64, 1000, 4099):
    pairs.append((vec(n), vec(n)))
long = vec(3001)
pairs += [
    (vec(5), vec(6)),                                   # dot raises after the norms
    (np.zeros(4), vec(9)),                              # zero norm: returns before the dot
    (np.array([-0.0]), np.array([5.0])),                # one element: the product, -0.0
    (np.array([np.nan, 1.0]), np.array([1.0, 2.0])),
    (np.array([np.inf, 1.0]), np.array([-np.inf, 2.0])),
    (np.array([1e308, 1e308]), np.array([1e308, -1e308])),
    (long[::3], long[1::3]),                            # strided views
    (long[::-1], long),                                 # a reversed view
    (long[:1000][::-1], long[2000:]),
]
for a, b in pairs:
    same("cosine", a, b)
    for k in (0, 3):
        same("projections", a, b, k)
    same("pearson", a, b)
    for flip in (False, True):
        same("branch_local", a, b, flip)
    same("rebound", a, b)
    same("single", a)
    same("written", a.copy(), b.copy())
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "cosine.opsynth.so", "cosine");
  expect_verified(dir, source, dir.path / "projections.opsynth.so", "projections");
  expect_verified(dir, source, dir.path / "pearson.opsynth.so", "pearson");
}

}  // namespace
}  // namespace opsynth

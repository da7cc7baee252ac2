// numpy calls as kernels written for numpy make them, through `opsynth compile`: math.* on numpy
// float64 scalars, axis=-1 (a negative constant matching Literal[-1]), a.reshape(a, b, c, d) with the ints
// one by one, a tuple whose element is float on one path and float64 on another, np.roll with an int
// shift and a constant axis, np.eye with a dtype, int64 matmul, np.triu and np.diag. Each function is
// compared with numpy through the loader and passes `verify --function`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::opsynth_in;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kCalls = R"PY(import math
import numpy as np


def logistic_sum(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += 1.0 / (1.0 + math.exp(-x[i]))
    return s


def row_center(x):
    return x - np.mean(x, axis=-1, keepdims=True)


def block_sums(x):
    n = x.shape[0] // 2
    return x[:2 * n, :2 * n].reshape(n, 2, n, 2).sum(axis=3)


def rayleigh(A, iters):
    v = np.ones(A.shape[0])
    lam = 0.0
    for _ in range(iters):
        w = A @ v
        lam = v @ w
        v = w / np.linalg.norm(w)
    return lam, v


def torus(u):
    return np.roll(u, 1, axis=0) + np.roll(u, -1, axis=1) - 2.0 * u


def hops(M, k):
    P = np.eye(M.shape[0], dtype=np.int64)
    for _ in range(k):
        P = P @ M
    return P


def strict_upper_and_diagonal(a):
    return np.triu(a, 1) + np.diag(np.diag(a))
)PY";

TEST(CliCompileNumpyCalls, numpy_calls_as_kernels_write_them_compile_and_match_numpy) {
  TempDir dir;
  const fs::path source = dir.write("calls.py", kCalls);
  const std::string small = R"({"int_min": -2, "int_max": 6})";
  const std::vector<std::pair<std::string, std::string>> functions = {
      {"logistic_sum", "ndarray[float64,1]"}, {"row_center", "ndarray[float64,2]"},
      {"block_sums", "ndarray[float64,2]"},   {"rayleigh", "ndarray[float64,2], int"},
      {"torus", "ndarray[float64,2]"},        {"hops", "ndarray[int64,2], int"},
      {"strict_upper_and_diagonal", "ndarray[float64,2]"}};
  for (const auto& [fn, sig] : functions) {
    const fs::path so = dir.path / (fn + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn, "--sig", sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << fn << "\n" << built.out << built.err;
    // Sweep lengths stop at 300 per axis: numpy's own int64 matmul of 1024 x 1024 takes seconds per case
    // (the operators were verified over the whole sweep when they were committed).
    std::vector<std::string> verify = {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                       "--cases", "300", "--max-length", "300", "--quiet"};
    if (sig.ends_with("int")) verify.insert(verify.end(), {"--domain", small});
    const CliRun run = opsynth_in(dir, verify);
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find("PASS"), std::string::npos) << fn << "\n" << run.out;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("calls") + R"PY(
import numpy as np
x = np.linspace(-40.0, 40.0, 33)
same('logistic_sum', x)
same('logistic_sum', np.array([np.inf, -np.inf, 0.0]))
A = np.arange(12.0).reshape(3, 4) ** 1.5
same('row_center', A)
same('row_center', np.zeros((2, 0)))
same('block_sums', np.arange(25.0).reshape(5, 5))
same('block_sums', np.zeros((1, 1)))
S = np.array([[4.0, 1.0], [1.0, 3.0]])
lam, v = same('rayleigh', S, 0)
assert type(lam) is float and lam == 0.0
lam, v = same('rayleigh', S, 25)
assert type(lam) is np.float64
same('torus', np.arange(12.0).reshape(3, 4))
same('torus', np.zeros((0, 3)))
P = same('hops', np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0]]), 5)
assert P.dtype == np.int64
same('hops', np.array([[2**62, 3], [5, 7]]), 3)
same('strict_upper_and_diagonal', np.arange(12.0).reshape(3, 4))
e = same('strict_upper_and_diagonal', np.arange(12.0).reshape(4, 3))
assert type(e) is ValueError, e
print('ok')
)PY",
                   output),
            0)
      << output;
}

}  // namespace
}  // namespace opsynth

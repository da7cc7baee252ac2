// numpy's array-assembly calls as kernels write them, through `opsynth compile` of unannotated
// functions: np.hstack/np.vstack/np.column_stack of tuples, np.concatenate with axis=1, the ufunc methods
// np.subtract.outer/np.add.outer/np.multiply.outer, np.repeat with and without an axis, np.tile with an
// int and a tuple, np.meshgrid unpacked, np.histogram with and without range=, np.linalg.cholesky and
// np.identity; a list unpacked into names (X, Y = np.meshgrid(x, y)). Each function gives numpy's value, or
// raises numpy's (or CPython's) exception with its message.
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

const char* kAssembly = R"PY(import numpy as np


def side_by_side(a, b):
    return np.hstack((a, b))


def rows_then_row(a, r):
    return np.vstack((a, r))


def as_columns(x, y):
    return np.column_stack((x, y))


def joined_columns(a, b):
    return np.concatenate((a, b), axis=1)


def pairwise(x, y):
    return np.subtract.outer(x, y), np.add.outer(x, y), np.multiply.outer(x, y)


def repeated(a, k):
    return np.repeat(a, k), np.repeat(a, k, axis=1)


def tiled(x, k):
    return np.tile(x, (k, 2)) + np.tile(x, k)[:x.shape[0]]


def grid(x, y):
    X, Y = np.meshgrid(x, y)
    return X - 2.0 * Y


def first_two(xs):
    a, b = xs
    return a - b


def counts(x, k):
    c, e = np.histogram(x, k)
    d, f = np.histogram(x, k, range=(0.0, 1.0))
    return c, e, d, f


def factor(A):
    return np.linalg.cholesky(A)


def unit(n):
    return np.identity(n)
)PY";

TEST(CliCompileNumpyAssembly, assembly_calls_compile_unannotated_and_match_numpy_values_and_errors) {
  TempDir dir;
  const fs::path source = dir.write("assembly.py", kAssembly);
  const std::vector<std::pair<std::string, std::string>> functions = {
      {"side_by_side", "ndarray[float64,2], ndarray[float64,2]"},
      {"rows_then_row", "ndarray[float64,2], ndarray[float64,1]"},
      {"as_columns", "ndarray[int64,1], ndarray[int64,1]"},
      {"joined_columns", "ndarray[float64,2], ndarray[float64,2]"},
      {"pairwise", "ndarray[float64,1], ndarray[float64,1]"},
      {"repeated", "ndarray[float64,2], int"},
      {"tiled", "ndarray[float64,1], int"},
      {"grid", "ndarray[float64,1], ndarray[float64,1]"},
      {"first_two", "list[float]"},
      {"counts", "ndarray[float64,1], int"},
      {"factor", "ndarray[float64,2]"},
      {"unit", "int"}};
  for (const auto& [fn, sig] : functions) {
    const fs::path so = dir.path / (fn + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn, "--sig", sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << fn << "\n" << built.out << built.err;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("assembly") + R"PY(
import numpy as np
A = np.arange(6.0).reshape(2, 3)
B = np.arange(4.0).reshape(2, 2) - 7.5
r = same('side_by_side', A, B)
assert r.shape == (2, 5) and r.flags['C_CONTIGUOUS']
same('side_by_side', np.zeros((0, 2)), np.zeros((0, 3)))
e = same('side_by_side', A, np.zeros((3, 2)))
assert type(e) is ValueError and 'along dimension 0' in str(e), e
same('rows_then_row', A, np.array([1.0, -2.0, 3.5]))
e = same('rows_then_row', A, np.ones(4))
assert type(e) is ValueError, e
c = same('as_columns', np.array([1, 2, 3]), np.array([-4, 5, 2**62]))
assert c.dtype == np.int64 and c.shape == (3, 2)
assert type(same('as_columns', np.array([1, 2]), np.array([1, 2, 3]))) is ValueError
same('joined_columns', A, np.ones((2, 4)))
assert type(same('joined_columns', A, np.ones((3, 3)))) is ValueError
s, a, m = same('pairwise', np.array([0.5, -1.0, np.inf]), np.array([2.0, np.nan]))
assert s.shape == (3, 2) and a.shape == (3, 2)
same('pairwise', np.zeros(0), np.ones(4))
same('repeated', A, 3)
same('repeated', A, 0)
e = same('repeated', A, -1)
assert type(e) is ValueError and str(e) == 'negative dimensions are not allowed', e
same('tiled', np.array([1.0, 2.0, 3.0]), 2)
same('tiled', np.zeros(0), 3)
assert type(same('tiled', np.array([1.0]), -2)) is ValueError
g = same('grid', np.linspace(0.0, 1.0, 4), np.array([3.0, 5.0]))
assert g.shape == (2, 4)
assert same('first_two', [2.5, 0.5]) == 2.0
for xs in ([], [1.0], [1.0, 2.0, 3.0]):
    e = same('first_two', xs)
    assert type(e) is ValueError and 'values to unpack (expected 2' in str(e), e
x = np.array([0.0, 0.25, 0.5, 0.5, 0.75, 1.0, 1.5, -0.5, 1.0 / 3.0])
c, e, d, f = same('counts', x, 4)
assert c.dtype == np.int64 and e.dtype == np.float64 and d.sum() == 7, (c, d)
same('counts', np.full(5, 2.0), 3)
same('counts', np.zeros(0), 2)
e = same('counts', x, 0)
assert type(e) is ValueError and str(e) == '`bins` must be positive, when an integer', e
e = same('counts', np.array([1.0, np.nan]), 3)
assert type(e) is ValueError and 'not finite' in str(e), e
M = np.array([[4.0, 2.0, 0.5], [2.0, 5.0, 1.0], [0.5, 1.0, 3.0]])
L = same('factor', M)
assert np.allclose(L @ L.T, M)
same('factor', np.zeros((0, 0)))
e = same('factor', np.array([[1.0, 2.0], [2.0, 1.0]]))
assert type(e) is np.linalg.LinAlgError and str(e) == 'Matrix is not positive definite', e
assert type(same('factor', np.ones((2, 3)))) is np.linalg.LinAlgError
same('unit', 4)
same('unit', 0)
e = same('unit', -1)
assert type(e) is ValueError and str(e) == 'negative dimensions are not allowed', e
print('ok')
)PY",
                   output),
            0)
      << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
}

// The verifier passes every argument from a *args parameter on by position, so np.meshgrid's keyword-only
// indexing= has no place in an overload: the compile says so at the call instead of a wrong binding.
TEST(CliCompileNumpyAssembly, a_keyword_after_a_star_args_parameter_is_refused_naming_it) {
  TempDir dir;
  const fs::path source = dir.write("ij.py", "import numpy as np\n\n\ndef ij(x, y):\n    return np.meshgrid(x, y, indexing='ij')\n");
  const CliRun built = opsynth_in(dir, {"compile", source.string() + "::ij", "--sig", "ndarray[float64,1], ndarray[float64,1]",
                                        "-o", (dir.path / "ij.so").string(), "--quiet"});
  EXPECT_EQ(built.exit_code, 2) << built.out << built.err;
  EXPECT_NE((built.out + built.err).find("numpy.meshgrid takes *xi: keyword arguments after it are not supported (indexing=)"),
            std::string::npos)
      << built.out << built.err;
}

}  // namespace
}  // namespace opsynth

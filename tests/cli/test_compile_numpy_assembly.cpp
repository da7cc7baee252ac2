// numpy's array-assembly calls as kernels write them, through `opsynth compile` of unannotated
// functions: np.hstack/np.vstack/np.column_stack of tuples, np.concatenate with axis=1, the ufunc methods
// np.subtract.outer/np.add.outer/np.multiply.outer, np.repeat with and without an axis, np.tile with an
// int and a tuple, np.meshgrid unpacked, np.histogram with and without range=, np.linalg.cholesky and
// np.identity; a list unpacked into names (X, Y = np.meshgrid(x, y)); grids (meshgrid's keywords, np.mgrid,
// np.ogrid) and histograms of ints or over given edges. Each function gives numpy's value, or raises numpy's
// (or CPython's) exception with its message.
#include <gtest/gtest.h>

#include <array>
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

const char* kGrids = R"PY(import numpy as np


def grid_ij(x, y):
    X, Y = np.meshgrid(x, y, indexing='ij')
    return X * Y


def sparse_radius(x, y):
    X, Y = np.meshgrid(x, y, sparse=True)
    return np.sqrt(X ** 2 + Y ** 2)


def volume(x, y, z):
    X, Y, Z = np.meshgrid(x, y, z, indexing='ij', sparse=True)
    return X + 10.0 * Y + 100.0 * Z


def dense_grid(n, m):
    yy, xx = np.mgrid[0:n, 0:m]
    return yy * 10 + xx


def every_other(n):
    return np.mgrid[1:n:2]


def open_grid(n):
    y, x = np.ogrid[0:n, 0:n:2]
    return x + y


def top_rows(A):
    first, second = A[:2]
    return first - second


def levels(img, k):
    h, edges = np.histogram(img, bins=k)
    return h, edges


def binned(x, edges):
    h, e = np.histogram(x, bins=edges)
    return h


def corners(A):
    P = np.array([[0, 0], [0, A.shape[1] - 1], [A.shape[0] - 1, 0]])
    w = np.array([0.5, 0.25, 0.25])
    return (A[P[:, 0], P[:, 1]] * w).sum()


def parity(a):
    b = np.asarray(a)
    return b % 2, b // 3, (b * 1.5) % -2.0, b.ravel().clip(0, 4)
)PY";

// Grids as numpy code builds them: np.meshgrid with indexing= and sparse= (keyword-only after *xi: the
// compiler passes them to opsynth.ops.meshgrid, which takes them first), np.mgrid/np.ogrid over int
// slices, an array unpacked along its first axis, np.histogram of int data or with an array of edges, np.array
// of list displays, np.asarray, % and // on int arrays and ndarray methods that are their numpy function.
TEST(CliCompileNumpyAssembly, grids_unpacked_arrays_and_histograms_compile_and_pass_verify_function) {
  TempDir dir;
  const fs::path source = dir.write("grids.py", kGrids);
  const std::string small = R"({"int_min": -6, "int_max": 12})";
  const std::vector<std::array<std::string, 3>> functions = {
      {"grid_ij", "ndarray[float64,1], ndarray[float64,1]", ""},
      {"sparse_radius", "ndarray[float64,1], ndarray[float64,1]", ""},
      {"volume", "ndarray[float64,1], ndarray[float64,1], ndarray[float64,1]", ""},
      {"dense_grid", "int, int", small},
      {"every_other", "int", small},
      {"open_grid", "int", small},
      {"top_rows", "ndarray[float64,2]", ""},
      {"levels", "ndarray[int64,2], int", small},
      {"binned", "ndarray[float64,1], ndarray[float64,1]", ""},
      {"corners", "ndarray[float64,2]", ""},
      {"parity", "ndarray[int64,2]", ""}};
  for (const auto& [fn, sig, domain] : functions) {
    const fs::path so = dir.path / (fn + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn, "--sig", sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << fn << "\n" << built.out << built.err;
    std::vector<std::string> verify = {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                       "--cases", "300", "--max-length", "300", "--quiet"};
    if (!domain.empty()) verify.insert(verify.end(), {"--domain", domain});
    const CliRun run = opsynth_in(dir, verify);
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("grids") + R"PY(
import numpy as np
assert same('grid_ij', np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0])).shape == (3, 2)
assert same('sparse_radius', np.array([3.0, 0.0]), np.array([4.0, 1.0, 2.0])).shape == (3, 2)
assert same('volume', np.arange(2.0), np.arange(3.0), np.arange(4.0)).shape == (2, 3, 4)
g = same('dense_grid', 3, 4)
assert g.dtype == np.int64 and g.shape == (3, 4), g
same('dense_grid', 0, 2)
e = same('dense_grid', -2, 3)
assert type(e) is ValueError and str(e) == 'negative dimensions are not allowed', e
assert same('every_other', 7).tolist() == [1, 3, 5]
same('every_other', 0)
assert same('open_grid', 4).shape == (4, 2)
same('top_rows', np.arange(6.0).reshape(3, 2))
for bad in (np.zeros((1, 2)), np.zeros((0, 2))):
    e = same('top_rows', bad)
    assert type(e) is ValueError and 'values to unpack (expected 2' in str(e), e
h, edges = same('levels', np.array([[0, 255, 128], [64, 64, 3]]), 4)
assert h.sum() == 6 and edges.dtype == np.float64, (h, edges)
same('levels', np.full((2, 2), 7), 3)
h = same('binned', np.array([0.1, 0.5, 0.5, 2.0, np.nan, 3.0]), np.array([0.0, 0.5, 1.0, 3.0]))
assert h.tolist() == [1, 2, 2], h
assert same('corners', np.arange(12.0).reshape(3, 4)) == 0.5 * 0.0 + 0.25 * 3.0 + 0.25 * 8.0
assert type(same('corners', np.zeros((0, 2)))) is IndexError
m2, f3, fm, c = same('parity', np.array([[-7, 0, 5], [9, -1, 2**62]]))
assert m2.tolist() == [[1, 0, 1], [1, 1, 0]] and f3[0].tolist() == [-3, 0, 1], (m2, f3)
e = same('binned', np.ones(3), np.array([1.0, 0.0]))
assert type(e) is ValueError and str(e) == '`bins` must increase monotonically, when an array', e
print('ok')
)PY",
                   output),
            0)
      << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
}

// Keyword-only parameters after *args have a place in an overload only where opsynth.ops has a shim that
// takes them first (np.meshgrid); elsewhere the compile says so at the call instead of binding them wrongly.
TEST(CliCompileNumpyAssembly, a_keyword_after_a_star_args_parameter_without_a_shim_is_refused_naming_it) {
  TempDir dir;
  const fs::path source =
      dir.write("bc.py", "import numpy as np\n\n\ndef bc(x, y):\n    return np.broadcast_arrays(x, y, subok=True)\n");
  const CliRun built = opsynth_in(dir, {"compile", source.string() + "::bc", "--sig", "ndarray[float64,1], ndarray[float64,1]",
                                        "-o", (dir.path / "bc.so").string(), "--quiet"});
  EXPECT_EQ(built.exit_code, 2) << built.out << built.err;
  EXPECT_NE((built.out + built.err).find("numpy.broadcast_arrays takes *args: keyword arguments after it are not supported (subok=)"),
            std::string::npos)
      << built.out << built.err;
}

}  // namespace
}  // namespace opsynth

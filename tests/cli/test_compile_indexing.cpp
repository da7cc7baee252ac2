// numpy's basic indexing through `opsynth compile`: reads of every index kind (ints, slices with any
// bounds and steps, None/np.newaxis, ...) as views sharing the array's memory, writes broadcasting the
// value into the view, augmented assignment in place, aliasing included, numpy's errors, and kernels
// written as people write them. Each function is compared with numpy through the loader (values,
// shapes, dtypes, exceptions and their messages, the arguments after the call) and passes
// `verify --function`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::opsynth_in;
using testing::python;
using testing::TempDir;

struct Fn {
  std::string name, sig;
  std::string domain = "";  // verify --function's input hints, where ints of +-1000 rarely index an array
  bool verify = true;       // false: compiled, and checked only by the cases the test writes (see the caller)
};

// The domain for int parameters that index or offset into the generated arrays: small enough to land
// inside them, and on both sides of every bound.
constexpr const char* kSmallInts = R"({"int_min": -6, "int_max": 6})";

// Compiles each function from --sig into NAME.opsynth.so and proves it with verify --function (its size
// sweep to 300 per axis: past that numpy's own time per case dominates the suite).
void compile_and_verify(const TempDir& dir, const fs::path& source, const std::vector<Fn>& fns) {
  for (const Fn& fn : fns) {
    const fs::path so = dir.path / (fn.name + ".opsynth.so");
    const CliRun built =
        opsynth_in(dir, {"compile", source.string() + "::" + fn.name, "--sig", fn.sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << fn.name << "\n" << built.out << built.err;
    if (!fn.verify) continue;
    std::vector<std::string> verify = {"verify", "--function", source.string() + "::" + fn.name, "--so", so.string(),
                                       "--cases", "300", "--max-length", "300", "--quiet"};
    if (!fn.domain.empty()) verify.insert(verify.end(), {"--domain", fn.domain});
    const CliRun run = opsynth_in(dir, verify);
    EXPECT_EQ(run.exit_code, 0) << fn.name << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find("PASS"), std::string::npos) << fn.name << "\n" << run.out;
  }
}

// `same(name, *args)` runs the Python function and the compiled one on copies of the arguments and
// asserts they agree: result (type, dtype, shape, values), exception (class and message) and the
// arguments afterwards (what was written through views).
const char* kSame = R"PY(import copy
import numpy as np
import opsynth


def _equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, BaseException):
        return type(a) is type(b) and str(a) == str(b)
    return type(a) is type(b) and (a == b or (a != a and b != b))


def same(module, name, *args):
    lib = getattr(opsynth.load(name + ".opsynth.so"), name)
    want_args, got_args = copy.deepcopy(args), copy.deepcopy(args)
    try:
        want = getattr(module, name)(*want_args)
    except Exception as e:
        want = e
    try:
        got = lib(*got_args)
    except Exception as e:
        got = e
    assert _equal(want, got), (name, args, want, got)
    for w, g in zip(want_args, got_args):
        assert _equal(w, g), (name, "argument after the call", w, g)
    return got
)PY";

const char* kReads = R"PY(import numpy as np


def interior(A):
    return A[1:-1, 1:-1]


def row_prefix(A, i, j):
    return A[i, :j]


def column(A, i):
    return A[:, i]


def middle(A, i, j):
    return A[:, i, j, :]


def reversed_every_other(A):
    return A[::-2, ::-1]


def bounds(A, a, b, c):
    return A[a:b:c, b:a:-1]


def outer(v):
    return v[:, None] * v[np.newaxis, :]


def last_axis(A, k):
    return A[..., k]


def zero_d(v, i):
    return v[i, ...]


def element(A, i, j):
    return A[i, -j]


def through_a_view(A):
    v = A[1:, ::2]
    w = v[:, None, 0]
    v[0, 0] = -1.0
    return w + A[0, :1]


def too_many(A, k):
    if k > 0:
        return A[0, :, 1]
    return A[0, :]


def step_from(A, s):
    return A[::s, 0]
)PY";

TEST(CliCompileIndexing, reads_of_every_index_kind_are_numpy_views_with_numpys_errors) {
  TempDir dir;
  const fs::path source = dir.write("reads.py", kReads);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     {{"interior", "ndarray[float64,2]"},
                      {"row_prefix", "ndarray[float64,2], int, int"},
                      {"column", "ndarray[float64,2], int"},
                      {"middle", "ndarray[float64,4], int, int", kSmallInts},
                      {"reversed_every_other", "ndarray[float64,2]"},
                      {"bounds", "ndarray[int64,2], int, int, int"},
                      {"outer", "ndarray[float64,1]"},
                      {"last_axis", "ndarray[float64,3], int"},
                      {"zero_d", "ndarray[float64,1], int"},
                      {"element", "ndarray[float64,2], int, int", kSmallInts},
                      {"through_a_view", "ndarray[float64,2]"},
                      {"too_many", "ndarray[float64,2], int"},
                      {"step_from", "ndarray[float64,2], int"}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import reads
from same import same

A = np.arange(20.0).reshape(4, 5)
same(reads, "interior", A)
same(reads, "interior", np.zeros((2, 0)))
same(reads, "interior", A.T[::-1])
for i in range(-5, 6):
    for j in range(-7, 8):
        same(reads, "row_prefix", A, i, j)
assert str(same(reads, "row_prefix", A, 5, 1)) == "index 5 is out of bounds for axis 0 with size 4"
assert str(same(reads, "column", A, -6)) == "index -6 is out of bounds for axis 1 with size 5"
same(reads, "column", A, -5)
B = np.arange(120.0).reshape(2, 3, 4, 5)
same(reads, "middle", B, 2, -1)
same(reads, "middle", B, 0, 3)
same(reads, "reversed_every_other", A)
same(reads, "reversed_every_other", np.zeros((0, 3)))
I = np.arange(42).reshape(6, 7)
for a in range(-8, 9, 3):
    for b in range(-8, 9, 2):
        for c in (-3, -1, 1, 2, 5):
            same(reads, "bounds", I, a, b, c)
assert str(same(reads, "bounds", I, 1, 2, 0)) == "slice step cannot be zero"
same(reads, "outer", np.array([1.0, -2.0, 0.5]))
same(reads, "outer", np.zeros(0))
same(reads, "last_axis", np.arange(24.0).reshape(2, 3, 4), -1)
assert str(same(reads, "last_axis", np.arange(24.0).reshape(2, 3, 4), 4)) == "index 4 is out of bounds for axis 2 with size 4"
z = same(reads, "zero_d", np.array([1.5, 2.5]), 1)
assert z.shape == () and z == 2.5
got = same(reads, "element", A, 2, 1)
assert type(got) is np.float64 and got == 14.0
same(reads, "through_a_view", A)
same(reads, "too_many", A, 0)
e = same(reads, "too_many", A, 1)
assert type(e) is IndexError and str(e) == "too many indices for array: array is 2-dimensional, but 3 were indexed", e
assert str(same(reads, "step_from", A, 0)) == "slice step cannot be zero"
same(reads, "step_from", A, -3)
print("ok")
)PY", output), 0) << output;
}

const char* kWrites = R"PY(import numpy as np


def fill_interior(A, x):
    A[1:-1, 1:-1] = x
    return A


def clear(C):
    C[:] = 0.0


def set_row(A, i, row):
    A[i, :] = row


def set_row_by_int(A, i, row):
    A[i] = row


def zero_row(A, i):
    A[i] = 0.0


def shift_right(a):
    a[1:] = a[:-1]
    return a


def reverse_in_place(A):
    A[:] = A[::-1, ::-1]


def columns_from(A, col):
    A[:, 1:] = col[:, None]


def first_two(A, v):
    A[0, :2] = v


def last_plane(B, i, x):
    B[i, ..., -1] = x


def with_new_axis(a, v, k):
    a[None, k:] = v
)PY";

TEST(CliCompileIndexing, writes_broadcast_the_value_into_the_view_and_copy_an_overlapping_source) {
  TempDir dir;
  const fs::path source = dir.write("writes.py", kWrites);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     {{"fill_interior", "ndarray[float64,2], float"},
                      {"clear", "ndarray[float64,1]"},
                      {"set_row", "ndarray[float64,2], int, ndarray[float64,1]"},
                      {"set_row_by_int", "ndarray[float64,2], int, ndarray[float64,1]"},
                      {"zero_row", "ndarray[float64,2], int"},
                      {"shift_right", "ndarray[float64,1]"},
                      {"reverse_in_place", "ndarray[float64,2]"},
                      {"columns_from", "ndarray[float64,2], ndarray[float64,1]"},
                      {"first_two", "ndarray[float64,2], ndarray[float64,1]"},
                      {"last_plane", "ndarray[int64,3], int, int"},
                      {"with_new_axis", "ndarray[float64,1], ndarray[float64,2], int"}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import writes
from same import same

A = np.arange(20.0).reshape(4, 5)
same(writes, "fill_interior", A, -2.5)
same(writes, "fill_interior", np.zeros((1, 3)), 1.0)
same(writes, "clear", np.arange(5.0)[::2])
same(writes, "set_row", A, -1, np.array([9.0, 8.0, 7.0, 6.0, 5.0]))
same(writes, "set_row", A, 2, np.array([3.5]))
e = same(writes, "set_row", A, 1, np.ones(3))
assert str(e) == "could not broadcast input array from shape (3,) into shape (5,)", e
assert str(same(writes, "set_row", A, 4, np.ones(5))) == "index 4 is out of bounds for axis 0 with size 4"
same(writes, "set_row_by_int", A, 0, np.arange(5.0))
same(writes, "zero_row", A, -4)
shifted = same(writes, "shift_right", np.arange(6.0))
assert list(shifted) == [0.0, 0.0, 1.0, 2.0, 3.0, 4.0], shifted
same(writes, "shift_right", np.arange(12.0)[::-3])
same(writes, "reverse_in_place", A)
same(writes, "reverse_in_place", np.asfortranarray(A))
same(writes, "columns_from", A, np.array([1.0, 2.0, 3.0, 4.0]))
assert str(same(writes, "columns_from", A, np.ones(3))) == "could not broadcast input array from shape (3,1) into shape (4,4)"
same(writes, "first_two", A, np.array([5.0, 6.0]))
assert str(same(writes, "first_two", A, np.ones(3))) == "could not broadcast input array from shape (3,) into shape (2,)"
same(writes, "last_plane", np.arange(24).reshape(2, 3, 4), -1, 100)
same(writes, "with_new_axis", np.arange(5.0), np.array([[7.0, 8.0]]), 3)
same(writes, "with_new_axis", np.arange(5.0), np.array([[7.0], [8.0]]), 3)
print("ok")
)PY", output), 0) << output;
}

const char* kAugmented = R"PY(import numpy as np


def sub_element(A, i, j, x):
    A[i, j] -= x


def add_row(A, i, row):
    A[i] += row


def double_inner(a):
    a[1:-1] *= 2


def add_reversed(a):
    a[::-1] += a


def scale_columns(A, k):
    A[:, k:] /= A[0, k]
)PY";

TEST(CliCompileIndexing, augmented_assignment_works_in_place_on_elements_rows_and_slices) {
  TempDir dir;
  const fs::path source = dir.write("augmented.py", kAugmented);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     {{"sub_element", "ndarray[float64,2], int, int, float", kSmallInts},
                      {"add_row", "ndarray[float64,2], int, ndarray[float64,1]"},
                      {"double_inner", "ndarray[float64,1]"},
                      {"add_reversed", "ndarray[float64,1]"},
                      {"scale_columns", "ndarray[float64,2], int"}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import augmented
from same import same

A = np.arange(1.0, 21.0).reshape(4, 5)
same(augmented, "sub_element", A, 1, -2, 0.5)
assert str(same(augmented, "sub_element", A, 4, 0, 1.0)) == "index 4 is out of bounds for axis 0 with size 4"
same(augmented, "add_row", A, -1, np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
same(augmented, "add_row", A, 0, np.array([0.25]))
assert str(same(augmented, "add_row", A, 0, np.ones(2))) == "operands could not be broadcast together with shapes (5,) (2,) (5,) "
same(augmented, "double_inner", np.arange(6.0))
same(augmented, "double_inner", np.arange(1.0))
a = np.arange(5.0)
got = same(augmented, "add_reversed", a)
b = a.copy()
augmented.add_reversed(b)
assert list(b) == [4.0, 4.0, 4.0, 4.0, 4.0], b
same(augmented, "add_reversed", np.arange(9.0)[::2])
same(augmented, "scale_columns", A, 2)
same(augmented, "scale_columns", A, -1)
print("ok")
)PY", output), 0) << output;
}

// Kernels as people write them, unannotated and typed from --sig.
// numpy's advanced indexing with one bool or int64 array (a copy), and numpy int64 scalars as indices
// and slice bounds (their __index__), as kernels written for numpy use them.
const char* kAdvanced = R"PY(import numpy as np


def positives(a):
    return a[a > 0.0]


def rows_where(a, m):
    return a[m]


def gather(table, ids):
    return table[ids]


def clamp_negative(a):
    a[a < 0.0] = 0.0
    return a


def reflect(pos, vel, box):
    high = pos > box
    pos[high] = 2.0 * box - pos[high]
    vel[high] = -vel[high]


def bump(a, idx):
    a[idx] += 1.0


def scatter_rows(a, idx, row):
    a[idx] = row


def label_pick(logits, labels):
    total = 0.0
    for i in range(labels.shape[0]):
        total += logits[i, labels[i]]
    return total


def bag_sums(x, offsets):
    s = 0.0
    for b in range(offsets.shape[0] - 1):
        lo, hi = offsets[b], offsets[b + 1]
        s += x[lo:hi].sum()
    return s


def masked_from_mask(a, m, v):
    a[m] = v
)PY";

TEST(CliCompileIndexing, advanced_indexing_with_one_bool_or_int_array_copies_as_numpy_does) {
  TempDir dir;
  const fs::path source = dir.write("advanced.py", kAdvanced);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     {{"positives", "ndarray[float64,2]"},
                      {"rows_where", "ndarray[float64,2], ndarray[bool,1]"},
                      {"gather", "ndarray[float64,2], ndarray[int64,1]", kSmallInts},
                      {"clamp_negative", "ndarray[float64,1]"},
                      {"reflect", "ndarray[float64,2], ndarray[float64,2], float"},
                      {"bump", "ndarray[float64,1], ndarray[int64,1]", kSmallInts},
                      {"scatter_rows", "ndarray[float64,2], ndarray[int64,1], ndarray[float64,1]", kSmallInts},
                      {"label_pick", "ndarray[float64,2], ndarray[int64,1]", kSmallInts},
                      {"bag_sums", "ndarray[float64,1], ndarray[int64,1]", kSmallInts},
                      {"masked_from_mask", "ndarray[float64,1], ndarray[bool,1], ndarray[float64,1]"}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import advanced
from same import same

A = np.linspace(-2, 2, 12).reshape(3, 4)
got = same(advanced, "positives", A)
assert got.shape == (6,) and got.flags.writeable
same(advanced, "positives", A.T[::-1])
same(advanced, "positives", np.zeros((0, 3)))
same(advanced, "rows_where", A, np.array([True, False, True]))
same(advanced, "rows_where", A, np.zeros(0, bool))
e = same(advanced, "rows_where", A, np.array([True, False]))
assert str(e) == "boolean index did not match indexed array along dimension 0; dimension is 3 but corresponding boolean dimension is 2", e
T = np.arange(15.0).reshape(5, 3)
same(advanced, "gather", T, np.array([4, 0, -1, 0]))
same(advanced, "gather", T, np.zeros(0, np.int64))
assert str(same(advanced, "gather", T, np.array([1, 5]))) == "index 5 is out of bounds for axis 0 with size 5"
same(advanced, "clamp_negative", np.linspace(-1, 1, 9))
same(advanced, "clamp_negative", np.linspace(-1, 1, 9)[::-2])
same(advanced, "reflect", np.linspace(0, 3, 12).reshape(4, 3), np.ones((4, 3)), 2.0)
same(advanced, "bump", np.zeros(5), np.array([0, 0, 3, -1]))
same(advanced, "scatter_rows", np.zeros((4, 3)), np.array([1, 1, 2]), np.array([1.0, 2.0, 3.0]))
e = same(advanced, "scatter_rows", np.zeros((4, 3)), np.array([1]), np.array([1.0, 2.0]))
assert str(e) == "shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (1,3)", e
L = np.arange(12.0).reshape(4, 3)
same(advanced, "label_pick", L, np.array([2, 0, 1, -1]))
assert str(same(advanced, "label_pick", L, np.array([3]))) == "index 3 is out of bounds for axis 1 with size 3"
same(advanced, "bag_sums", np.arange(10.0), np.array([0, 3, 3, 7, 10]))
x = np.arange(6.0)
same(advanced, "masked_from_mask", x, x > 1.5, np.array([9.0, 8.0, 7.0, 6.0]))
same(advanced, "masked_from_mask", x, x > 1.5, np.array([5.0]))
e = same(advanced, "masked_from_mask", x, x > 1.5, np.array([1.0, 2.0]))
assert type(e) is ValueError and "cannot assign 2 input values to the 4 output values" in str(e), e
print("ok")
)PY", output), 0) << output;
}

const char* kTupleAdvanced = R"PY(import numpy as np


def pick_rows(A, idx):
    return A[idx, :]


def pick_cols(A, idx):
    return A[:, idx]


def gather_pairs(A, r, c):
    return A[r, c]


def mask_rows(A, keep):
    return A[keep, :]


def mask_cols(A, keep):
    return A[:, keep]


def row_items(A, i, idx):
    return A[i, idx]


def col_items(A, idx, i):
    return A[idx, i]


def planes(B, r, c):
    return B[r, :, c]


def grid(A, idx):
    return A[idx, :]


def first_column(A, idx):
    return A[idx][:, 0]


def select(X, y, k):
    return X[y == k, :]


def counts_rows(C, idx):
    return C[idx, :]


def zero_rows(A, idx):
    A[idx, :] = 0.0


def set_pairs(A, r, c, v):
    A[r, c] = v


def clear_cols(A, keep):
    A[:, keep] = 0.0


def zero_items(A, i, idx):
    A[i, idx] = 0.0


def set_planes(B, r, c, v):
    B[r, :, c] = v


def reverse_rows(A, idx):
    A[idx, :] = A[::-1, :][idx, :]


def reverse_into(A, idx):
    A[idx, :] = A[::-1, :]


def scatter(out, idx, v):
    out[idx, 0] += v
    return out


def shrink_masked(A, mask):
    A[mask, 1:] -= 0.5


def onehot_sub(P, labels, w):
    P[np.arange(P.shape[0]), labels] -= w
    return P


def shift_planes(B, r, c):
    B[r, :, c] -= 0.5


def paint(canvas, ys, xs, color):
    canvas[ys, xs] = color


def table_write(table, keys, vals):
    table[keys] = vals
    return table
)PY";

// The reads, writes and augmented writes of one int64 or bool array beside ints, slices and other
// arrays: numpy's placement rule (adjacent advanced parts in place, else first), negative and repeated
// indices, empty index arrays, numpy's errors, and a value that aliases the target.
TEST(CliCompileIndexing, arrays_inside_a_tuple_index_read_write_and_update_as_numpy_does) {
  TempDir dir;
  const fs::path source = dir.write("tuple_advanced.py", kTupleAdvanced);
  dir.write("same.py", kSame);
  const std::string small = R"({"int_min": -4, "int_max": 4})";
  const std::string i1 = "ndarray[int64,1]";
  // set_pairs, set_planes, scatter, paint and table_write write an array value through index arrays where
  // positions repeat: verify --function draws strided and reversed views of them, whose writes numpy
  // orders by their layouts (runtime/rt/iteration_order.hpp).
  compile_and_verify(dir, source,
                     {{"pick_rows", "ndarray[float64,2], " + i1, small},
                      {"pick_cols", "ndarray[float64,2], " + i1, small},
                      {"gather_pairs", "ndarray[float64,2], " + i1 + ", " + i1, small},
                      {"mask_rows", "ndarray[float64,2], ndarray[bool,1]"},
                      {"mask_cols", "ndarray[float64,2], ndarray[bool,1]"},
                      {"row_items", "ndarray[float64,2], int, " + i1, small},
                      {"col_items", "ndarray[float64,2], " + i1 + ", int", kSmallInts},
                      {"planes", "ndarray[float64,3], " + i1 + ", " + i1, small},
                      {"grid", "ndarray[float64,2], ndarray[int64,2]", kSmallInts},
                      {"first_column", "ndarray[float64,2], " + i1, small},
                      {"select", "ndarray[float64,2], " + i1 + ", float", kSmallInts},
                      {"counts_rows", "ndarray[int64,2], " + i1, small},
                      {"zero_rows", "ndarray[float64,2], " + i1, small},
                      {"set_pairs", "ndarray[float64,2], " + i1 + ", " + i1 + ", ndarray[float64,1]", kSmallInts},
                      {"clear_cols", "ndarray[float64,2], ndarray[bool,1]"},
                      {"zero_items", "ndarray[float64,2], int, " + i1, small},
                      {"set_planes", "ndarray[float64,3], " + i1 + ", " + i1 + ", ndarray[float64,2]", kSmallInts},
                      {"reverse_rows", "ndarray[float64,2], " + i1, small},
                      {"reverse_into", "ndarray[float64,2], " + i1, small},
                      {"scatter", "ndarray[float64,2], " + i1 + ", ndarray[float64,1]", kSmallInts},
                      {"shrink_masked", "ndarray[float64,2], ndarray[bool,1]"},
                      {"onehot_sub", "ndarray[float64,2], " + i1 + ", ndarray[float64,1]", kSmallInts},
                      {"shift_planes", "ndarray[float64,3], " + i1 + ", " + i1, small},
                      {"paint", "ndarray[float64,2], ndarray[int64,2], ndarray[int64,2], ndarray[float64,1]", kSmallInts},
                      {"table_write", "ndarray[float64,1], ndarray[int64,2], ndarray[float64,2]", kSmallInts}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import tuple_advanced as m
from same import same

A = np.arange(12.0).reshape(3, 4)
B = np.arange(24.0).reshape(2, 3, 4)
idx = np.array([2, 0, -1, 0])
got = same(m, "pick_rows", A, idx)
assert got.shape == (4, 4) and got.flags.writeable and not np.shares_memory(got, A)
same(m, "pick_rows", A.T[::-1], np.array([3, -4]))
assert same(m, "pick_rows", A, np.zeros(0, np.int64)).shape == (0, 4)
assert str(same(m, "pick_rows", A, np.array([1, 3]))) == "index 3 is out of bounds for axis 0 with size 3"
assert str(same(m, "pick_rows", A, np.array([-4]))) == "index -4 is out of bounds for axis 0 with size 3"
assert same(m, "pick_cols", A, idx).shape == (3, 4)
assert str(same(m, "pick_cols", A, np.array([4]))) == "index 4 is out of bounds for axis 1 with size 4"
assert same(m, "gather_pairs", A, np.array([0, 2, -1]), np.array([3, 0, -4])).tolist() == [3.0, 8.0, 8.0]
e = same(m, "gather_pairs", A, np.array([0, 1]), np.array([0, 1, 2]))
assert type(e) is IndexError and str(e) == "shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,) ", e
same(m, "gather_pairs", A, np.zeros(0, np.int64), np.zeros(0, np.int64))
keep3, keep4 = np.array([True, False, True]), np.array([False, True, True, False])
assert same(m, "mask_rows", A, keep3).shape == (2, 4)
assert same(m, "mask_cols", A, keep4).shape == (3, 2)
same(m, "mask_cols", A, np.zeros(0, bool))
e = same(m, "mask_rows", A, keep4)
assert type(e) is IndexError and str(e) == "boolean index did not match indexed array along dimension 0; dimension is 3 but corresponding boolean dimension is 4", e
e = same(m, "mask_cols", A, keep3)
assert str(e) == "boolean index did not match indexed array along dimension 1; dimension is 4 but corresponding boolean dimension is 3", e
assert same(m, "row_items", A, -1, idx).tolist() == [10.0, 8.0, 11.0, 8.0]
assert str(same(m, "row_items", A, 3, idx)) == "index 3 is out of bounds for axis 0 with size 3"
assert same(m, "col_items", A, idx, 1).tolist() == [9.0, 1.0, 9.0, 1.0]
assert str(same(m, "col_items", A, np.array([0]), 5)) == "index 5 is out of bounds for axis 1 with size 4"
# not adjacent: the broadcast dims go first, then the sliced axis
got = same(m, "planes", B, np.array([1, 0, 1]), np.array([0, -1, 2]))
assert got.shape == (3, 3) and got[0].tolist() == [12.0, 16.0, 20.0], got
assert same(m, "planes", B, np.array([0]), np.array([0, 1])).shape == (2, 3)
assert "could not be broadcast together with shapes (2,) (3,) " in str(same(m, "planes", B, np.array([0, 1]), np.array([0, 1, 2])))
assert str(same(m, "planes", B, np.array([0, 1]), np.array([0, 4]))) == "index 4 is out of bounds for axis 2 with size 4"
assert same(m, "grid", A, np.array([[0, 1], [2, -1]])).shape == (2, 2, 4)
assert same(m, "first_column", A, idx).tolist() == [8.0, 0.0, 8.0, 0.0]
X = np.arange(10.0).reshape(5, 2)
assert same(m, "select", X, np.array([1, 0, 1, 2, 1]), 1.0).shape == (3, 2)
assert same(m, "select", X, np.array([1, 0, 1, 2, 1]), 7.0).shape == (0, 2)
same(m, "counts_rows", np.arange(6).reshape(3, 2), np.array([2, 2, -3]))
same(m, "zero_rows", A, np.array([2, -1, 0]))
same(m, "zero_rows", A, np.zeros(0, np.int64))
assert str(same(m, "zero_rows", A, np.array([0, 9]))) == "index 9 is out of bounds for axis 0 with size 3"
# a repeated position keeps the last value written
same(m, "set_pairs", A, np.array([0, 1, 0]), np.array([1, 1, 1]), np.array([5.0, 6.0, 7.0]))
same(m, "set_pairs", A, np.array([0, 1, 0]), np.array([1, 1, 1]), np.array([5.0]))
e = same(m, "set_pairs", A, np.array([0, 1, 0]), np.array([1, 1, 1]), np.array([5.0, 6.0]))
assert type(e) is ValueError and str(e) == "shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (3,)", e
# the value's shape is checked before the indices
e = same(m, "set_pairs", A, np.array([0, 9]), np.array([1, 1]), np.array([5.0, 6.0, 7.0]))
assert type(e) is ValueError, e
same(m, "clear_cols", A, keep4)
assert "boolean index did not match" in str(same(m, "clear_cols", A, keep3))
same(m, "zero_items", A, 1, np.array([3, -4, 3]))
same(m, "set_planes", B, np.array([1, 0]), np.array([3, -1]), np.arange(6.0).reshape(2, 3))
same(m, "set_planes", B, np.array([1, 0]), np.array([3, -1]), np.arange(3.0)[None, :])
e = same(m, "set_planes", B, np.array([1, 0]), np.array([3, -1]), np.ones((3, 2)))
assert type(e) is ValueError and str(e) == "shape mismatch: value array of shape (3,2) could not be broadcast to indexing result of shape (2,3)", e
# the value is a fresh copy of the target's rows; a view of the target is read as numpy's mapiter reads
# it, while writing (rows written at earlier positions are read again)
same(m, "reverse_rows", A, np.array([0, 2, 1]))
same(m, "reverse_rows", A.T.copy(), np.array([3, 0]))
R = np.arange(14.0).reshape(7, 2)
got = same(m, "reverse_into", R, np.array([0, 0, 4, 0, 0, 1, 1]))
assert got is None
seven = np.array([0, 0, 4, 0, 0, 1, 1])
R2 = R.copy()
m.reverse_into(R2, seven)
assert R2[:, 0].tolist() == [4.0, 4.0, 4.0, 6.0, 8.0, 10.0, 12.0], R2
assert type(same(m, "reverse_into", R, np.array([0, 1]))) is ValueError
# augmented: read a copy, the in-place operator, write back (a repeated index does not accumulate)
got = same(m, "scatter", np.zeros((3, 2)), np.array([0, 2, 0]), np.array([1.0, 2.0, 3.0]))
assert got[:, 0].tolist() == [3.0, 0.0, 2.0], got
same(m, "shrink_masked", A, keep3)
same(m, "onehot_sub", np.full((3, 4), 0.25), np.array([3, 0, -1]), np.array([1.0, 2.0, 3.0]))
assert str(same(m, "onehot_sub", np.full((3, 4), 0.25), np.array([3, 0, 4]), np.ones(3))) == "index 4 is out of bounds for axis 1 with size 4"
same(m, "shift_planes", B, np.array([1, 1]), np.array([0, 0]))
# repeated positions through index arrays in other layouts: numpy's write order follows the layouts
F = np.asfortranarray
ys = np.array([[0, 1, 0], [1, 0, 1]])
got = same(m, "table_write", np.zeros(2), F(ys), F(np.arange(1.0, 7.0).reshape(2, 3)))
assert got.tolist() == [3.0, 6.0], got  # Fortran order: C order would keep [5.0, 6.0]
same(m, "table_write", np.zeros(2), F(ys), np.arange(1.0, 7.0).reshape(2, 3))
same(m, "table_write", np.zeros(2), ys[::-1], np.arange(1.0, 7.0).reshape(2, 3)[::-1])
same(m, "paint", np.zeros((2, 2)), F(ys), F(ys[::-1]), np.array([1.0, 2.0, 3.0]))
same(m, "paint", np.zeros((2, 2)), ys.T.copy().T, ys, np.array([1.0, 2.0, 3.0]))
z = np.zeros(4, dtype=np.int64)
got = same(m, "set_pairs", np.zeros((2, 2)), z[::-1], z[::-1], np.arange(1.0, 5.0)[::-1].copy()[::-1])
assert got is None
R4 = np.zeros((2, 2))
m.set_pairs(R4, z[::-1], z[::-1], np.arange(1.0, 5.0)[::-1].copy()[::-1])
assert R4[0, 0] == 1.0, R4  # all three walk backwards: numpy walks memory forwards
print("ok")
)PY", output), 0) << output;
}

const char* kKernels = R"PY(import numpy as np


def jacobi(A, steps):
    for _ in range(steps):
        A[1:-1, 1:-1] = 0.25 * (A[:-2, 1:-1] + A[2:, 1:-1] + A[1:-1, :-2] + A[1:-1, 2:])
    return A


def normalise_rows(A):
    for i in range(A.shape[0]):
        s = np.sum(A[i, :])
        A[i, :] /= s
    return A


def forward_substitution(L, b):
    n = b.shape[0]
    x = np.zeros(n)
    for i in range(n):
        x[i] = (b[i] - L[i, :i] @ x[:i]) / L[i, i]
    return x


def cumulative_sum(a):
    out = np.zeros(a.shape[0])
    out[:] = a
    k = 1
    while k < a.shape[0]:
        out[k:] = out[k:] + out[:-k]
        k *= 2
    return out
)PY";

TEST(CliCompileIndexing, stencil_normalisation_triangular_solve_and_scan_kernels_compile_from_sig) {
  TempDir dir;
  const fs::path source = dir.write("kernels.py", kKernels);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     // steps x grid size is the cost: steps near 1000 on the sweep's 262,144-element grids
                     // ran past the worker's batch timeout on a loaded machine.
                     {{"jacobi", "ndarray[float64,2], int", R"({"int_min": -2, "int_max": 20})"},
                      {"normalise_rows", "ndarray[float64,2]"},
                      {"forward_substitution", "ndarray[float64,2], ndarray[float64,1]"},
                      {"cumulative_sum", "ndarray[float64,1]"}});
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import kernels
from same import same

rng = np.random.default_rng(7)
grid = np.zeros((6, 7))
grid[0, :] = 1.0
same(kernels, "jacobi", grid, 10)
same(kernels, "jacobi", rng.random((5, 5)), 3)
same(kernels, "normalise_rows", rng.random((4, 3)) + 0.5)
L = np.tril(rng.random((5, 5))) + 2.0 * np.eye(5)
b = rng.random(5)
x = same(kernels, "forward_substitution", L, b)
assert np.allclose(L @ x, b)
assert type(same(kernels, "forward_substitution", L[:3], b)) is IndexError
same(kernels, "cumulative_sum", np.arange(1.0, 12.0))
assert np.array_equal(same(kernels, "cumulative_sum", np.ones(9)), np.arange(1.0, 10.0))
print("ok")
)PY", output), 0) << output;
}

// Element loops the compiler proves in bounds before they start (compiler/bounds_proof.hpp) run a
// copy without per-element checks; every other run takes the checked copy. Both must be Python: the
// runs below cross each bound (past the end on the last step, a negative index on the first, a
// range stepping backwards, an outer row out of range), write into read-only arrays, and rebind the
// array or the counter inside the loop, where nothing may be proven.
const char* kElementLoops = R"PY(import numpy as np


def smooth(x):
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(1, n - 1):
        out[i] = 0.25 * x[i - 1] + 0.5 * x[i] + 0.25 * x[i + 1]
    return out


def shift_into(out, x, k):
    for i in range(x.shape[0]):
        out[i + k] = x[i]
    return k


def weighted_walk(x, start, stop, step):
    total = 0.0
    for i in range(start, stop, step):
        total += float(x[i]) * (i + 1)
    return total


def mirror(x):
    n = x.shape[0]
    out = x.copy()
    for i in range(n):
        out[n - 1 - i] = x[i]
    return out


def laplace(u, lo):
    rows, cols = u.shape
    out = u.copy()
    for i in range(lo, rows - 1):
        for j in range(1, cols - 1):
            out[i, j] = u[i - 1, j] + u[i + 1, j] - 4.0 * u[i, j] + u[i, j - 1] + u[i, j + 1]
    return out


def clipped_until(x, limit):
    out = x.copy()
    for i in range(x.shape[0]):
        if x[i] != x[i]:
            continue
        if x[i] > limit:
            out[i] = limit
        if i > 40:
            break
    return out


def histogram(counts, idx):
    for i in range(idx.shape[0]):
        counts[idx[i]] += 1
    return counts


def rebinding(x):
    total = 0.0
    for i in range(4):
        total += float(x[i])
        x = x[1:]
    return total


def counter_reassigned(x):
    total = 0.0
    for i in range(x.shape[0]):
        i = i * 2
        total += float(x[i])
    return total
)PY";

TEST(CliCompileIndexing, element_loops_proven_in_bounds_agree_with_python_inside_and_across_every_bound) {
  TempDir dir;
  const fs::path source = dir.write("loops.py", kElementLoops);
  dir.write("same.py", kSame);
  compile_and_verify(dir, source,
                     {{"smooth", "ndarray[float64,1]"},
                      {"shift_into", "ndarray[float64,1], ndarray[float64,1], int", kSmallInts},
                      {"weighted_walk", "ndarray[float64,1], int, int, int", kSmallInts},
                      {"mirror", "ndarray[int64,1]"},
                      {"laplace", "ndarray[float64,2], int", kSmallInts},
                      {"clipped_until", "ndarray[float64,1], float"},
                      {"histogram", "ndarray[int64,1], ndarray[int64,1]", kSmallInts},
                      {"rebinding", "ndarray[float64,1]"},
                      {"counter_reassigned", "ndarray[float64,1]"}});
  // The proof reached the loops it should: their copies read the elements through raw views, and an
  // innermost loop has one more copy for arrays whose last axis is contiguous (smooth is called with
  // a strided view below, so both run).
  const fs::path cpp = dir.path / "gen";
  ASSERT_EQ(opsynth_in(dir, {"compile", source.string() + "::smooth", "--sig", "ndarray[float64,1]", "-o",
                             (dir.path / "smooth_again.so").string(), "--quiet", "--emit-cpp", cpp.string()})
                .exit_code,
            0);
  std::string generated;
  for (const auto& f : fs::directory_iterator(cpp)) generated += testing::read_text(f.path());
  EXPECT_NE(generated.find("rt::proven::raw_view<double, 1>"), std::string::npos) << generated;
  EXPECT_NE(generated.find("rt::proven::raw_view<double, 1, true>"), std::string::npos) << generated;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import numpy as np
import loops
from same import same

rng = np.random.default_rng(11)
x = rng.standard_normal(300)
for n in (0, 1, 2, 3, 300):
    same(loops, "smooth", x[:n].copy())
same(loops, "smooth", x[::3])                          # a strided view
for k in (-300, -4, -1, 0, 1, 5):                      # negative writes wrap; past the end raises after writing
    assert same(loops, "shift_into", np.zeros(12), x[:8].copy(), k) is not None
assert type(same(loops, "shift_into", np.zeros(5), x[:8].copy(), 0)) is IndexError
for start, stop, step in ((0, 300, 1), (299, -1, -1), (299, -301, -7), (-5, 300, 3), (0, 301, 1), (10, 0, 1), (0, 10, 0)):
    same(loops, "weighted_walk", x, start, stop, step)
same(loops, "mirror", np.arange(-50, 50, dtype=np.int64))
same(loops, "mirror", np.arange(0, 40, dtype=np.int64)[::-2])
grid = rng.random((9, 11))
for lo in (1, 0, -3, 8, 20):
    same(loops, "laplace", grid, lo)
same(loops, "laplace", np.asfortranarray(grid), 1)
y = x.copy()
y[[3, 50, 60]] = np.nan
same(loops, "clipped_until", y, 0.5)
same(loops, "histogram", np.zeros(5, dtype=np.int64), np.array([0, 4, 4, -1, 2], dtype=np.int64))
assert type(same(loops, "histogram", np.zeros(5, dtype=np.int64), np.array([1, 5], dtype=np.int64))) is IndexError
for n in (3, 6, 10):
    same(loops, "rebinding", x[:n].copy())
    same(loops, "counter_reassigned", x[:n].copy())

# A read-only destination: numpy's ValueError, from the first write, in both.
import opsynth
shift = opsynth.load("shift_into.opsynth.so").shift_into
frozen = np.zeros(12)
frozen.flags.writeable = False
for f in (loops.shift_into, shift):
    try:
        f(frozen, x[:8].copy(), 0)
        raise AssertionError("no error")
    except ValueError as e:
        assert str(e) == "assignment destination is read-only", e
print("ok")
)PY", output), 0) << output;
}

}  // namespace
}  // namespace opsynth

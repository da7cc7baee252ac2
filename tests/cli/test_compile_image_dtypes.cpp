// Image and signal code over numpy's narrow and unsigned dtypes and complex64 through `opsynth compile`:
// uint8 images brightened, thresholded, inverted, averaged; uint8 sums that wrap; a complex64 power.
// Each compiled function is compared with CPython through the loader (the same value of the same dtype)
// and proved with `verify --function`.
#include <gtest/gtest.h>

#include <filesystem>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::opsynth_in;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kImaging = R"PY(
import numpy as np


def brighten(img, k):
    out = img.astype(np.int16) + k
    return np.clip(out, 0, 255).astype(np.uint8)


def threshold(img, t):
    out = np.zeros(img.shape, dtype=np.uint8)
    out[img > t] = 255
    return out


def wrap(a, b):
    return a + b


def mean_level(img):
    return img.mean()


def csum(z):
    return (z * z.conj()).real.sum()


def invert(img):
    return 255 - img


def brighter(a, b):
    return (a > b).sum()


def to_unit(img):
    return img.astype(np.float64) / 255.0


def gain(sig, g):
    return sig * g


def loudest(sig):
    return sig.max()


def dark_pixels(img, t):
    return img[img < t]


def level_sum(img):
    return img.sum()


def normalize(img):
    return (img - img.min()) / 255.0


def mark(img, level):
    out = np.zeros(img.shape, dtype=img.dtype)
    out[img > 128] = np.uint8(level)
    return out
)PY";

struct Compiled {
  const char* name;
  const char* sig;
  const char* domain;  // for verify --function; "" for none
};

// brighten's k meets an int16 array: numpy 1.24 keeps int16 only for a k that fits int16 (value-based
// casting), which is the compiled function's contract, so its proof draws k there.
const Compiled kFunctions[] = {
    {"brighten", "ndarray[uint8,2], int", R"({"int_min": -32768, "int_max": 32767})"},
    {"threshold", "ndarray[uint8,2], int", ""},
    {"wrap", "ndarray[uint8,1], ndarray[uint8,1]", ""},
    {"mean_level", "ndarray[uint8,2]", ""},
    {"csum", "ndarray[complex64,1]", ""},
    {"invert", "ndarray[uint8,2]", ""},
    {"brighter", "ndarray[uint8,2], ndarray[uint8,2]", ""},
    {"to_unit", "ndarray[uint8,2]", ""},
    {"gain", "ndarray[int16,1], int", R"({"int_min": -32768, "int_max": 32767})"},
    {"loudest", "ndarray[int16,1]", ""},
    {"dark_pixels", "ndarray[uint8,2], int", ""},
    {"level_sum", "ndarray[uint8,2]", ""},
    {"mark", "ndarray[uint8,2], int", ""},
    {"normalize", "ndarray[uint8,2]", ""},
};

TEST(CliCompileImageDtypes, uint8_int16_and_complex64_functions_match_numpy_and_verify) {
  TempDir dir;
  const fs::path source = dir.write("imaging.py", kImaging);
  for (const auto& f : kFunctions) {
    const fs::path so = dir.path / (std::string(f.name) + ".opsynth.so");
    const CliRun built = opsynth_in(
        dir, {"compile", source.string() + "::" + f.name, "--sig", f.sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << f.name << "\n" << built.out << built.err;
    std::vector<std::string> verify = {"verify", "--function",   source.string() + "::" + f.name,
                                       "--so",   so.string(),    "--cases",
                                       "1000",   "--max-length", "300",
                                       "--quiet"};
    if (*f.domain) verify.insert(verify.end(), {"--domain", f.domain});
    const CliRun proved = opsynth_in(dir, verify);
    EXPECT_EQ(proved.exit_code, 0) << f.name << "\n" << proved.out << proved.err;
    EXPECT_NE(proved.out.find("PASS"), std::string::npos) << f.name << "\n" << proved.out;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("imaging") + R"PY(
import numpy as np
rng = np.random.default_rng(7)
img = rng.integers(0, 256, size=(5, 7), dtype=np.uint8)
edges = np.array([[0, 1, 127, 128], [200, 254, 255, 3]], dtype=np.uint8)
for x in (img, edges, img[::2, ::-3], img.T, np.zeros((0, 4), np.uint8)):
    for k in (0, 1, -1, 60, -200, 255, 300, 32767, -32768):
        out = same('brighten', x, k)
        assert out.dtype == np.uint8 and out.shape == x.shape
    for t in (-1, 0, 100, 254, 255, 256, 2**40):
        assert same('threshold', x, t).dtype == np.uint8
    assert same('invert', x).dtype == np.uint8
    assert type(same('mean_level', x)) is np.float64
    assert same('brighter', x, x) == 0
    assert same('to_unit', x).dtype == np.float64
    for t in (0, 1, 128, 256, -5):
        assert same('dark_pixels', x, t).dtype == np.uint8
    assert type(same('level_sum', x)) is np.uint64
    if x.size:
        assert same('normalize', x).dtype == np.float64
    for level in (0, 200, 255, 256, -1, 2**40 + 3):                 # np.uint8(level) wraps as numpy 1.24's
        assert same('mark', x, level).dtype == np.uint8
a = np.array([200, 255, 0, 128], dtype=np.uint8)
b = np.array([100, 1, 0, 128], dtype=np.uint8)
w = same('wrap', a, b)
assert w.dtype == np.uint8 and w.tolist() == [44, 0, 0, 0], w   # numpy wraps modulo 256
assert same('brighter', img, np.ascontiguousarray(img[::-1])) == np.count_nonzero(img > img[::-1])
same('brighter', img, img[:2])                                     # numpy's ValueError
same('wrap', a, np.array([1], dtype=np.uint8))                     # broadcasting
same('wrap', a, b[:3])                                             # numpy's ValueError
z = (rng.standard_normal(9) + 1j * rng.standard_normal(9)).astype(np.complex64)
s = same('csum', z)
assert type(s) is np.float32, type(s)
same('csum', np.array([complex(np.inf, 0), 1 + 2j], dtype=np.complex64))
same('csum', np.zeros(0, np.complex64))
sig = np.array([-32768, -1, 0, 1, 32767, 1000], dtype=np.int16)
for g in (0, 1, -1, 2, 40, -32768, 32767):
    assert same('gain', sig, g).dtype == np.int16                  # int16 products wrap as numpy's
assert type(same('loudest', sig)) is np.int16
same('loudest', sig[:0])                                           # numpy's ValueError on an empty array
# Past int16, numpy 1.24 widens brighten's sum to int32; the compiled function raises numpy 2's error.
lib = opsynth.load('brighten.opsynth.so').brighten
try:
    lib(img, 40000)
    raise AssertionError('no error')
except OverflowError as e:
    assert str(e) == 'Python integer 40000 out of bounds for int16', e
print('ok')
)PY",
                   output),
            0)
      << output;
}

const char* kHashing = R"PY(
def lcg(state):
    return state * 1664525 + 1013904223


def mix64(h):
    return h * 1099511628211 + 7


def recenter(x):
    return x - 100


def flip(x):
    return 5 - x
)PY";

// Python ints beside int8, uint32 and uint64 arrays keep the array's dtype and wrap in its width, as
// numpy 1.24 does for every int that fits the dtype (the verify domain draws such ints).
TEST(CliCompileImageDtypes, python_ints_beside_int8_uint32_and_uint64_arrays_wrap_in_the_arrays_dtype) {
  TempDir dir;
  const fs::path source = dir.write("hashing.py", kHashing);
  const Compiled functions[] = {{"lcg", "ndarray[uint32,1]", ""},
                                {"mix64", "ndarray[uint64,1]", ""},
                                {"recenter", "ndarray[int8,2]", ""},
                                {"flip", "ndarray[uint32,1]", ""}};
  for (const auto& f : functions) {
    const fs::path so = dir.path / (std::string(f.name) + ".opsynth.so");
    const CliRun built = opsynth_in(
        dir, {"compile", source.string() + "::" + f.name, "--sig", f.sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << f.name << "\n" << built.out << built.err;
    testing::expect_verified(dir, source, so, f.name);
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("hashing") + R"PY(
import numpy as np
s = np.array([0, 1, 4294967295, 123456789], dtype=np.uint32)
r = same('lcg', s)
assert r.dtype == np.uint32 and r.tolist() == [(int(v) * 1664525 + 1013904223) % 2**32 for v in s], r
assert same('lcg', s[::-2]).dtype == np.uint32
h = np.array([0, 2**64 - 1, 2**63], dtype=np.uint64)
assert same('mix64', h).dtype == np.uint64
x = np.array([[-128, 127], [0, 27]], dtype=np.int8)
assert same('recenter', x).tolist() == [[28, 27], [-100, -73]]   # wraps in int8, as numpy's loops do
assert same('flip', s).dtype == np.uint32
print('ok')
)PY",
                   output),
            0)
      << output;
}

}  // namespace
}  // namespace opsynth

// `opsynth compile` end to end: real Python files through the real executable into shared libraries
// that are loaded with the ctypes loader and compared with CPython on the same inputs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "compile_helpers.hpp"
#include "llm_fixture_server.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::opsynth_in;
using testing::python;
using testing::read_text;
using testing::run_opsynth;
using testing::source_dir;
using testing::TempDir;

// Functions whose every operator the shipped library has.
const char* kKernels = R"PY("""Integer kernels."""
import math

STEP = 3


def tri(n: int) -> int:
    """Sum of 0..n-1 without the multiples of STEP above 0."""
    total = 0
    for i in range(n):
        if i % STEP == 0 and i > 0:
            continue
        total += i
    return total


def clamp(x: int, lo: int, hi: int) -> int:
    return lo if x < lo else hi if x > hi else x


def between(a: int, b: int, c: int) -> bool:
    return a < b <= c


def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
        if steps > 1000:
            break
    return steps


def safe_div(a: int, b: int) -> int:
    return a // b


def sqrt_floor(x: float) -> float:
    return math.sqrt(x)
)PY";

TEST(CliCompile, compiles_a_file_into_a_library_without_libpython_that_matches_cpython) {
  TempDir dir;
  dir.write("kernels.py", kKernels);
  // Not kernels.so: Python would import it in place of kernels.py.
  const fs::path so = dir.path / "kernels_lib.so";
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "kernels.py").string(), "-o", so.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(fs::exists(so));
  const json manifest = json::parse(read_text(dir.path / "kernels_lib.manifest.json"));
  EXPECT_EQ(manifest["functions"].size(), 6u);
  EXPECT_EQ(manifest["functions"][0]["name"], "tri");
  EXPECT_EQ(manifest["functions"][0]["params"][0]["type"], "int");
  ASSERT_FALSE(manifest["operators"].empty());
  for (const auto& op : manifest["operators"]) {
    EXPECT_EQ(op["sha256"].get<std::string>().size(), 64u);
    EXPECT_NE(op["ref"].get<std::string>().find('@'), std::string::npos);
  }
  EXPECT_FALSE(manifest["compiler"]["flags"].get<std::string>().empty());

  // Self-contained: no libpython among the libraries it needs.
  const std::string needed_file = (dir.path / "needed.txt").string();
  ASSERT_EQ(std::system(("readelf -d '" + so.string() + "' > '" + needed_file + "'").c_str()), 0);
  const std::string needed = read_text(needed_file);
  EXPECT_NE(needed.find("NEEDED"), std::string::npos);
  EXPECT_EQ(needed.find("libpython"), std::string::npos) << needed;

  std::string output;
  const int status = python(dir.path, R"PY(
import itertools, opsynth, kernels
lib = opsynth.load("kernels_lib.so")
for n in [-3, 0, 1, 2, 5, 10, 100, 1000]:
    assert lib.tri(n) == kernels.tri(n), n
for a, lo, hi in itertools.product(range(-3, 4), repeat=3):
    assert lib.clamp(a, lo, hi) == kernels.clamp(a, lo, hi)
for a, b, c in itertools.product(range(-2, 3), repeat=3):
    assert lib.between(a, b, c) == kernels.between(a, b, c)
for n in [1, 2, 3, 7, 27, 97]:
    assert lib.collatz_steps(n) == kernels.collatz_steps(n), n
for a, b in [(7, 2), (-7, 2), (7, -2), (-9223372036854775808, 1)]:
    assert lib.safe_div(a, b) == kernels.safe_div(a, b)
for x in [0.0, 2.0, 1e300, float("inf")]:
    assert lib.sqrt_floor(x) == kernels.sqrt_floor(x)
# The same exception class and message as CPython.
for call in [lambda f: f.safe_div(1, 0), lambda f: f.sqrt_floor(-1.0)]:
    try:
        call(kernels)
    except Exception as e:
        expected = (type(e), str(e))
    try:
        call(lib)
        raise SystemExit("no exception")
    except Exception as e:
        assert (type(e), str(e)) == expected, (type(e), str(e), expected)
# int64 overflow raises OverflowError instead of wrapping.
try:
    lib.safe_div(-9223372036854775808, -1)
    raise SystemExit("no overflow")
except OverflowError:
    pass
print("ok")
)PY", output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
}

// verify --function: inputs from the annotations, the original in CPython, the library itself in the
// sandboxed worker. A library built from a subtly different source is caught.
TEST(CliCompile, verify_function_passes_the_compiled_library_and_catches_a_wrong_one) {
  TempDir dir;
  const fs::path source = dir.write("kernels.py", kKernels);
  const fs::path so = dir.path / "kernels_lib.so";
  ASSERT_EQ(opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"}).exit_code, 0);
  for (const char* fn : {"tri", "clamp", "collatz_steps", "safe_div", "sqrt_floor"}) {
    const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                    "--cases", "1000", "--max-length", "300", "--quiet"});
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find(std::string("PASS kernels.") + fn), std::string::npos) << run.out;
  }
  // The same function names from a source where tri is off by one at i == 7.
  std::string wrong_source = kKernels;
  const std::string line = "        total += i\n";
  wrong_source.replace(wrong_source.find(line), line.size(), "        total += i + 1 if i == 7 else i\n");
  fs::create_directories(dir.path / "wrong");
  std::ofstream(dir.path / "wrong" / "kernels.py") << wrong_source;
  const fs::path wrong = dir.path / "wrong" / "wrong_lib.so";
  ASSERT_EQ(opsynth_in(dir, {"compile", (dir.path / "wrong" / "kernels.py").string() + "::tri", "-o", wrong.string(), "--quiet"}).exit_code, 0);
  const CliRun caught = opsynth_in(dir, {"verify", "--function", source.string() + "::tri", "--so", wrong.string(), "--cases", "1000"});
  EXPECT_EQ(caught.exit_code, 1) << caught.out << caught.err;
  EXPECT_NE(caught.out.find("FAIL kernels.tri"), std::string::npos) << caught.out;
  // Bad input names what is wrong.
  const CliRun no_fn = opsynth_in(dir, {"verify", "--function", source.string() + "::nope", "--so", so.string()});
  EXPECT_EQ(no_fn.exit_code, 2);
  EXPECT_NE(no_fn.err.find("exports no function 'nope'"), std::string::npos) << no_fn.err;
  const CliRun alone = opsynth_in(dir, {"verify", "--function", source.string() + "::tri"});
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("--function and --so go together"), std::string::npos) << alone.err;
}

TEST(CliCompile, one_function_with_file_colon_colon_name_and_emit_ir_and_cpp) {
  TempDir dir;
  dir.write("kernels.py", kKernels);
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "kernels.py").string() + "::clamp", "-o",
                                  (dir.path / "clamp.so").string(), "--emit-ir", "--emit-cpp", (dir.path / "gen").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("func @clamp(x: int, lo: int, hi: int) -> int"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("call operator.lt("), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("@tri"), std::string::npos);
  EXPECT_NE(read_text(dir.path / "gen" / "clamp.cpp").find("opsynth_fn_clamp"), std::string::npos);
  const json manifest = json::parse(read_text(dir.path / "clamp.manifest.json"));
  ASSERT_EQ(manifest["functions"].size(), 1u);
}

// Arithmetic on constants alone is computed by CPython at compile time: math.pi ** 1.5 is a float
// constant (float ** float has no single result type: complex for a negative base), and the library
// gives what Python gives. A name assigned anywhere in the file is never taken for the constant.
TEST(CliCompile, arithmetic_on_constants_is_folded_by_cpython) {
  TempDir dir;
  dir.write("consts.py", R"PY(import math
import numpy as np
from math import tau, e


def kernel_scale(h: float) -> float:
    return 1.0 / (math.pi ** 1.5 * h ** 3) + 2 * np.pi - tau / 4 + (-0.5) ** 2


def shadowed(x: float) -> float:
    e = x * 2.0
    return e * 3.0 + 1 // 3
)PY");
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "consts.py").string(), "-o",
                                      (dir.path / "consts.opsynth.so").string(), "--emit-ir"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("const 5.568327996831708 : float"), std::string::npos) << run.out;
  for (const char* folded : {"const 6.283185307179586 : float", "const 1.5707963267948966 : float", "const 0.25 : float"})
    EXPECT_NE(run.out.find(folded), std::string::npos) << folded << "\n" << run.out;
  EXPECT_EQ(run.out.find("2.718281828459045"), std::string::npos) << "e is a local in shadowed\n" << run.out;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth, consts
lib = opsynth.load("consts.opsynth.so")
for h in (0.5, 1.0, 3.25, -2.0):
    assert lib.kernel_scale(h) == consts.kernel_scale(h), h
for x in (0.0, 2.0, 7.5):
    assert lib.shadowed(x) == consts.shadowed(x), x
print("ok")
)PY", output), 0) << output;
}

// CPython's `x ** 2` and numpy's np.power(a, 2.0) (without AVX512) call libm's pow, which on 0.6% of doubles is not
// x * x (-94988715.0 ** 2 rounds its halfway square up); GCC folds pow(x, 2.0) into x * x, and
// pow(x, -1.0) into 1 / x, once inlining makes the literal exponent a constant. The toolchain flags keep
// every libm call a call (cmake/CandidateFlags.cmake), so the library rounds as CPython does.
TEST(CliCompile, literal_exponents_round_as_libms_pow_as_cpython_and_numpy_do) {
  TempDir dir;
  dir.write("powers.py", R"PY(import numpy as np


def square(x):
    return x ** 2


def reciprocal(x):
    return x ** -1


def squares(a):
    return np.power(a, 2.0)
)PY");
  // One library per function: GCC inlines the operator into a lone caller, which is when it folded.
  for (const char* fn : {"square", "reciprocal", "squares"}) {
    const std::string sig = std::string(fn) == "squares" ? "ndarray[float64,1]" : "float";
    const CliRun run = opsynth_in(dir, {"compile", (dir.path / "powers.py").string() + "::" + fn, "-o",
                                        (dir.path / (std::string(fn) + ".opsynth.so")).string(), "--sig", sig});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import random
import numpy as np
import opsynth, powers
square, reciprocal, squares = (getattr(opsynth.load(f + ".opsynth.so"), f) for f in ("square", "reciprocal", "squares"))
random.seed(5)
xs = [-94988715.0] + [float(random.randrange(-10**9, 10**9)) for _ in range(3000)] + [random.uniform(-1e3, 1e3) for _ in range(3000)]
assert sum(x ** 2 != x * x for x in xs) > 10, "the inputs must include values where pow is not x * x"
bad = [x for x in xs if square(x) != powers.square(x) or (x != 0 and reciprocal(x) != powers.reciprocal(x))]
assert not bad, bad[:5]
a = np.array(xs)
# The operator calls libm's pow per element, as numpy does on CPUs without AVX512; numpy's AVX512 build
# has its own SIMD pow, within the op's 1-ulp tolerance of libm's (oplib/numpy/power/op.json).
assert np.array_equal(squares(a), np.array([x ** 2 for x in xs]))
assert np.all(np.abs(squares(a) - powers.squares(a)) <= np.spacing(np.abs(powers.squares(a))))
print("ok")
)PY", output), 0) << output;
}

TEST(CliCompile, missing_operators_are_all_listed_with_the_fill_command_and_nothing_is_written) {
  TempDir dir;
  dir.write("m.py", "def f(xs: list[str], s: str) -> int:\n    n = 0\n    for x in xs:\n        n += len(x)\n"
                    "    return n + len(s.casefold())\n");
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "m.py").string(), "-o", (dir.path / "m.so").string(),
                                  "--oplib", (dir.path / "empty-oplib").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("builtins.len(list[str] -> int)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("str.casefold(str -> str)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("opsynth fill operator.add --sig 'int, int -> int'"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir.path / "m.so"));
  EXPECT_FALSE(fs::exists(dir.path / "m.manifest.json"));
}

// FILE.py::FN compiles the file's functions FN calls too, and exports FN alone.
TEST(CliCompile, one_function_brings_the_functions_it_calls) {
  TempDir dir;
  dir.write("calls.py", "def square(x: int) -> int:\n    return x * x\n\n\n"
                        "def sum_squares(n: int) -> int:\n    total = 0\n    for i in range(n):\n"
                        "        total += square(i)\n    return total\n");
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "calls.py").string() + "::sum_squares", "-o",
                                  (dir.path / "calls_lib.so").string(), "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const json manifest = json::parse(read_text(dir.path / "calls_lib.manifest.json"));
  ASSERT_EQ(manifest["functions"].size(), 1u);
  EXPECT_EQ(manifest["functions"][0]["name"], "sum_squares");
  std::string output;
  const int status = python(dir.path, "import opsynth, calls\nlib = opsynth.load('calls_lib.so')\n"
                                      "assert lib.sum_squares(100) == calls.sum_squares(100)\n"
                                      "assert not hasattr(lib, 'square')\nprint('ok')\n", output);
  EXPECT_EQ(status, 0) << output;
}

// The compiler's fallback: an operator the library lacks goes to synthesis (here a loopback fixture
// model), and compilation resumes with the accepted operator.
TEST(CliCompile, synthesize_fills_a_missing_operator_and_ends_in_a_working_library) {
  TempDir dir;
  dir.write("logs.py", "import math\n\n\ndef log1p_of_count(n: int) -> float:\n    return math.log1p(n)\n");
  // A library with math.log1p at float only.
  const fs::path oplib = dir.path / "oplib";
  fs::create_directories(oplib / "math");
  fs::copy(source_dir() + "/oplib/math/log1p", oplib / "math" / "log1p", fs::copy_options::recursive);
  const std::string correct = read_text(source_dir() + "/oplib/math/log1p/float.v1.hpp");
  testing::LlmFixtureServer server([&](const testing::FixtureRequest&) {
    return testing::FixtureReply::completion({"```cpp\n" + correct + "```\n"});
  });
  const std::vector<std::string> env = {"OPENAI_BASE_URL=" + server.base_url(), "OPENAI_API_KEY=sk-test",
                                        "OPSYNTH_MODEL=fixture-model"};
  const std::vector<std::string> args = {"compile", (dir.path / "logs.py").string(), "-o", (dir.path / "logs_lib.so").string(),
                                         "--oplib", oplib.string(), "--llm-cache", (dir.path / "cache").string()};
  // Without --synthesize the missing overload is named, and nothing is written.
  const CliRun plain = run_opsynth(args, env);
  EXPECT_EQ(plain.exit_code, 1) << plain.out << plain.err;
  EXPECT_NE(plain.err.find("math.log1p(int -> float)"), std::string::npos) << plain.err;
  EXPECT_EQ(server.requests(), 0u);

  std::vector<std::string> synth_args = args;
  synth_args.insert(synth_args.end(), {"--synthesize", "--samples", "1"});
  const CliRun run = run_opsynth(synth_args, env);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(server.requests(), 1u);
  EXPECT_TRUE(fs::exists(oplib / "math" / "log1p" / "int.v1.hpp"));
  const json manifest = json::parse(read_text(dir.path / "logs_lib.manifest.json"));
  ASSERT_EQ(manifest["operators"].size(), 1u);
  EXPECT_EQ(manifest["operators"][0]["signature"], "int -> float");
  std::string output;
  const int status = python(dir.path, R"PY(
import opsynth, logs
lib = opsynth.load("logs_lib.so")
for n in [0, 1, 2, 10, 2**53 + 1, 9223372036854775807]:
    assert lib.log1p_of_count(n) == logs.log1p_of_count(n), n
for n in [-1, -2]:
    try:
        logs.log1p_of_count(n)
    except ValueError as e:
        expected = str(e)
    try:
        lib.log1p_of_count(n)
        raise SystemExit("no exception")
    except ValueError as e:
        assert str(e) == expected
print("ok")
)PY", output);
  EXPECT_EQ(status, 0) << output;
}

// The constructs lower to operator calls (an empty library: every overload is reported missing,
// with its result type from CPython, and nothing is built).
TEST(CliCompile, comprehensions_fstrings_loops_slices_and_attributes_lower_to_operator_calls) {
  TempDir dir;
  dir.write("forms.py", R"PY(
import numpy as np


def squares(xs: list[int]) -> list[int]:
    return [x * x for x in xs if x > 0]


def index(words: list[str]) -> dict[str, int]:
    return {w: i for i, w in enumerate(words)}


def label(name: str, score: float) -> str:
    return f"{name!r}: {score:.2f} ({len(name)})"


def pairs(a: list[int], b: list[int]) -> int:
    total = 0
    for x, y in zip(a, b):
        total += x * y
    return total


def weights(d: dict[str, int]) -> int:
    total = 0
    for k, v in d.items():
        total += v
    return total


def head(s: str, n: int) -> str:
    return s[:n]


def rows(m: "ndarray[float64,2]") -> int:
    r, c = m.shape
    return r


def median(x: "ndarray[float64,1]") -> float:
    return float(np.percentile(x, 50.0, keepdims=False))
)PY");
  const CliRun run = opsynth_in(dir, {"compile", (dir.path / "forms.py").string(), "-o", (dir.path / "forms_lib.so").string(),
                                  "--emit-ir", "--oplib", (dir.path / "empty").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  for (const char* expected : {"call list.append(", "call operator.setitem(", "call builtins.repr(",
                               "call builtins.format(", "call builtins.min(", "call opsynth.ops.dict_next(", "call opsynth.ops.dict_value_at(",
                               "call opsynth.ops.getslice(", "call numpy.ndarray.shape(", "tuple_get"})
    EXPECT_NE(run.out.find(expected), std::string::npos) << expected << "\n" << run.out;
  EXPECT_NE(run.err.find("opsynth.ops.getslice(str, None, int, None -> str)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("builtins.format(float, Literal['.2f'] -> str)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("numpy.ndarray.shape(ndarray[float64,2] -> tuple[int,int])"), std::string::npos) << run.err;
  // Defaults before a keyword argument are bound as the constants Python passes: method='linear'.
  EXPECT_NE(run.out.find("const linear : str"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("numpy.percentile(ndarray[float64,1], float, None, None, Literal[False], Literal['linear'], "
                         "Literal[False] -> float64)"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir.path / "forms_lib.so"));
}

// A compile that must be refused: exit 2, the message on stderr, no library written.
struct RefusedCompile {
  std::vector<std::string> args;
  std::string message;
};
void expect_refused(const TempDir& dir, const std::vector<RefusedCompile>& bad) {
  for (const auto& b : bad) {
    std::vector<std::string> args = {"compile"};
    args.insert(args.end(), b.args.begin(), b.args.end());
    args.insert(args.end(), {"-o", (dir.path / "bad.so").string()});
    const CliRun run = opsynth_in(dir, args);
    EXPECT_EQ(run.exit_code, 2) << b.message << "\n" << run.err;
    EXPECT_NE(run.err.find(b.message), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(dir.path / "bad.so"));
  }
}

// numpy.typing.NDArray[np.float64] gives the dtype; --sig gives the rank and must agree with the rest.
TEST(CliCompile, ndarray_annotations_take_their_rank_from_sig) {
  TempDir dir;
  const fs::path source = dir.write("nd.py", R"PY(import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray


def row_sums(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.sum(x, axis=1)


def scaled(x: npt.NDArray[np.float64], k: float) -> npt.NDArray[np.float64]:
    return x * k
)PY");
  const fs::path so = dir.path / "rows.so";
  const CliRun ok = opsynth_in(dir, {"compile", source.string() + "::row_sums", "--sig",
                                     "ndarray[float64,2] -> ndarray[float64,1]", "-o", so.string(), "--quiet"});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  const json manifest = json::parse(read_text(dir.path / "rows.manifest.json"));
  EXPECT_EQ(manifest["functions"][0]["params"][0]["type"], "ndarray[float64,2]");
  std::string output;
  EXPECT_EQ(python(dir.path, "import numpy as np, opsynth\n"
                             "got = opsynth.load('rows.so')(np.arange(6.0).reshape(2, 3))\n"
                             "assert got.tolist() == [3.0, 12.0], got\nprint('ok')\n", output), 0) << output;
  const CliRun verified = opsynth_in(dir, {"verify", "--function", source.string() + "::row_sums", "--so", so.string(),
                                           "--cases", "1000", "--max-length", "300", "--quiet"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  const std::vector<RefusedCompile> bad = {
      {{source.string() + "::row_sums"}, "nd.py:6:17: NDArray[np.float64] does not give the rank: compile this function with --sig"},
      {{source.string() + "::row_sums", "--sig", "ndarray[int64,2] -> ndarray[float64,1]"},
       "--sig gives ndarray[int64,2] where the annotation says NDArray[np.float64]"},
      {{source.string() + "::scaled", "--sig", "ndarray[float64,1], int -> ndarray[float64,1]"},
       "--sig gives parameter 'k' the type int but its annotation says float"},
      {{source.string() + "::scaled", "--sig", "ndarray[float64,1] -> ndarray[float64,1]"}, "--sig gives 1 parameter types but scaled has 2"},
      {{source.string(), "--sig", "ndarray[float64,1] -> ndarray[float64,1]"}, "--sig 'ndarray[float64,1] -> ndarray[float64,1]' does not say which function it is for"},
      {{source.string() + "::scaled", "--sig", "ndarray[float64,1"}, "--sig ndarray[float64,1: bad type"},
  };
  expect_refused(dir, bad);
}

// np.ndarray (how most numpy code annotates) leaves dtype and rank to --sig or --example, any dtype
// fits it; np.float64 is numpy's scalar, which the loader holds the caller to.
TEST(CliCompile, np_ndarray_annotations_admit_any_dtype_and_take_it_from_sig) {
  TempDir dir;
  const fs::path source = dir.write("anyarr.py", R"PY(from typing import Dict, List
import numpy as np
import numpy.typing as npt


def scale(x: np.ndarray, k: np.float64) -> np.ndarray:
    return x * k


def total(x: npt.NDArray) -> float:
    return float(x.sum())


def odd(x: np.matrix) -> float:
    return 1.0


def counts(items: list, start: int = 0) -> dict:
    seen: dict = {}
    for it in items:
        seen[it] = seen.get(it, start) + 1
    return seen


def lengths(words: List[str]) -> Dict[str, int]:
    return {w: len(w) for w in words}


def size(words: List) -> int:
    return len(words)
)PY");
  const CliRun ok = opsynth_in(dir, {"compile", source.string() + "::scale", "--sig", "ndarray[int64,2], float64",
                                     "-o", (dir.path / "scale.so").string(), "--quiet"});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  const CliRun total = opsynth_in(dir, {"compile", source.string() + "::total", "--sig", "ndarray[float32,1]",
                                        "-o", (dir.path / "total.so").string(), "--quiet"});
  ASSERT_EQ(total.exit_code, 0) << total.out << total.err;
  // a bare list takes its element type from the example; `start`, left out, from its default
  const CliRun counts = opsynth_in(dir, {"compile", source.string() + "::counts", "--example", "builtins:(['a', 'b'],)",
                                         "-o", (dir.path / "counts.so").string(), "--quiet"});
  ASSERT_EQ(counts.exit_code, 0) << counts.out << counts.err;
  const CliRun lengths = opsynth_in(dir, {"compile", source.string() + "::lengths", "-o", (dir.path / "lengths.so").string(), "--quiet"});
  ASSERT_EQ(lengths.exit_code, 0) << lengths.out << lengths.err;
  const CliRun size = opsynth_in(dir, {"compile", source.string() + "::size", "--sig", "list[str]", "-o",
                                       (dir.path / "size.so").string(), "--quiet"});
  ASSERT_EQ(size.exit_code, 0) << size.out << size.err;
  std::string output;
  EXPECT_EQ(python(dir.path, "import numpy as np, opsynth\n"
                             "got = opsynth.load('scale.so')(np.arange(6).reshape(2, 3), np.float64(0.5))\n"
                             "assert got.dtype == np.float64 and got.tolist() == [[0, .5, 1], [1.5, 2, 2.5]], got\n"
                             "try:\n    opsynth.load('scale.so')(np.arange(6).reshape(2, 3), 0.5)\n"
                             "except TypeError as e:\n    assert 'float64' in str(e), e\nelse:\n    raise SystemExit('a float passed for np.float64')\n"
                             "assert opsynth.load('total.so')(np.arange(4, dtype=np.float32)) == 6.0\n"
                             "assert opsynth.load('counts.so')(['x', 'y', 'x']) == {'x': 2, 'y': 1}\n"
                             "assert opsynth.load('counts.so')(['x', 'y', 'x'], 10) == {'x': 12, 'y': 11}\n"
                             "assert opsynth.load('lengths.so')(['ab', '']) == {'ab': 2, '': 0}\n"
                             "assert opsynth.load('size.so')(['a', 'b']) == 2\nprint('ok')\n",
                   output), 0) << output;
  const std::vector<RefusedCompile> bad = {
      {{source.string() + "::scale"}, "anyarr.py:6:14: np.ndarray does not give the dtype and rank: compile this function with --sig or --example"},
      {{source.string() + "::counts"}, "anyarr.py:18:19: list does not give the element type"},
      {{source.string() + "::counts", "--sig", "list[str], int, int"}, "--sig gives 3 parameter types but counts has 2 (1 without defaults)"},
      {{source.string() + "::scale", "--sig", "list[float], float64"}, "--sig gives list[float] where the annotation says np.ndarray"},
      {{source.string() + "::scale", "--sig", "ndarray[float64,1], float"}, "--sig gives parameter 'k' the type float but its annotation says float64"},
      {{source.string() + "::odd", "--sig", "ndarray[float64,1]"}, "anyarr.py:14:12: annotation 'np.matrix' is not a type opsynth knows"},
  };
  expect_refused(dir, bad);
}

// A variable assigned on one path only: reading it on another raises UnboundLocalError, as in Python.
TEST(CliCompile, reading_a_variable_no_path_assigned_raises_unbound_local_error) {
  TempDir dir;
  const fs::path source = dir.write("unbound.py", R"PY(
def sign_word(x: int) -> str:
    if x > 0:
        word = "positive"
    elif x < 0:
        word = "negative"
    return word


def last_even(xs: list[int]) -> int:
    for x in xs:
        if x % 2 == 0:
            found = x
    return found
)PY");
  const fs::path so = dir.path / "unbound.opsynth.so";
  ASSERT_EQ(opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"}).exit_code, 0);
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth, unbound
lib = opsynth.load("unbound.opsynth.so")
assert lib.sign_word(3) == "positive" and lib.sign_word(-1) == "negative"
assert lib.last_even([1, 4, 7, 6, 9]) == 6
for fn, args in ((lib.sign_word, (0,)), (lib.last_even, ([1, 3],)), (lib.last_even, ([],))):
    try:
        fn(*args)
    except UnboundLocalError as e:
        try:
            getattr(unbound, fn.__name__)(*args)
        except UnboundLocalError as want:
            assert str(e) == str(want), (str(e), str(want))
    else:
        raise AssertionError(f"{fn.__name__}{args} returned instead of raising")
print("ok")
)PY", output), 0) << output;
  // unbound.so beside unbound.py is what `import unbound` would load: compile warns, and verify
  // --function still runs the Python file, not the library, as the original.
  const fs::path shadow = dir.path / "unbound.so";
  const CliRun warned = opsynth_in(dir, {"compile", source.string(), "-o", shadow.string(), "--quiet"});
  ASSERT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_NE(warned.err.find("warning: " + shadow.string() + " sits beside unbound.py"), std::string::npos) << warned.err;
  for (const char* fn : {"sign_word", "last_even"}) {
    const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", shadow.string(),
                                        "--cases", "1000", "--max-length", "300", "--quiet"});
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
  }
}

// `s += ch` and `s = s + ch` take the variable's value into the operator (codegen's accumulations), so a
// str grows in place; values any other name still holds must not change, and `s += s` reads itself.
TEST(CliCompile, string_accumulation_in_place_keeps_every_other_value) {
  TempDir dir;
  const fs::path source = dir.write("accumulate.py", R"PY(
def digits_runs(text: str) -> list[str]:
    runs: list[str] = []
    current = ""
    for ch in text:
        if ch.isdigit():
            current += ch
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def snapshots(text: str) -> list[str]:
    out: list[str] = []
    s = ""
    for ch in text:
        before = s
        s = s + ch
        out.append(before)
    out.append(s)
    return out


def doubled(text: str, times: int) -> str:
    s = text
    for _ in range(times):
        s += s
    return s


def kept_in_list(text: str) -> list[str]:
    parts: list[str] = []
    s = "prefix longer than fifteen bytes "
    for ch in text:
        parts.append(s)
        s += ch
    parts.append(s)
    return parts
)PY");
  const fs::path so = dir.path / "accumulate.opsynth.so";
  const fs::path cpp = dir.path / "cpp";
  ASSERT_EQ(opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet", "--emit-cpp", cpp.string()}).exit_code, 0);
  std::string generated;
  for (const auto& entry : fs::directory_iterator(cpp)) generated += read_text(entry.path());
  EXPECT_NE(generated.find("(std::move(py_"), std::string::npos) << "no variable was moved into its accumulating call";
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth, accumulate
lib = opsynth.load("accumulate.opsynth.so")
texts = ["", "a1b22c333", "12" * 5000 + "x" + "9" * 70000, "é1ü22" * 300]
for t in texts:
    for name in ("digits_runs", "snapshots", "kept_in_list"):
        if name == "snapshots" and len(t) > 3000:
            continue
        assert getattr(lib, name)(t) == getattr(accumulate, name)(t), (name, t[:20])
for t, k in (("", 3), ("ab", 5), ("héllo wörld, a longer text", 6)):
    assert lib.doubled(t, k) == accumulate.doubled(t, k)
print("ok")
)PY", output), 0) << output;
}

// A loop over a str walks it by UTF-8 byte offset (opsynth.ops.str_char_at, str_after), alone and beside
// an index or another sequence, in comprehensions too; every character of non-ASCII and long texts is
// seen, in order, as CPython's iterator yields it.
TEST(CliCompile, loops_over_strs_walk_by_byte_offset_and_see_every_character) {
  TempDir dir;
  const fs::path source = dir.write("walk.py", R"PY(
def positions(text: str, target: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch == target]


def differing(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            n += 1
    return n


def weighted(text: str, weights: list[int]) -> int:
    total = 0
    for ch, w in zip(text, weights):
        total += ord(ch) * w
    return total


def until_digit(text: str) -> str:
    out = ""
    for ch in text:
        if ch.isdigit():
            break
        out += ch.upper()
    return out


def codes(text: str) -> list[int]:
    return [ord(ch) for ch in text[::-1]]
)PY");
  const fs::path so = dir.path / "walk.opsynth.so";
  const fs::path cpp = dir.path / "cpp";
  ASSERT_EQ(opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet", "--emit-cpp", cpp.string()}).exit_code, 0);
  std::string generated;
  for (const auto& entry : fs::directory_iterator(cpp)) generated += read_text(entry.path());
  EXPECT_NE(generated.find("str_char_at("), std::string::npos) << "no loop over a str walked it by byte offset";
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth, walk
lib = opsynth.load("walk.opsynth.so")
texts = ["", "a", "héllo wörld", "a\u20ac\U0001F600b\udc80ß 中" * 40, "x" * 70000 + "é9", "9"]
for t in texts:
    for target in ("é", "\U0001F600", "x", "\udc80"):
        assert lib.positions(t, target) == walk.positions(t, target), t[:20]
    for u in texts:
        assert lib.differing(t, u) == walk.differing(t, u), (t[:20], u[:20])
    w = list(range(len(t) // 2))
    assert lib.weighted(t, w) == walk.weighted(t, w), t[:20]
    assert lib.until_digit(t) == walk.until_digit(t), t[:20]
    assert lib.codes(t) == walk.codes(t), t[:20]
print("ok")
)PY", output), 0) << output;
  for (const char* fn : {"positions", "differing", "weighted", "until_digit", "codes"}) {
    const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", so.string(), "--cases", "2000"});
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
  }
}

// The file's own functions take defaults and keyword arguments as Python binds them; the manifest
// carries the defaults, so the loader's calls may leave them out too.
TEST(CliCompile, defaults_and_keyword_arguments_bind_as_in_python) {
  TempDir dir;
  const fs::path source = dir.write("dflt.py", R"PY(
def clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def total(xs: list[float], lo: float, hi: float = 10.0) -> float:
    s = 0.0
    for x in xs:
        s += clip(x, lo, hi=hi)
    return s + clip(2.0) + clip(x=-3.0, hi=5.0)


def label(name: str, sep: str = ": ", n: int = -3, flag: bool = True) -> str:
    return f"{name}{sep}{n}" + ("!" if flag else "?")
)PY");
  const fs::path so = dir.path / "dflt.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import inspect, opsynth, dflt
lib = opsynth.load("dflt.opsynth.so")
for call in ("clip(3.0)", "clip(-1.0, hi=2.0)", "total([0.5, 20.0, -1.0], 0.0)", "total([4.0], lo=1.0, hi=2.0)",
             "label('a')", "label('a', n=7, flag=False)", "label(name='b', sep='-')"):
    assert eval("lib." + call) == eval("dflt." + call), call
assert str(inspect.signature(lib.label)) == str(inspect.signature(dflt.label)).replace("str", "'str'").replace("int", "'int'").replace("bool", "'bool'"), inspect.signature(lib.label)
try:
    lib.clip()
except TypeError as e:
    assert "missing 1 required positional argument: 'x'" in str(e), e
else:
    raise AssertionError("clip() bound")
print("ok")
)PY", output), 0) << output;
  for (const char* fn : {"clip", "total", "label"}) {
    const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                        "--cases", "1000", "--max-length", "300", "--quiet"});
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find("(exact)"), std::string::npos) << "only exact operators: " << run.out;
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"def f(x: float = 1) -> float:\n    return x\n", "f.py:1:18: f: the default of 'x' is int but the annotation says float (write it as a float: 1.0)"},
      {"def f(x: int = len('a')) -> int:\n    return x\n", "f: the default of 'x' must be a constant"},
      {"def g(a: int, b: int = 2) -> int:\n    return a + b\n\n\ndef f(x: int) -> int:\n    return g(x, c=1)\n",
       "f.py:6:17: g() got an unexpected keyword argument 'c'"},
      {"def g(a: int, b: int = 2) -> int:\n    return a + b\n\n\ndef f(x: int) -> int:\n    return g(x, a=1)\n",
       "g() got multiple values for argument 'a'"},
      {"def g(a: int, b: int = 2) -> int:\n    return a + b\n\n\ndef f(x: int) -> int:\n    return g(b=x)\n",
       "g() missing required argument: 'a'"},
  };
  for (const auto& [text, message] : bad) {
    dir.write("f.py", text);
    const CliRun run = opsynth_in(dir, {"compile", (dir.path / "f.py").string(), "-o", (dir.path / "f.opsynth.so").string()});
    EXPECT_EQ(run.exit_code, 2) << text << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << text << "\n" << run.err;
  }
}

// A comprehension's variables are its own (Python 3): the enclosing x keeps its value, and the
// first iterable is read in the enclosing scope.
TEST(CliCompile, comprehension_variables_do_not_leak) {
  TempDir dir;
  const fs::path source = dir.write("scope.py", R"PY(
def shadow(n: int) -> int:
    x = 5
    ys = [x * 2 for x in range(n)]
    return x + len(ys)


def nested(words: list[str]) -> dict[str, int]:
    w = "outer"
    counts = {w: len(w) for w in words if w}
    pairs = [a + b for a in words for b in words if a != b]
    return {w: counts.get(w, 0) + len(pairs) for w in [w] + words}


def first_iter(x: list[int]) -> list[int]:
    return [x * 3 for x in x]
)PY");
  const fs::path so = dir.path / "scope.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth, scope
lib = opsynth.load("scope.opsynth.so")
assert lib.shadow(3) == scope.shadow(3) == 8, lib.shadow(3)
words = ["a", "bb", "a", ""]
assert lib.nested(words) == scope.nested(words), lib.nested(words)
assert lib.first_iter([1, 2]) == [3, 6]
print("ok")
)PY", output), 0) << output;
  for (const char* fn : {"shadow", "nested", "first_iter"}) {
    const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                        "--cases", "1000", "--max-length", "300", "--quiet"});
    EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
  }
}

// A loop over a dict raises RuntimeError once the body changed the dict's size, as CPython's dict
// iterator does, keeping what the body did before.
TEST(CliCompile, changing_a_dicts_size_while_looping_over_it_raises) {
  TempDir dir;
  const fs::path source = dir.write("dmut.py", R"PY(
def grow(d: dict[str, int]) -> int:
    total = 0
    for k in d:
        total += d[k]
        if total > 3:
            d[k + "x"] = 1
    return total
)PY");
  const fs::path so = dir.path / "dmut.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth
lib = opsynth.load("dmut.opsynth.so")
d = {"a": 1, "b": 5, "c": 2}
try:
    lib.grow(d)
except RuntimeError as e:
    assert str(e) == "dictionary changed size during iteration", e
    assert d == {"a": 1, "b": 5, "c": 2, "bx": 1}, d
else:
    raise AssertionError("no RuntimeError")
small = {"a": 1}
assert lib.grow(small) == 1 and small == {"a": 1}
print("ok")
)PY", output), 0) << output;
  const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::grow", "--so", so.string(),
                                      "--cases", "1000", "--max-length", "300", "--quiet"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

// A dict loop walks the dict's entries as CPython's iterator does: a value the body changes is read as
// it is then, and a key replaced while the size stays the same is caught as CPython catches it (the loop
// once walked a snapshot of the keys, and finished without error).
TEST(CliCompile, a_dict_loop_reads_values_as_they_are_and_raises_when_keys_are_replaced) {
  TempDir dir;
  const fs::path source = dir.write("dwalk.py", R"PY(
def replace_each(d: dict[str, int]) -> list[str]:
    seen: list[str] = []
    for k in d:
        seen.append(k)
        d.pop(k)
        d[k + "!"] = 0
    return seen


def read_after_change(d: dict[str, int]) -> list[int]:
    out: list[int] = []
    keys = list(d)
    for k, v in d.items():
        out.append(v)
        if keys:
            d[keys[-1]] = -v - len(k)
    return out
)PY");
  const fs::path so = dir.path / "dwalk.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import opsynth
lib = opsynth.load("dwalk.opsynth.so")
d = {"a": 1}
try:
    lib.replace_each(d)
except RuntimeError as e:
    assert str(e) == "dictionary keys changed during iteration", e
    assert d == {"a!": 0}, d
else:
    raise AssertionError("no RuntimeError")
assert lib.replace_each({}) == []
print("ok")
)PY", output), 0) << output;
  const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::read_after_change", "--so",
                                      so.string(), "--cases", "1000", "--max-length", "300", "--quiet"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

// Bad input: exit 2 with file:line:column and the reason; nothing at -o.
TEST(CliCompile, bad_input_exits_2_naming_file_line_column) {
  TempDir dir;
  struct Case {
    std::string source;
    std::string target_suffix;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"def f(x: int) -> int:\n    return x +\n", "", "f.py:2:"},
      {"def f(x: int) -> int:\n    try:\n        return x\n    except ValueError:\n        return 0\n", "", "f.py:2:5: try/except is not supported"},
      // Unsupported syntax in a function the exported one calls fails before any typing.
      {"def g(x):\n    with x:\n        pass\n\n\ndef f(x: int) -> int:\n    return g(x) + undefined\n", "",
       "f.py:2:5: with is not supported: open files and other resources in the caller"},
      {"def f(x: int) -> int:\n    if x < 0:\n        raise\n    return x\n", "", "f.py:3:9: a bare raise (re-raising) is not supported"},
      {"def f(x: int) -> int:\n    if x < 0:\n        raise MyError('negative')\n    return x\n", "",
       "f.py:3:15: raise takes one of Python's built-in exception classes here (ValueError, TypeError"},
      {"def f(x: int) -> int:\n    if x < 0:\n        raise ValueError(x)\n    return x\n", "",
       "f.py:3:26: an exception's message must be a str here, not int"},
      {"def f(x: int) -> int:\n    y: int = 1\n    y: int = 'a'\n    return x\n", "", "f.py:3:5: 'y' is annotated int but is assigned str"},
      {"def f(x: int) -> list[int]:\n    xs = []\n    xs.append(x)\n    xs.append(0.5)\n    return xs\n", "",
       "f.py:4:5: the [] at 2:10 gets float here and int at 3:5: a list holds one type"},
      {"def f(x: int) -> list[int]:\n    xs = []\n    return xs\n", "", "f.py:2:10: cannot tell what the [] at 2:10 holds"},
      {"def f(x) -> int:\n    return 1\n", "", "parameter 'x' needs a type annotation (or compile FILE.py::f with --sig or --example)"},
      {"def f(x: int) -> float:\n    return x\n", "", "f.py:2:5: returns int where the annotation says float"},
      {"def f(x: int) -> int:\n    y = 0\n    if x > 0:\n        y = 0.5\n    return y\n", "",
       "f.py:5:5: returns float | int where the annotation says int"},
      {"def f(x: int) -> int:\n    return x\n", "::g", "no function 'g' (the file defines: f)"},
      {"def f(x: int) -> int:\n    return undefined_name\n", "", "f.py:2:12: 'undefined_name' is not defined"},
      {"class C:\n    pass\n", "", "f.py:1:1: module-level ClassDef is not supported"},
  };
  for (const auto& c : cases) {
    dir.write("f.py", c.source);
    const CliRun run = opsynth_in(dir, {"compile", (dir.path / "f.py").string() + c.target_suffix, "-o", (dir.path / "f.so").string()});
    EXPECT_EQ(run.exit_code, 2) << c.source << run.out << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << c.source << "\n" << run.err;
    EXPECT_FALSE(fs::exists(dir.path / "f.so"));
  }
  const CliRun missing_file = opsynth_in(dir, {"compile", (dir.path / "nope.py").string()});
  EXPECT_EQ(missing_file.exit_code, 2);
  EXPECT_NE(missing_file.err.find("nope.py: no such file"), std::string::npos) << missing_file.err;
  dir.write("f.py", "def f(x: int) -> int:\n    return x\n");
  const CliRun unwritable = opsynth_in(dir, {"compile", (dir.path / "f.py").string(), "-o", "/proc/f.so"});
  EXPECT_EQ(unwritable.exit_code, 2) << unwritable.err;
  EXPECT_NE(unwritable.err.find("-o"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace opsynth

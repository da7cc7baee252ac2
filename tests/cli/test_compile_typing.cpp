// Type propagation through `opsynth compile`: unannotated code typed from --sig and --example, names
// that change type, joins kept as tagged unions where Python's type differs by path, loops lowered to
// a fixpoint, helpers specialised per argument types, empty containers learning what they hold, and
// type errors reported before anything is verified. Each compiled function is compared with CPython
// through the loader and proved with `verify --function` (a union result, `float | int`, included).
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::expect_verified;
using testing::same_as_python;
using testing::opsynth_in;
using testing::python;
using testing::read_text;
using testing::TempDir;

// One variable assigned values of two types on two paths: after the join it is a tagged union, and
// each path keeps its own type (True is not 1, 1 is not 1.0, a float divides by zero differently from
// a numpy float64).
const char* kJoins = R"PY(
def join_bool_int(flag: bool, a: bool, b: int) -> str:
    x = a
    if flag:
        x = b
    return repr(x)


def join_bool_float(flag: bool, a: bool, b: float) -> str:
    x = a
    if flag:
        x = b
    return repr(x)


def join_bool_float64(flag: bool, a: bool, b: "float64") -> str:
    x = a
    if flag:
        x = b
    return repr(x)


def join_int_float(flag: bool, a: int, b: float) -> str:
    x = a
    if flag:
        x = b
    return repr(x)


def join_int_float64(flag: bool, a: int, b: "float64") -> str:
    x = a
    if flag:
        x = b
    return repr(x)


def join_float_float64(flag: bool, a: float, b: "float64", c: float) -> str:
    x = a
    if flag:
        x = b
    return repr(x / c)


def join_int_none(flag: bool, a: int) -> str:
    x = None
    if flag:
        x = a
    return repr(x)


def join_int_str(flag: bool, a: int, s: str) -> str:
    x = a
    if flag:
        x = s
    return repr(x)


def pick(flag: bool, a: int, b: float):
    return b if flag else a


def length_or_raise(flag: bool, s: str) -> int:
    x = None
    if flag:
        x = s
    return len(x)
)PY";

TEST(CliCompileTyping, joins_of_every_numeric_pair_keep_each_paths_type) {
  TempDir dir;
  const fs::path source = dir.write("joins.py", kJoins);
  const fs::path so = dir.path / "joins.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--emit-ir"});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  // The join is a union slot the paths widen into; a call on it dispatches on the tag.
  EXPECT_NE(built.out.find("var x'3 : float | int"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("widen x'3 <- x'2 : float | int"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("widen x'3 <- x : float | int"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("union_is "), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("func @pick(flag: bool, a: int, b: float) -> float | int"), std::string::npos) << built.out;
  // len(None) is a TypeError on its path only, raised as CPython raises it.
  EXPECT_NE(built.out.find("raise TypeError(object of type 'NoneType' has no len())"), std::string::npos) << built.out;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import warnings, numpy as np, opsynth, joins
warnings.simplefilter("ignore", RuntimeWarning)  # float64 / 0.0
lib = opsynth.load("joins.opsynth.so")
def outcome(f, *args):
    try:
        r = f(*args)
        return (type(r), repr(r))
    except Exception as e:
        return (type(e), str(e))
cases = {
    "join_bool_int": [(f, True, 1) for f in (False, True)],
    "join_bool_float": [(f, False, 0.0) for f in (False, True)],
    "join_bool_float64": [(f, True, np.float64(1.5)) for f in (False, True)],
    "join_int_float": [(f, 2**53 + 1, 2.0**53) for f in (False, True)],
    "join_int_float64": [(f, 3, np.float64(3.0)) for f in (False, True)],
    "join_float_float64": [(f, 1.0, np.float64(1.0), c) for f in (False, True) for c in (0.0, 2.0)],
    "join_int_none": [(False, 4), (True, 4)],
    "join_int_str": [(False, 7, "7"), (True, 7, "7")],
    "pick": [(False, 1, 1.0), (True, 1, 1.0)],
    "length_or_raise": [(True, "abc"), (False, "abc")],
}
for name, calls in cases.items():
    for args in calls:
        want = outcome(getattr(joins, name), *args)
        got = outcome(getattr(lib, name), *args)
        assert want == got, (name, args, want, got)
print("ok")
)PY", output), 0) << output;
  for (const char* fn : {"join_bool_int", "join_bool_float", "join_bool_float64", "join_int_float", "join_int_float64",
                         "join_float_float64", "join_int_none", "join_int_str", "length_or_raise"})
    expect_verified(dir, source, so, fn);
}

// Unannotated functions typed from --sig: a name rebound to another type in a loop settles at a union
// at the loop's head; the loop is lowered again until it does.
const char* kLoops = R"PY(
def halve_until_small(x):
    steps = 0
    while x > 1:
        x = x / 2
        steps += 1
    return steps


def poly_eval(coeffs, x):
    result = 0
    for c in coeffs:
        result = result * x + c
    return result


def mean_abs_dev(xs):
    total = 0
    for x in xs:
        total += x
    mean = total / len(xs)
    dev = 0
    for x in xs:
        dev += abs(x - mean)
    return dev / len(xs)


def largest(xs):
    best = None
    for x in xs:
        if best is None or x > best:
            best = x
    return float(best) if best is not None else -1.0
)PY";

TEST(CliCompileTyping, loops_that_change_a_type_settle_at_a_tagged_union) {
  TempDir dir;
  const fs::path source = dir.write("loops.py", kLoops);
  struct Fn {
    std::string name, sig;
  };
  const std::vector<Fn> fns = {{"halve_until_small", "int"},
                               {"poly_eval", "list[float], float"},
                               {"mean_abs_dev", "list[float]"},
                               {"largest", "list[float]"}};
  for (const Fn& fn : fns) {
    const fs::path so = dir.path / (fn.name + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn.name, "--sig", fn.sig, "-o", so.string(), "--emit-ir"});
    ASSERT_EQ(built.exit_code, 0) << fn.name << "\n" << built.out << built.err;
    if (fn.name == "halve_until_small") EXPECT_NE(built.out.find("var x'3 : float | int"), std::string::npos) << built.out;
    if (fn.name == "poly_eval") EXPECT_NE(built.out.find("-> float | int {"), std::string::npos) << built.out;
    expect_verified(dir, source, so, fn.name);
  }
  // A union result is checked value by value: an original that returns float on the path where the
  // library returns the int 0 (no coefficients) fails, though float is one of the union's types.
  const fs::path floats = dir.write("floats.py", "def poly_eval(coeffs, x):\n"
                                                 "    result = 0.0\n"
                                                 "    for c in coeffs:\n"
                                                 "        result = result * x + c\n"
                                                 "    return result\n");
  const CliRun caught = opsynth_in(dir, {"verify", "--function", floats.string() + "::poly_eval", "--so",
                                         (dir.path / "poly_eval.opsynth.so").string(), "--cases", "1000"});
  EXPECT_EQ(caught.exit_code, 1) << caught.out << caught.err;
  EXPECT_NE(caught.out.find("FAIL"), std::string::npos) << caught.out;
  EXPECT_NE(caught.out.find("coeffs=[]"), std::string::npos) << caught.out;
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("loops") + R"PY(for n in (0, 1, 2, 9, 1000, -5):
    same("halve_until_small", n)
for coeffs in ([], [1.5], [1.0, -2.0, 3.0]):
    same("poly_eval", coeffs, 2.0)   # [] gives the int 0, as in Python
for xs in ([], [2.0], [1.0, 2.5, -3.0]):
    same("mean_abs_dev", xs)
    same("largest", xs)
print("ok")
)PY", output), 0) << output;
}

// raise and assert end their path with the exception CPython raises, class and message: a constant, an
// f-string, none; KeyError(key) as Python spells it; an assert's message or none.
TEST(CliCompileTyping, raise_and_assert_end_a_path_with_pythons_exception) {
  TempDir dir;
  const fs::path source = dir.write("checks.py", R"PY(
import math


def log_ratio(a, b):
    if b <= 0.0:
        raise ValueError("b must be positive")
    if a < 0:
        raise ValueError(f"a must be non-negative, got {a}")
    if a == 0:
        raise ZeroDivisionError
    return math.log(a / b)


def lookup(d, k):
    if k not in d:
        raise KeyError(k)
    return d[k]


def count_small(xs, limit):
    n = 0
    for x in xs:
        assert x >= 0, f"negative item {x}"
        assert x < 1000
        if x < limit:
            n += 1
    return n
)PY");
  struct Fn {
    std::string name, sig;
  };
  for (const Fn& fn : std::vector<Fn>{{"log_ratio", "float, float"}, {"lookup", "dict[str,int], str"},
                                      {"count_small", "list[int], int"}}) {
    const fs::path so = dir.path / (fn.name + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn.name, "--sig", fn.sig, "-o", so.string()});
    ASSERT_EQ(built.exit_code, 0) << fn.name << "\n" << built.out << built.err;
    expect_verified(dir, source, so, fn.name);
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("checks") + R"PY(assert str(same("log_ratio", 1.0, 0.0)) == "b must be positive"
assert str(same("log_ratio", -2.5, 1.0)) == "a must be non-negative, got -2.5"
assert isinstance(same("log_ratio", 0.0, 1.0), ZeroDivisionError)
same("log_ratio", 3.0, 1.5)
assert same("lookup", {"a": 1}, "b").args == ("b",)
assert str(same("count_small", [1, -4], 5)) == "negative item -4"
assert isinstance(same("count_small", [1, 4000], 5), AssertionError)
assert same("count_small", [1, 7, 3], 5) == 2
print("ok")
)PY", output), 0) << output;
}

// A generator expression handed to a builtin that consumes it whole (sum, min, max, sorted, list, tuple,
// str.join) is its list comprehension; any()/all() stop early, so theirs stay refused.
TEST(CliCompileTyping, generators_consumed_whole_compile_as_list_comprehensions) {
  TempDir dir;
  const fs::path source = dir.write("gens.py", R"PY(
def summary(words, xs):
    longest = max(len(w) for w in words) if words else 0
    squares = sum(x * x for x in xs)
    return ",".join(str(n) for n in sorted(len(w) for w in words)) + f" {longest} {squares}"
)PY");
  const fs::path so = dir.path / "summary.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string() + "::summary", "--sig", "list[str], list[int]", "-o", so.string()});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  expect_verified(dir, source, so, "summary");
  dir.write("anyneg.py", "def any_neg(xs):\n    return any(x < 0 for x in xs)\n");
  const CliRun refused = opsynth_in(dir, {"compile", (dir.path / "anyneg.py").string() + "::any_neg", "--sig", "list[float]"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("anyneg.py:2:15: a generator expression here is not supported"), std::string::npos) << refused.err;
}

// A helper is compiled once per argument types it is called with.
TEST(CliCompileTyping, helpers_are_specialised_per_argument_types) {
  TempDir dir;
  const fs::path source = dir.write("helpers.py", R"PY(
def clip_low(v, lo):
    return v if v > lo else lo


def double(v):
    return v + v


def clipped_total(xs, n):
    total = 0.0
    for x in xs:
        total += clip_low(x, 0.0)
    return total + clip_low(n, 0) + double(n)
)PY");
  const fs::path so = dir.path / "helpers.opsynth.so";
  const CliRun built = opsynth_in(dir, {"compile", source.string() + "::clipped_total", "--sig", "list[float], int",
                                        "-o", so.string(), "--emit-ir"});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("func @clip_low__1(v: float, lo: float) -> float"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("func @clip_low__2(v: int, lo: int) -> int"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("func @double__1(v: int) -> int"), std::string::npos) << built.out;  // a C++ keyword
  std::string output;
  EXPECT_EQ(python(dir.path, "import opsynth, helpers\nlib = opsynth.load('helpers.opsynth.so')\n"
                             "for xs, n in (([1.5, -2.0], 3), ([], -4), ([0.25], 0)):\n"
                             "    assert lib.clipped_total(xs, n) == helpers.clipped_total(xs, n)\nprint('ok')\n",
                   output),
            0)
      << output;
  expect_verified(dir, source, so, "clipped_total");
  // An annotated helper is a contract: a call at other types is an error naming both.
  dir.write("annotated.py", "def twice(x: float) -> float:\n    return x * 2.0\n\n\ndef f(n):\n    return twice(n)\n");
  const CliRun bad = opsynth_in(dir, {"compile", (dir.path / "annotated.py").string() + "::f", "--sig", "int"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("annotated.py:6:12: twice() parameter 'x' is float, the argument int"), std::string::npos) << bad.err;
}

// `counts = {}` and `out = []` learn what they hold from what is added to them later.
TEST(CliCompileTyping, empty_containers_learn_what_they_hold) {
  TempDir dir;
  const fs::path source = dir.write("fill.py", R"PY(
def word_counts(text):
    counts = {}
    for w in text.lower().split():
        counts[w] = counts.get(w, 0) + 1
    return counts


def running_max(xs):
    out = []
    for x in xs:
        if len(out) > 0 and out[len(out) - 1] > x:
            out.append(out[len(out) - 1])
        else:
            out.append(x)
    return out


def by_initial(words: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for w in words:
        if w and w[0] not in groups:
            groups[w[0]] = []
        if w:
            groups[w[0]].append(w)
    return groups


def nested(n: int) -> list[list[dict[str, int]]]:
    rows: list[list[dict[str, int]]] = []
    for i in range(n):
        rows.append([])
        rows[i].append({})
        rows[i].append({})
        rows[i][1][str(i)] = i
    return rows


def tag_rows(rows: list[list[int]]):
    pairs = [(len(row), row) for row in rows]
    if pairs:
        pairs[0][1].append(-1)
    return pairs
)PY");
  const fs::path so = dir.path / "fill.opsynth.so";
  // An empty [] or {} put into a typed container (groups[k] = [], rows.append([])) holds what it holds.
  for (const auto& [fn, sig] : std::vector<std::pair<std::string, std::string>>{
           {"word_counts", "str"}, {"running_max", "list[float]"}, {"by_initial", ""}, {"nested", ""},
           // an item's list appended to before the comprehension's type is known adds nothing to it
           {"tag_rows", ""}}) {
    const fs::path lib = dir.path / (fn + ".opsynth.so");
    std::vector<std::string> args{"compile", source.string() + "::" + fn, "-o", lib.string(), "--quiet"};
    if (!sig.empty()) args.insert(args.end(), {"--sig", sig});
    const CliRun built = opsynth_in(dir, args);
    ASSERT_EQ(built.exit_code, 0) << fn << "\n" << built.err;
    expect_verified(dir, source, lib, fn);
  }
  // Nothing added, or two types added: errors at the place that tells.
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"def f(n):\n    xs = []\n    return xs\n", "e.py:2:10: cannot tell what the [] at 2:10 holds: nothing is added to it"},
      {"def f(n):\n    d = {}\n    d['a'] = n\n    d['b'] = 0.5\n    return d\n",
       "e.py:4:5: the {} at 2:9 gets float here and int at 3:5: a dict's value holds one type"},
      {"def f(n):\n    xs = []\n    xs.append(n)\n    rows: list[list[float]] = []\n    rows.append(xs)\n    return rows\n",
       "e.py:5:5: the [] at 2:10 is put where list[float] goes, but it gets int at 3:5 (annotate it)"},
  };
  for (const auto& [text, message] : bad) {
    dir.write("e.py", text);
    const CliRun run = opsynth_in(dir, {"compile", (dir.path / "e.py").string() + "::f", "--sig", "int"});
    EXPECT_EQ(run.exit_code, 2) << text << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << text << "\n" << run.err;
  }
}

// --example gives the parameter types from values; --sig may leave the result out, and a given one
// is checked against the inferred one.
TEST(CliCompileTyping, example_arguments_and_sig_without_result_type_unannotated_code) {
  TempDir dir;
  const fs::path source = dir.write("ex.py", "def scaled_sum(xs, k):\n    total = 0.0\n    for x in xs:\n"
                                             "        total += x * k\n    return total\n");
  dir.write("example_args.py", "ARGS = ([1.0, 2.5], 3)\n");
  const fs::path so = dir.path / "ex.opsynth.so";
  const CliRun from_file = opsynth_in(dir, {"compile", source.string() + "::scaled_sum", "--example",
                                            (dir.path / "example_args.py").string() + ":ARGS", "-o", so.string()});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(read_text(dir.path / "ex.opsynth.manifest.json").find("\"list[float]\"") != std::string::npos, true);
  const CliRun from_module = opsynth_in(dir, {"compile", source.string() + "::scaled_sum", "--example", "math:([pi], 2.0)",
                                              "-o", so.string(), "--emit-ir"});
  ASSERT_EQ(from_module.exit_code, 0) << from_module.err;
  EXPECT_NE(from_module.out.find("func @scaled_sum(xs: list[float], k: float) -> float"), std::string::npos) << from_module.out;
  expect_verified(dir, source, so, "scaled_sum");
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {{"--example", "math:([], 2)"}, "--example: argument 1 ([]) does not tell its type"},
      {{"--example", "math:(pi,)"}, "--example gives 1 parameter types but scaled_sum has 2"},
      {{"--example", "nosuchmodule:(1, 2)"}, "No module named 'nosuchmodule'"},
      {{"--sig", "list[float], int -> int"}, "--sig gives the result type int but scaled_sum returns float"},
  };
  for (const Bad& b : bad) {
    std::vector<std::string> args = {"compile", source.string() + "::scaled_sum"};
    args.insert(args.end(), b.args.begin(), b.args.end());
    const CliRun run = opsynth_in(dir, args);
    EXPECT_EQ(run.exit_code, 2) << b.message << "\n" << run.err;
    EXPECT_NE(run.err.find(b.message), std::string::npos) << run.err;
  }
}

// A file of several unannotated functions compiles in one library: each --sig or --example names its
// function (NAME=...), and they may come before or after the file.
TEST(CliCompileTyping, several_unannotated_functions_of_a_file_compile_together_each_named_by_its_sig) {
  TempDir dir;
  const fs::path source = dir.write("multi.py",
                                    "def scaled_sum(xs, k):\n    total = 0.0\n    for x in xs:\n        total += x * k\n"
                                    "    return total\n\n"
                                    "def shout(s):\n    return s.upper() + '!'\n\n"
                                    "def annotated(n: int) -> int:\n    return n * 2\n\n"
                                    "def left_alone(z):\n    return z\n");
  dir.write("args.py", "def shout_args():\n    return ('hi',)\n");
  const fs::path so = dir.path / "multi.opsynth.so";
  const CliRun run = opsynth_in(dir, {"compile", "--sig", "scaled_sum=list[float], int", source.string(), "--example",
                                      "shout=args:shout_args()", "-o", so.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("compiled 3 functions"), std::string::npos) << run.out;  // the annotated one too
  std::string output;
  ASSERT_EQ(python(dir.path, "import opsynth\nlib = opsynth.load('multi.opsynth.so')\n"
                             "print(lib.scaled_sum([1.5, 2.0], 2), lib.shout('ab'), lib.annotated(4), hasattr(lib, 'left_alone'))\n",
                   output),
            0)
      << output;
  EXPECT_EQ(output, "7.0 AB! 8 False\n");
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {{source.string(), "--sig", "str"}, "--sig 'str' does not say which function it is for"},
      {{source.string(), "--sig", "nope=str"}, "--sig names 'nope', which the file does not define (the file defines: "
                                               "scaled_sum, shout, annotated, left_alone)"},
      {{source.string() + "::shout", "--sig", "annotated=int"}, "--sig names 'annotated', which is not the function being compiled"},
      {{source.string(), "--sig", "shout=str", "--example", "shout=args:shout_args()"}, "--example types 'shout' a second time"},
  };
  for (const Bad& b : bad) {
    std::vector<std::string> args = {"compile"};
    args.insert(args.end(), b.args.begin(), b.args.end());
    const CliRun bad_run = opsynth_in(dir, args);
    EXPECT_EQ(bad_run.exit_code, 2) << b.message << "\n" << bad_run.err;
    EXPECT_NE(bad_run.err.find(b.message), std::string::npos) << bad_run.err;
  }
}

// Typing finishes before any generic version is verified at a new signature: a type error later in
// the file does not wait for one (the library copy's op.json records no verification).
TEST(CliCompileTyping, type_errors_are_reported_before_any_verification) {
  TempDir dir;
  const fs::path source = dir.write("late.py", R"PY(import numpy as np


def f(x):
    y = np.maximum(x, 0.0)
    xs = []
    xs.append(y.shape[0])
    xs.append(0.5)
    return xs
)PY");
  (void)opsynth_in(dir, {"ops", "list"});  // makes the library copy
  const fs::path record = dir.path / "shipped-oplib" / "numpy" / "maximum" / "op.json";
  const std::string before = read_text(record);
  const CliRun run = opsynth_in(dir, {"compile", source.string() + "::f", "--sig", "ndarray[float64,3]"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("late.py:8:5: the [] at 6:10 gets float here and int at 7:5"), std::string::npos) << run.err;
  EXPECT_EQ(read_text(record), before) << "a verification ran before the type error was reported";
}

}  // namespace
}  // namespace opsynth

// range(), zip() and enumerate() passed straight to a builtin that reads them whole (list, sorted with
// or without key=, sum, min, max, len, any, all, and each other) compile to the list of their items, and
// dict(zip(ks, vs)) to a dict comprehension; both give CPython's results and errors. One kept as a value
// is refused with a message that says where these iterators work.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIterators = R"PY(
def order(xs: list[float]) -> list[int]:
    return sorted(range(len(xs)), key=lambda i: xs[i])


def ranks(xs: list[float]) -> list[int]:
    out = [0] * len(xs)
    for r, i in enumerate(sorted(range(len(xs)), key=lambda i: (xs[i], -i))):
        out[i] = r
    return out


def stepped(a: int, b: int, step: int) -> list[int]:
    return list(range(a, b, step))


def total(n: int) -> int:
    return sum(range(n)) + len(range(0, n, 3))


def argmax(xs: list[float]) -> int:
    return max(range(len(xs)), key=lambda i: xs[i])


def lowest_even(n: int) -> int:
    return min(range(n, -1, -2))


def pairs(a: list[str], b: list[int]) -> list[tuple[str, int]]:
    return sorted(zip(a, b), reverse=True)


def numbered(words: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(words))


def flags(n: int) -> tuple[bool, bool]:
    return (any(range(n)), all(range(1, n)))


def diagonal(n: int) -> list[tuple[int, tuple[int, int]]]:
    return list(enumerate(zip(range(n), range(n, 0, -1))))


def table(keys: list[str], values: list[float]) -> dict[str, float]:
    return dict(zip(keys, values))
)PY";

TEST(CliCompileIterators, iterators_read_whole_by_builtins_give_cpythons_results_and_errors) {
  TempDir dir;
  const fs::path source = dir.write("iters.py", kIterators);
  const fs::path so = dir.path / "iters.opsynth.so";
  const CliRun run = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(
import opsynth, iters
lib = opsynth.load("iters.opsynth.so")
def same(name, *args):
    try:
        want = getattr(iters, name)(*args)
    except Exception as e:
        want = e
    try:
        got = getattr(lib, name)(*args)
    except Exception as e:
        got = e
    assert type(want) is type(got) and repr(want) == repr(got), (name, args, want, got)
nan, inf = float("nan"), float("inf")
long = [((i * 7919) % 1013) / 7.0 for i in range(5000)]
for xs in ([], [2.0], [3.0, -1.0, 3.0, -0.0, 0.0], [nan, 1.0, -inf, nan, 0.5], long):
    same("order", xs)
    same("ranks", xs)
    same("argmax", xs)
for a, b, step in ((0, 10, 1), (10, 0, -3), (5, 5, 1), (-7, 8, 4), (0, 3, 0), (2**40, 2**40 + 5, 2)):
    same("stepped", a, b, step)
for n in (0, 1, 9, 100000):
    same("total", n)
    same("flags", n)
    same("diagonal", min(n, 50))
for n in (-1, 0, 1, 8, 9):
    same("lowest_even", n)
same("pairs", [], [])
same("pairs", ["b", "a", "\u00e9", "a"], [1, 2, 3])
same("pairs", ["x"], [5, 6, 7])
same("table", [], [])
same("table", ["a", "b", "a", "\u00e9"], [1.0, -0.0, nan, 2.5])
same("table", ["x", "y"], [1.5])
same("numbered", [])
same("numbered", ["\u6771", "a", ""])
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, so, "stepped");
}

TEST(CliCompileIterators, an_iterator_kept_as_a_value_is_refused_saying_where_iterators_work) {
  TempDir dir;
  const fs::path source = dir.write("kept.py", R"PY(
def kept(words: list[str]) -> int:
    pairs = enumerate(words)
    return len(list(pairs))
)PY");
  const CliRun run = opsynth_in(dir, {"compile", source.string(), "--quiet"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("kept.py:3:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("enumerate(...) is an iterator"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("write list(enumerate(...))"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir.path / "kept.opsynth.so"));
}

}  // namespace
}  // namespace opsynth::testing

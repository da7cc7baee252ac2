// sorted(), min() and max() with key= (a lambda, a function of the file, a builtin, str.lower), through
// `opsynth compile`: the keys are computed first, in order, and the keyed operators sort or pick by them
// (opsynth.ops.sorted_by_keys, min_by_keys, max_by_keys). Every function gives CPython's values, ties
// in CPython's order (reverse=True keeps equal keys in their order), NaN keys where CPython puts them,
// and CPython's exceptions; lambdas elsewhere and key= with default= are refused by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::compile_emitting_cpp;
using testing::expect_verified;
using testing::opsynth_in;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kKeyed = R"PY(
def by_count(kv: tuple[str, int]) -> tuple[int, str]:
    return (-kv[1], kv[0])


def top(counts: dict[str, int], n: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=by_count)[:n]


def rank(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda k: scores[k], reverse=True)


def closest(points: list[tuple[float, float]], x: float, y: float) -> tuple[float, float]:
    return min(points, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)


def longest(words: list[str]) -> str:
    return max(words, key=len)


def folded(words: list[str], backwards: bool) -> list[str]:
    return sorted(words, key=str.lower, reverse=backwards)


def by_sign(xs: list[float]) -> list[float]:
    return sorted(xs, key=lambda v: v > 0)


def shadowed(xs: list[int]) -> list[int]:
    x = 100
    out = sorted(xs, key=lambda x: -x)
    return out + [x]
)PY";

TEST(CliCompileKeys, key_functions_sort_and_pick_as_cpython_does) {
  TempDir dir;
  const fs::path source = dir.write("keyed.py", kKeyed);
  for (const std::string fn : {"top", "rank", "closest", "longest", "folded", "by_sign", "shadowed"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    EXPECT_NE(code.find("_by_keys("), std::string::npos) << fn;
    expect_verified(dir, source, dir.path / (fn + ".opsynth.so"), fn);
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("keyed") + R"PY(
nan = float("nan")
same("top", {"b": 2, "a": 2, "c": 5, "d": 1}, 3)
same("top", {}, 2)
same("rank", {"x": 1.0, "y": 3.0, "z": 1.0, "w": nan, "v": 3.0})
same("closest", [(0.0, 0.0), (1.0, 1.0), (-1.0, -1.0), (nan, 0.0)], 0.9, 0.9)
same("closest", [], 0.0, 0.0)
same("longest", ["bb", "a", "cc", "dd"])
same("longest", [])
for backwards in (False, True):
    same("folded", ["b", "A", "a", "B", "\u00e9", "E"], backwards)
same("by_sign", [1.0, -2.0, 3.0, 0.0, -0.0, nan, 5.0])
same("shadowed", [3, 1, 2])
print("ok")
)PY", output), 0) << output;
}

TEST(CliCompileKeys, what_is_not_supported_is_named) {
  TempDir dir;
  const fs::path source = dir.write("bad_keys.py", R"PY(
def two(xs: list[int]) -> list[int]:
    return sorted(xs, key=lambda a, b=1: a + b)


def fallback(xs: list[int]) -> int:
    return min(xs, key=lambda v: -v, default=0)


def stored(xs: list[int]) -> list[int]:
    f = lambda v: -v
    return sorted(xs)


def passed(xs: list[int]) -> list[int]:
    return list(map(abs, xs))
)PY");
  struct Bad {
    std::string fn, message;
  };
  for (const Bad& b : std::vector<Bad>{
           {"two", "bad_keys.py:3:27: a key= lambda takes one parameter here"},
           {"fallback", "min() with key= and default= is not supported"},
           {"stored", "bad_keys.py:11:9: lambda outside key= of sorted(), min() and max() is not supported"},
           {"passed", "'abs' is a function used as a value"}}) {
    const CliRun run = opsynth_in(dir, {"compile", source.string() + "::" + b.fn, "-o", (dir.path / "bad.so").string()});
    EXPECT_EQ(run.exit_code, 2) << b.fn << "\n" << run.err;
    EXPECT_NE(run.err.find(b.message), std::string::npos) << b.fn << "\n" << run.err;
    EXPECT_FALSE(fs::exists(dir.path / "bad.so"));
  }
}

}  // namespace
}  // namespace opsynth

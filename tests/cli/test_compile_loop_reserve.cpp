// Loops that append once per pass (compiler/loop_reserve.cpp) through `opsynth compile`: the list gets
// room for all the loop's appends first (opsynth.ops.reserve_appends) where the count is the loop's own
// (a range, a list, a str, an array, a dict, zip and enumerate, appends in both branches of an if), and
// not where the loop may append less (a filter, a break, a continue, a return), where the list's variable
// changes inside the loop, or where it may be unbound before the loop. Every function returns what
// CPython returns, exceptions included, on empty, non-ASCII and long inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
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

const char* kLoops = R"PY(
def running(xs: list[float]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for v in xs:
        total += v
        out.append(total)
    return out


def lookups(words: list[str], ids: dict[str, int]) -> list[int]:
    return [ids.get(w, -1) for w in words]


def squares(start: int, stop: int, step: int) -> list[int]:
    return [i * i for i in range(start, stop, step)]


def shouted(d: dict[str, int]) -> list[str]:
    return [k.upper() * v for k, v in d.items()]


def spaced(text: str) -> list[str]:
    out = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            out.append(ch * (i % 3))
        else:
            out.append(" ")
    return out


def flattened(rows: list[list[int]]) -> list[int]:
    out = []
    for row in rows:
        for x in row:
            out.append(x)
    return out


def evens(xs: list[int]) -> list[int]:
    return [x for x in xs if x % 2 == 0]


def until_negative(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x < 0:
            break
        out.append(x)
    return out


def without_threes(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x == 3:
            continue
        out.append(x)
    return out


def pairs(xs: list[int]) -> list[list[int]]:
    res: list[list[int]] = []
    out: list[int] = []
    for x in xs:
        out = [x]
        out.append(-x)
        res.append(out)
    return res


def maybe_unbound(xs: list[int], flag: bool) -> list[int]:
    if flag:
        out = [0]
    for x in xs:
        out.append(x)
    return out
)PY";

TEST(CliCompileLoopReserve, a_loop_appending_once_per_pass_reserves_first_and_every_result_is_cpythons) {
  TempDir dir;
  const fs::path source = dir.write("loops.py", kLoops);
  // Whether each function calls reserve_appends (the header's own definition has no `::ops::` before it).
  const std::map<std::string, bool> reserves{{"running", true},         {"lookups", true},        {"squares", true},
                                             {"shouted", true},         {"spaced", true},         {"flattened", true},
                                             {"evens", false},          {"until_negative", false}, {"without_threes", false},
                                             {"pairs", true},           {"maybe_unbound", false}};
  for (const auto& [name, reserved] : reserves) {
    const std::string code = compile_emitting_cpp(dir, source, name);
    EXPECT_EQ(code.find("::ops::reserve_appends(") != std::string::npos, reserved) << name;
  }
  // `pairs` reserves for `res` only: `out` is a new list on every pass.
  const std::string pairs = compile_emitting_cpp(dir, source, "pairs");
  EXPECT_EQ(pairs.find("::ops::reserve_appends(t"), pairs.rfind("::ops::reserve_appends(t"));
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("loops") + R"PY(
import random

rng = random.Random(11)
ints = [[], [3], [1, -2, 3, 3, 4], [rng.randrange(-50, 50) for _ in range(20000)]]
for xs in ints:
    for name in ("evens", "until_negative", "without_threes", "pairs"):
        same(name, xs)
    same("running", [float(x) / 7 for x in xs])
    same("maybe_unbound", xs, True)
    same("maybe_unbound", xs, False)
for start, stop, step in [(0, 0, 1), (5, -5, -3), (0, 30000, 7), (-40000, 40000, 3), (0, 5, 0)]:
    same("squares", start, stop, step)
words = ["", "é", "naïve", "😀x", "a b"] + ["w%d" % rng.randrange(400) for _ in range(20000)]
same("lookups", words, {w: i for i, w in enumerate(words[::3])})
same("lookups", [], {})
same("shouted", {w: i % 4 for i, w in enumerate(words[:3000])})
same("shouted", {})
for text in ["", "a-b c", "Ünïcödé 中文 😀!" * 2000]:
    same("spaced", text)
same("flattened", [])
same("flattened", [[], [1, 2], [], [3]])
same("flattened", [[i] * (i % 3) for i in range(30000)])
print("ok")
)PY", output), 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
  expect_verified(dir, source, dir.path / "running.opsynth.so", "running");
  expect_verified(dir, source, dir.path / "spaced.opsynth.so", "spaced");
  expect_verified(dir, source, dir.path / "flattened.opsynth.so", "flattened");
}

}  // namespace
}  // namespace opsynth

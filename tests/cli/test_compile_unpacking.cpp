// A tuple built only to be unpacked (`for k, v in d.items()`, `a, b = x, y`) is never made: each name
// takes its element's value straight away, one copy of a str fewer per name. Where an element is a load
// bound by reference to a variable the same statement assigns (`a, b = b, a`), the tuple is made as
// before, so every right-hand side is read before any name is assigned, as in Python.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUnpacking = R"PY(
def keyed(d: dict[str, int]) -> list[str]:
    out: list[str] = []
    for k, v in d.items():
        if v % 2 == 0:
            out.append(k + str(v))
    return out


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def rotate(words: list[str]) -> str:
    a, b, c = "x", "y", "z"
    for w in words:
        a, b, c = b, c, a + w
    return a + "|" + b + "|" + c


def swapped(xs: list[str]) -> list[str]:
    a, b = xs[0], xs[-1]
    for _ in range(3):
        a, b = b, a
    return [a, b]
)PY";

TEST(CliCompileUnpacking, a_tuple_only_unpacked_is_never_made_and_swaps_read_before_they_assign) {
  TempDir dir;
  const fs::path source = dir.write("unpack.py", kUnpacking);
  // d.items(): the key and the value go straight into k and v.
  EXPECT_EQ(compile_emitting_cpp(dir, source, "keyed").find("std::tuple<"), std::string::npos);
  // A swap of loads bound by reference keeps its tuple (a is assigned before b reads it otherwise).
  EXPECT_NE(compile_emitting_cpp(dir, source, "swapped").find("std::tuple<rt::str,rt::str>"), std::string::npos);
  for (const char* fn : {"fib", "rotate"}) compile_emitting_cpp(dir, source, fn);
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("unpack") + R"PY(
for d in [{}, {"a": 1, "b": 2, "cc": 4, "\u00e9t\u00e9": 10, "x" * 40: -2}]:
    same("keyed", d)
for n in [0, 1, 2, 10, 90]:
    same("fib", n)
for ws in [[], ["p"], ["p", "q", "r", "s", "t"]]:
    same("rotate", ws)
for xs in [["a"], ["a", "b", "c"], ["\u00e9", "long enough to leave the inline bytes"]]:
    same("swapped", xs)
print("ok")
)PY", output), 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
  expect_verified(dir, source, dir.path / "rotate.opsynth.so", "rotate");
}

}  // namespace
}  // namespace opsynth::testing

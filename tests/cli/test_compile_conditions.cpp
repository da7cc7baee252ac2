// Tests (if, elif, while, assert, a conditional expression, a comprehension's if) made of `and`, `or`
// and `not` go by each operand's truth, in order and short-circuited, as CPython's compiler jumps on
// them: an operand that would raise is never reached, and the value of the whole (one of the operands)
// is never built. Built, it held a copy of a str, which then was no longer the sole owner of its text,
// and `out += ch` copied all of it on every character.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConditions = R"PY(
def slugify(title: str) -> str:
    out = ""
    for ch in title.lower():
        if ch.isalnum():
            out += ch
        elif out and not out.endswith("-"):
            out += "-"
    return out.strip("-")


def first_positive(xs: list[int]) -> int:
    i = 0
    while i < len(xs) and xs[i] <= 0:
        i += 1
    if not (i < len(xs) or len(xs) == 0) and xs[0] > 0:
        return -2
    return xs[i] if xs and i < len(xs) else -1


def capitalized(words: list[str]) -> list[str]:
    return [w for w in words if w and (w[0].isupper() or not w[0].isalpha())]


def checked(s: str, n: int) -> str:
    assert n >= 0 and (not s or s[0] != "!"), "bad input"
    return s * n
)PY";

TEST(CliCompileConditions, and_or_not_in_tests_short_circuit_on_each_operands_truth) {
  TempDir dir;
  const fs::path source = dir.write("conds.py", kConditions);
  for (const char* fn : {"slugify", "first_positive", "capitalized", "checked"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    // No value of a whole `and`/`or` (a union of the operands' types) is built for a test.
    EXPECT_EQ(code.find("std::variant<bool,rt::str>"), std::string::npos) << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("conds") + R"PY(
for t in ["", "Hello, World!", "--a--b--", "Ünïcödé  Straße", "x" * 3000 + " y", "!!!"]:
    same("slugify", t)
for xs in [[], [0], [-1, -2], [-1, 3, 4], [5], [0, 0, 0, 7]]:
    same("first_positive", xs)
same("capitalized", ["", "Abc", "abc", "1x", "Éa", "ß", " "])
for s, n in [("", 0), ("ab", 2), ("!x", 1), ("x", -1)]:
    same("checked", s, n)
print("ok")
)PY", output), 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
  expect_verified(dir, source, dir.path / "slugify.opsynth.so", "slugify");
  expect_verified(dir, source, dir.path / "first_positive.opsynth.so", "first_positive");
}

}  // namespace
}  // namespace opsynth::testing

// sep.join(sorted(s)) of two strs compiles to opsynth.ops.join_sorted, which sorts the characters without
// a list of one-character strs; sorted() of a list keeps the plain calls. Both give
// CPython's results: code-point order across ASCII, accented, Greek, CJK and astral characters.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKeys = R"PY(
def anagram_groups(words: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for w in words:
        key = "".join(sorted(w))
        if key in groups:
            groups[key].append(w)
        else:
            groups[key] = [w]
    return groups


def spaced(w: str, sep: str) -> str:
    return sep.join(sorted(w))


def of_list(xs: list[str]) -> str:
    return ",".join(sorted(xs))


def via_list(w: str) -> str:
    return "".join(sorted(list(w)))
)PY";

TEST(CliCompileJoinSorted, sorted_characters_give_cpythons_results_and_skip_the_list) {
  TempDir dir;
  const fs::path source = dir.write("keys.py", kKeys);
  for (const char* fn : {"anagram_groups", "spaced", "of_list", "via_list"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    const bool in_place = std::string(fn) == "anagram_groups" || std::string(fn) == "spaced";
    EXPECT_EQ(code.find("join_sorted(") != std::string::npos, in_place) << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("keys") + R"PY(
words = ["", "listen", "silent", "enlist", "Tinsel", "caf\u00e9", "\u00e9fac", "\u03c3\u0391\u03b1",
         "\U0001f600a\U0001f300", "\u4e2d\u6587a", "zyx" * 40 + "cba" * 30, "a\x00b", "ba ab"]
same("anagram_groups", words)
same("anagram_groups", [])
for w in words:
    for sep in ("", ",", " - ", "\u00b7"):
        same("spaced", w, sep)
    same("via_list", w)
same("of_list", words)
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "anagram_groups.opsynth.so", "anagram_groups");
  expect_verified(dir, source, dir.path / "spaced.opsynth.so", "spaced");
}

}  // namespace
}  // namespace opsynth::testing

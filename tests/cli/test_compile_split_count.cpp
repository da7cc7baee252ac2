// len(s.split()) of a str compiles to opsynth.ops.split_count, which counts the words without building
// the list; a split with a separator keeps the plain call. Both give CPython's results on
// every kind of whitespace str.split() knows (and on the zero-width space, which it does not split on).
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCounts = R"PY(
def words_per_line(text: str) -> list[int]:
    return [len(line.split()) for line in text.splitlines()]


def total_words(text: str) -> int:
    return len(text.split())


def fields(text: str) -> int:
    return len(text.split(",")) + len(text.split(" "))
)PY";

TEST(CliCompileSplitCount, word_counts_give_cpythons_results_and_skip_the_list) {
  TempDir dir;
  const fs::path source = dir.write("counts.py", kCounts);
  for (const char* fn : {"words_per_line", "total_words", "fields"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    EXPECT_EQ(code.find("split_count(") != std::string::npos, std::string(fn) != "fields") << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("counts") + R"PY(
texts = ["", " ", "one", "  two words  ", "a\tb\nc\x0bd\x0ce\rf\x1cg\x1dh\x1ei\x1fj\x85k\xa0l",
         "\u1680m\u2000n\u2028o\u2029p\u3000q\u202fr", "zero\u200bwidth", "caf\u00e9 na\u00efve \U0001f600 x",
         "line one\nline  two\r\n\nlast\u2028sep", "w " * 5000 + "end", ",a,,b, c ,"]
for t in texts:
    same("words_per_line", t)
    same("total_words", t)
    same("fields", t)
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "words_per_line.opsynth.so", "words_per_line");
  expect_verified(dir, source, dir.path / "total_words.opsynth.so", "total_words");
}

}  // namespace
}  // namespace opsynth::testing

// sum(xs[a:b]) of a list of ints compiles to opsynth.ops.sum_slice, which adds the items in place
// instead of copying the slice; every other sum of a slice (a step, a start value, floats) keeps the
// plain call. Both give CPython's results, negative and missing bounds included.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSums = R"PY(
def chunk_totals(xs: list[int], size: int) -> list[int]:
    return [sum(xs[i:i + size]) for i in range(0, len(xs), size)]


def ends(xs: list[int], k: int) -> tuple[int, int, int, int]:
    return (sum(xs[k:]), sum(xs[:k]), sum(xs[:]), sum(xs[-k:-1]))


def stepped(xs: list[int]) -> int:
    return sum(xs[::2]) + sum(xs[1::3])


def started(fs: list[float], k: int) -> float:
    return sum(fs[1:k], 0.5)
)PY";

TEST(CliCompileSumSlice, sums_of_list_slices_give_cpythons_results_and_int_lists_skip_the_copy) {
  TempDir dir;
  const fs::path source = dir.write("sums.py", kSums);
  for (const char* fn : {"chunk_totals", "ends", "stepped", "started"}) {
    const std::string code = compile_emitting_cpp(dir, source, fn);
    const bool in_place = std::string(fn) == "chunk_totals" || std::string(fn) == "ends";
    EXPECT_EQ(code.find("sum_slice(") != std::string::npos, in_place) << fn;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("sums") + R"PY(
big = list(range(-50, 250))
for size in (1, 3, 16, 400):
    same("chunk_totals", big, size)
same("chunk_totals", [], 4)
same("chunk_totals", [5, -7], 0)  # range() step 0: ValueError
for k in (-400, -3, -1, 0, 1, 2, 299, 300, 1000):
    same("ends", big, k)
    same("ends", [], k)
same("stepped", big)
same("stepped", [])
same("started", [1.5, -0.0, 2.25, 1e300, -1e300], 4)
same("started", [], 3)
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "chunk_totals.opsynth.so", "chunk_totals");
  expect_verified(dir, source, dir.path / "ends.opsynth.so", "ends");
}

}  // namespace
}  // namespace opsynth::testing

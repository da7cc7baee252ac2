// The call path skips writing back list and dict parameters a function provably never changes
// (compiler/readonly_params.hpp); every way a function can change one must keep the write-back.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kParams = R"PY(
def first_positions(items: list[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for k in range(len(items)):
        if items[k] not in first:
            first[items[k]] = k
    return first


def lookup(words: list[str], table: dict[str, int]) -> list[int]:
    return [table.get(w, -1) for w in words if w in table or len(w) > 3]


def merged(a: list[int], b: list[int]) -> list[int]:
    out: list[int] = []
    out.extend(a[1:])
    out.extend(b)
    out.append(len(sorted(a)))
    return out


def alias_append(xs: list[int]) -> int:
    ys = xs
    ys.append(7)
    return len(xs)


def sorted_then_sort_in_place(xs: list[int]) -> int:
    s = sorted(xs)
    xs.sort()
    return s[0] if s else 0


def through_helper(xs: list[int]) -> int:
    grow(xs)
    return len(xs)


def grow(ys: list[int]) -> None:
    ys.append(1)


def boxed(xs: list[int]) -> int:
    box = [xs]
    box[0].append(3)
    return len(xs)


def nested(rows: list[list[int]]) -> int:
    for r in rows:
        r.append(0)
    return len(rows)


def inserted(xs: list[int]) -> int:
    xs.insert(0, 4)
    return len(xs)


def counts(d: dict[str, int], key: str) -> int:
    d[key] = d.get(key, 0) + 1
    return d[key]


def defaulted(d: dict[str, int], key: str) -> int:
    return d.setdefault(key, 5)


def column(rows: list[list[float]], j: int) -> list[float]:
    return [row[j] for row in rows]


def widest(rows: list[list[int]]) -> list[int]:
    best: list[int] = []
    for i, row in enumerate(rows):
        if len(row) > len(best) or i == 0:
            best = row
    return best


def by_key(groups: dict[str, list[int]], key: str) -> int:
    none: list[int] = []
    return len(groups.get(key, none)) + sum(groups[key]) if key in groups else 0


def copied_out(rows: list[list[int]]) -> int:
    box = [rows[1], rows[0]]
    box[1].append(9)
    return len(box)


def paired(rows: list[list[int]]) -> int:
    pair = (0, rows[0])
    pair[1].append(1)
    return len(rows)


def renamed_then_cleared(xs: list[float]) -> float:
    total = float(sum(xs))
    zs = xs
    if total > 0.0:
        zs.clear()
    return total
)PY";

TEST(CliCompileReadOnly, untouched_list_and_dict_parameters_skip_the_write_back_and_every_change_reaches_the_caller) {
  TempDir dir;
  const fs::path source = dir.write("params.py", kParams);
  const fs::path so = dir.path / "params.opsynth.so";
  const fs::path cpp = dir.path / "gen";
  const CliRun run = opsynth_in(dir, {"compile", source.string(), "-o", so.string(), "--quiet", "--emit-cpp", cpp.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::string generated;
  for (const auto& f : fs::directory_iterator(cpp)) generated += read_text(f.path());
  // The mask each export passes: bit i set for a parameter proven unchanged.
  const std::map<std::string, std::string> masks{
      {"first_positions", "<1ULL>"}, {"lookup", "<3ULL>"}, {"merged", "<3ULL>"},  {"alias_append", ""},
      {"sorted_then_sort_in_place", ""}, {"through_helper", ""}, {"boxed", ""}, {"nested", ""},
      {"inserted", ""}, {"counts", ""}, {"defaulted", ""}, {"renamed_then_cleared", ""},
      // Lists and dicts of lists: read through their rows, or shared with a container that changes one.
      {"column", "<1ULL>"}, {"widest", "<1ULL>"}, {"by_key", "<1ULL>"}, {"copied_out", ""}, {"paired", ""}};
  for (const auto& [fn, mask] : masks) {
    const std::string call = "rt::abi::invoke" + mask + "(args, nargs, out, args_after, &opsynth_user::fn_" + fn + ")";
    EXPECT_NE(generated.find(call), std::string::npos) << fn << ": no `" << call << "`";
  }
  // Each function leaves its arguments exactly as CPython leaves them.
  std::string output;
  EXPECT_EQ(python(dir.path, R"PY(import copy
import opsynth, params
lib = opsynth.load("params.opsynth.so")
cases = [
    ("first_positions", (["b", "a", "b", "ü" * 20, "a"],)),
    ("lookup", (["one", "three", "x", "fourteen"], {"one": 1, "x": 9})),
    ("merged", ([3, 1, 2], [5, 4])),
    ("alias_append", ([1, 2],)),
    ("sorted_then_sort_in_place", ([3, 1, 2],)),
    ("through_helper", ([1],)),
    ("boxed", ([1, 2],)),
    ("nested", ([[1], [], [2, 3]],)),
    ("inserted", ([9],)),
    ("counts", ({"a": 1}, "a")),
    ("counts", ({"a": 1}, "b")),
    ("defaulted", ({"a": 1}, "z")),
    ("renamed_then_cleared", ([1.5, 2.0],)),
    ("renamed_then_cleared", ([-1.5],)),
    ("column", ([[1.0, 2.0], [3.0, -0.0]], 1)),
    ("widest", ([[1], [2, 3], [4]],)),
    ("by_key", ({"a": [1, 2], "b": []}, "a")),
    ("copied_out", ([[1], [2]],)),
    ("paired", ([[1], [2]],)),
]
for name, args in cases:
    want_args, got_args = copy.deepcopy(args), copy.deepcopy(args)
    want = getattr(params, name)(*want_args)
    got = getattr(lib, name)(*got_args)
    assert got == want, (name, got, want)
    assert got_args == want_args, (name, got_args, want_args)
print("ok")
)PY", output), 0) << output;
}

}  // namespace
}  // namespace opsynth::testing

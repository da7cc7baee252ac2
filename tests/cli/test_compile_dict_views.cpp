// d.items(), d.values() and d.keys() passed straight to a builtin that consumes them (sorted, sum, max,
// enumerate, ...) compile to the snapshot that builtin would take, and give CPython's results; a view
// kept for later is refused with a message that says where views work.
#include <gtest/gtest.h>

#include <string>

#include "compile_helpers.hpp"

namespace opsynth::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kViews = R"PY(
def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items())


def spread(prices: dict[str, float]) -> tuple[float, float, float, int]:
    if not prices:
        return (0.0, 0.0, 0.0, 0)
    return (float(sum(prices.values())), max(prices.values()), min(prices.values()), len(prices.keys()))


def largest_key(groups: dict[int, list[str]]) -> int:
    return max(groups.keys()) if groups else -1


def numbered(groups: dict[int, list[str]]) -> list[str]:
    out: list[str] = []
    for i, (k, members) in enumerate(sorted(groups.items())):
        out.append(str(i) + ":" + str(k) + "=" + ",".join(members))
    members_total = 0
    for v in list(groups.values()):
        members_total += len(v)
    out.append(str(members_total))
    return out


def pairs(a: dict[str, int], b: dict[str, int]) -> list[str]:
    return [k + str(x) + str(y) for k, x, y in zip(sorted(a.keys()), a.values(), b.values())]


def any_negative(d: dict[str, float]) -> bool:
    return any([v < 0.0 for v in d.values()]) or all([k.startswith("z") for k in d.keys()])
)PY";

TEST(CliCompileDictViews, views_passed_to_consuming_builtins_give_cpythons_results) {
  TempDir dir;
  const fs::path source = dir.write("views.py", kViews);
  for (const char* fn : {"ranked", "spread", "largest_key", "numbered", "pairs", "any_negative"}) {
    const CliRun run = opsynth_in(dir, {"compile", source.string() + "::" + fn, "-o", (dir.path / (std::string(fn) + ".opsynth.so")).string(), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << fn << run.out << run.err;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("views") + R"PY(
same("ranked", {})
same("ranked", {"b": 2, "a": 9, "\u00e9": 1, "a" * 30: 4})
same("spread", {})
same("spread", {"x": 1.5, "y": -0.0, "z": float("inf")})
same("spread", {"x": float("nan"), "y": 2.0})
same("largest_key", {})
same("largest_key", {3: ["a"], -7: [], 12: ["b", "c"]})
same("numbered", {2: ["x", "y"], 1: [], -4: ["\u6771"]})
same("numbered", {})
same("pairs", {"b": 1, "a": 2}, {"q": 10, "r": 20, "s": 30})
same("any_negative", {})
same("any_negative", {"za": 1.0, "zb": 2.0})
same("any_negative", {"a": 1.0, "b": -0.5})
print("ok")
)PY", output), 0) << output;
}

TEST(CliCompileDictViews, a_view_kept_for_later_is_refused_saying_where_views_work) {
  TempDir dir;
  const fs::path source = dir.write("kept.py", R"PY(
def kept(d: dict[str, int]) -> int:
    view = d.items()
    d["new"] = 1
    return len(list(view))
)PY");
  const CliRun run = opsynth_in(dir, {"compile", source.string(), "--quiet"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("kept.py:3:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("d.items() is a view"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("list(d.items())"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace opsynth::testing

namespace opsynth::testing {
namespace {

// dict(d) of a dict compiles (as d.copy(): CPython gives the type dict no signature to verify against),
// and so do the generic d.copy(), d.pop(k) and d.setdefault(k, []) at value types of a user's choosing.
// Each copy is apart from the original, as in CPython.
TEST(CliCompileDictViews, dict_copies_pops_and_setdefault_at_any_types_give_cpythons_results) {
  TempDir dir;
  const fs::path source = dir.write("copies.py", R"PY(
def trimmed(d: dict[int, float], drop: list[int]) -> tuple[dict[int, float], dict[int, float]]:
    out = dict(d)
    also = d.copy()
    for k in drop:
        if k in out:
            out.pop(k)
    also[-1] = 0.5
    return out, also


def grouped(words: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w)
    return groups
)PY");
  for (const char* fn : {"trimmed", "grouped"}) {
    const CliRun run = opsynth_in(dir, {"compile", source.string() + "::" + fn, "-o",
                                        (dir.path / (std::string(fn) + ".opsynth.so")).string(), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << fn << run.out << run.err;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("copies") + R"PY(
d = {i: i * 0.25 for i in range(-3, 40)}
same("trimmed", d, [1, 2, 2, 100, -3])
same("trimmed", {}, [1])
same("trimmed", {7: float("nan"), 0: -0.0}, [0])
same("grouped", ["apple", "avocado", "banana", "", "\u00e9clair", "b"])
same("grouped", [])
print("ok")
)PY", output), 0) << output;
  expect_verified(dir, source, dir.path / "trimmed.opsynth.so", "trimmed");
}

}  // namespace
}  // namespace opsynth::testing

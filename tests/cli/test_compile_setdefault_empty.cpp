// `d.setdefault(k, [])` and `d.setdefault(k, {})` (compiler/setdefault_empty.cpp) and `d[k].append(x)`
// (compiler/dict_list_appends.cpp) through `opsynth compile`: setdefault becomes opsynth.ops.setdefault_list
// or setdefault_dict, which makes the empty container only when the key is missing, only where the
// default is an empty display read by that call alone; an append to the list read out of the dict becomes
// one call (append_at, setdefault_append) only where nothing but reads of variables runs between. Every
// function returns what CPython returns, the list or dict the call returns is the one the dict holds (an
// append through it shows in the dict), and a replaced operator is no longer listed in the manifest.
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
using testing::read_text;
using testing::same_as_python;
using testing::TempDir;

const char* kGroups = R"PY(
def positions(words: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        where.setdefault(w, []).append(i)
    return where


def by_length(words: list[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for w in words:
        group = out.setdefault(len(w), [])
        group.append(w)
        group.append(w.upper())
    return out


def pair_counts(pairs: list[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for p in pairs:
        inner = counts.setdefault(p[:1], {})
        inner[p] = inner.get(p, 0) + 1
    return counts


def seeded(words: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        where.setdefault(w, [0]).append(i)
    return where


def shared_default(words: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    empty: list[int] = []
    for i, w in enumerate(words):
        where.setdefault(w, empty).append(i)
    return where


def grouped(pairs: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in pairs:
        if p[:1] not in out:
            out[p[:1]] = []
        out[p[:1]].append(p)
    return out


def grouped_upper(pairs: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in pairs:
        if p[:1] not in out:
            out[p[:1]] = []
        out[p[:1]].append(p.upper())
    return out
)PY";

TEST(CliCompileSetdefaultEmpty, an_empty_default_is_made_only_for_a_missing_key_and_the_result_is_the_stored_one) {
  TempDir dir;
  const fs::path source = dir.write("groups.py", kGroups);
  // What each function's calls become: `d.setdefault(k, []).append(x)` and `d[k].append(x)` one call,
  // a setdefault kept for later uses setdefault_list or _dict; a default that is not a new empty
  // display, and an append whose argument is computed after the getitem, keep their calls.
  const std::map<std::string, std::string> becomes{{"positions", "setdefault_append("},
                                                   {"by_length", "setdefault_list("},
                                                   {"pair_counts", "setdefault_dict("},
                                                   {"seeded", ""},
                                                   {"shared_default", ""},
                                                   {"grouped", "append_at("},
                                                   {"grouped_upper", ""}};
  for (const auto& [name, call] : becomes) {
    const std::string code = compile_emitting_cpp(dir, source, name);
    if (!call.empty()) EXPECT_NE(code.find(call), std::string::npos) << name;
    for (const char* other : {"setdefault_append(", "setdefault_list(", "setdefault_dict(", "append_at("})
      if (call != other) EXPECT_EQ(code.find(other), std::string::npos) << name << " " << other;
    // The manifest lists what the library calls: dict.setdefault only where it is still called.
    const std::string manifest = read_text(dir.path / (name + ".opsynth.manifest.json"));
    const bool keeps_setdefault = name == "seeded" || name == "shared_default";
    EXPECT_EQ(manifest.find("\"dict.setdefault\"") != std::string::npos, keeps_setdefault) << name << "\n" << manifest;
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("groups") + R"PY(
import random

rng = random.Random(7)
cases = [[], ["a"], ["a", "a", "b", "a"], ["", "é", "", "😀x", "é"]]
cases.append([rng.choice(["ab", "ba", "a", "b", "abc", "中文", ""]) for _ in range(300)])
cases.append(["w%d" % rng.randrange(500) * rng.randrange(1, 4) for _ in range(5000)])
for words in cases:
    for name in ("positions", "by_length", "pair_counts", "seeded", "shared_default", "grouped", "grouped_upper"):
        same(name, words)
print("ok")
)PY", output), 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
  expect_verified(dir, source, dir.path / "positions.opsynth.so", "positions");
  expect_verified(dir, source, dir.path / "by_length.opsynth.so", "by_length");
  expect_verified(dir, source, dir.path / "pair_counts.opsynth.so", "pair_counts");
  expect_verified(dir, source, dir.path / "grouped.opsynth.so", "grouped");
}

}  // namespace
}  // namespace opsynth

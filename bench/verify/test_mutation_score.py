#!/usr/bin/python3
# The mutation-score tool on one small op (math.hypot): every mutation kind is produced where code is,
# TCE recognizes a mutant the compiler folds away, and the verifier kills a clearly wrong mutant.
# Usage: test_mutation_score.py --build BUILD_DIR   (ctest -L mutation)
import argparse
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import mutation_score  # noqa: E402
from mutation import library, mutants, tce, verify_run  # noqa: E402

BUILD = ROOT / "build"
HYPOT_LOOP = "for (std::size_t i = 0; i < n; i++) {"


class MutationScoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        [cls.hypot] = library.read_library(ROOT / "oplib")["math.hypot"]
        cls.source = cls.hypot.header.read_text()
        cls.found = mutants.find_mutants(cls.source, "math.hypot")
        cls.lines = cls.source.splitlines()

    def mutant(self, kind, original, mutated, line_text):
        matches = [m for m in self.found if (m.kind, m.original, m.mutated) == (kind, original, mutated)
                   and line_text in self.lines[m.line - 1]]
        self.assertTrue(matches, f"no {kind} mutant {original!r} -> {mutated!r} on a line with {line_text!r}")
        return matches[-1]

    def screen(self):
        work = BUILD / "bench" / "mutation-test"
        compiler = tce.Compiler(tce.read_toolchain(ROOT, BUILD), work / "tce")
        return mutation_score.Screen(compiler, mutation_score.Declarations(BUILD / "opsynth", work / "declarations.json"))

    def test_every_kind_is_produced_and_only_inside_function_bodies(self):
        self.assertEqual({m.kind for m in self.found}, set(mutants.KINDS))
        for m in self.found:
            line = self.lines[m.line - 1].lstrip()
            self.assertFalse(line.startswith(("//", "#")), f"{m.kind} mutant on line {m.line}: {line}")
            self.assertEqual(m.source.count("\n"), self.source.count("\n"), f"{m.kind} mutant adds or removes a line")
        self.assertEqual(len({m.hash for m in self.found}), len(self.found))
        breaks = [m for m in self.found if m.kind == "size_break"]
        self.assertTrue(all("break;" in m.mutated and ">= " in m.mutated for m in breaks))

    def test_screen_sets_aside_folded_and_stillborn_mutants_and_keeps_a_real_change(self):
        screen = self.screen()
        folded = self.mutant("comparison", "<", "!=", HYPOT_LOOP)  # i counts up by one from 0 to n
        self.assertEqual(screen.screen(self.hypot, folded, 0)["status"], "equivalent")
        dropped = self.mutant("drop_statement", "if (std::isinf(max)) return max;", ";", "std::isinf(max)")
        self.assertEqual(screen.screen(self.hypot, dropped, 0)["status"], "differs")
        undeclared = self.source.replace("double x, scale,", "double scale,")  # x is used, never declared
        stillborn = mutants.Mutant("drop_statement", 0, 0, 0, "", "", undeclared, "0" * 64)
        self.assertEqual(screen.screen(self.hypot, stillborn, 0)["status"], "stillborn")

    def test_verifier_kills_a_mutant_that_drops_the_infinity_check(self):
        dropped = self.mutant("drop_statement", "if (std::isinf(max)) return max;", ";", "std::isinf(max)")
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "candidate.hpp").write_text(dropped.source)
            result = verify_run.verify_mutant(BUILD / "opsynth", ROOT / "oplib", tmp, "math.hypot", "float, float -> float",
                                              timeout=600)
            self.assertEqual(result["classification"], "killed", result)
            self.assertEqual(result["stage"], "edge", result)  # inf is an edge value of each argument
            self.assertEqual(list(Path(tmp).glob("scratch-*")), [])  # the scratch library is gone


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, default=BUILD)
    args, rest = parser.parse_known_args()
    BUILD = args.build.resolve()
    unittest.main(argv=[sys.argv[0], *rest])

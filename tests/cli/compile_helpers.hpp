// What the compile tests share: a temporary folder, the real opsynth on a copy of the shipped library,
// and Python runs with the loader on the path.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paths.hpp"
#include "run_opsynth.hpp"
#include "temp_dir.hpp"

namespace opsynth::testing {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}


// Runs opsynth on a copy of the shipped library: compiling may verify a generic version at a new
// signature and record it in op.json, and a test must not edit the source tree.
inline CliRun opsynth_in(const TempDir& dir, const std::vector<std::string>& args) {
  const std::filesystem::path copy = dir.path / "shipped-oplib";
  if (!std::filesystem::exists(copy))
    std::filesystem::copy(source_dir() + "/oplib", copy, std::filesystem::copy_options::recursive);
  return run_opsynth(args, {"OPSYNTH_OPLIB=" + copy.string()});
}

// Compiles FILE.py::FN into FN.opsynth.so in the test folder and returns the C++ it generated (empty,
// with a test failure, when the compile fails): what the idiom lowerings' tests look into.
inline std::string compile_emitting_cpp(const TempDir& dir, const std::filesystem::path& source, const std::string& fn) {
  const std::filesystem::path cpp = dir.path / (fn + "_cpp");
  const CliRun run = opsynth_in(dir, {"compile", source.string() + "::" + fn, "-o",
                                      (dir.path / (fn + ".opsynth.so")).string(), "--quiet", "--emit-cpp", cpp.string()});
  if (run.exit_code != 0) {
    ADD_FAILURE() << fn << ": exit " << run.exit_code << "\n" << run.out << run.err;
    return "";
  }
  std::string code;
  for (const auto& entry : std::filesystem::directory_iterator(cpp)) code += read_text(entry.path());
  return code;
}

// Runs a Python snippet with the loader and the test folder on the path (and `env`, "NAME=value"
// words, in its environment); it prints "ok" when every check held.
inline int python(const std::filesystem::path& dir, const std::string& code, std::string& output,
                  const std::string& env = "") {
  const std::filesystem::path script = dir / "check.py";
  std::ofstream(script) << code;
  const std::string command = "cd '" + dir.string() + "' && " + env + " PYTHONPATH='" + source_dir() + "/compiler/python:" +
                              dir.string() + "' " OPSYNTH_TEST_PYTHON " check.py > out.txt 2>&1";
  const int status = std::system(command.c_str());
  output = read_text(dir / "out.txt");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Python that defines same(name, *args): the library's function NAME (NAME.opsynth.so) and MODULE's
// give the same value of the same type, or raise the same exception; returns the library's outcome.
inline std::string same_as_python(const std::string& module) {
  return "import opsynth, " + module + "\n"
         "def same(name, *args):\n"
         "    lib = getattr(opsynth.load(name + '.opsynth.so'), name)\n"
         "    try:\n"
         "        want = getattr(" + module + ", name)(*args)\n"
         "    except Exception as e:\n"
         "        want = e\n"
         "    try:\n"
         "        got = lib(*args)\n"
         "    except Exception as e:\n"
         "        got = e\n"
         "    assert type(want) is type(got) and repr(want) == repr(got), (name, args, want, got)\n"
         "    return got\n";
}

// verify --function FILE.py::FN against the library: exit 0 and an exact PASS. These tests check the
// compiler, so the size sweep stops at 300 (every band edge to 257): past it CPython's own time per case,
// quadratic in some of these functions, dominated the suite. The verifier's tests cover the whole sweep.
inline void expect_verified(const TempDir& dir, const std::filesystem::path& source, const std::filesystem::path& so, const std::string& fn) {
  const CliRun run = opsynth_in(dir, {"verify", "--function", source.string() + "::" + fn, "--so", so.string(),
                                      "--cases", "1000", "--max-length", "300", "--quiet"});
  EXPECT_EQ(run.exit_code, 0) << fn << "\n" << run.out << run.err;
  EXPECT_NE(run.out.find("PASS"), std::string::npos) << fn << "\n" << run.out;
}

}  // namespace opsynth::testing

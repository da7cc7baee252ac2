// Tests for the opsynth executable as a user runs it: output, one-line errors, exit codes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "run_opsynth.hpp"

namespace opsynth {
namespace {

using testing::run_opsynth;
using Outcome = testing::CliRun;

bool one_line(const std::string& text) { return !text.empty() && text.find('\n') == text.size() - 1; }

const char* kNormSig = "ndarray[float64,2], Literal['fro'], None, Literal[False] -> float64";

TEST(CliSignature, prints_the_declaration_for_numpy_linalg_norm) {
  Outcome r = run_opsynth({"signature", "numpy.linalg.norm", "--sig", kNormSig});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "// numpy.linalg.norm(x: ndarray[float64,2], ord: Literal['fro'], axis: None, keepdims: "
            "Literal[False]) "
            "-> float64\n"
            "namespace oplib::numpy::linalg { rt::float64 norm(const rt::ndarray<double,2>& x, "
            "rt::lit<\"fro\"> ord, "
            "rt::none axis, rt::lit<false> keepdims); }\n");
}

TEST(CliSignature, json_output_carries_declaration_and_parameter_names) {
  Outcome r = run_opsynth({"signature", "numpy.linalg.norm", "--sig", kNormSig, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"declaration\": \"namespace oplib::numpy::linalg { rt::float64 norm("),
            std::string::npos);
  EXPECT_NE(r.out.find("\"name\": \"keepdims\""), std::string::npos);
  EXPECT_NE(r.out.find("\"param_source\": \"inspect.signature\""), std::string::npos);
}

TEST(CliSignature, malformed_sig_exits_2_naming_the_column) {
  Outcome r = run_opsynth({"signature", "numpy.linalg.norm", "--sig", "ndarray[float64,x] -> float"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("--sig"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("at column 17: expected an integer rank"), std::string::npos) << r.err;
}

TEST(CliSignature, wrong_parameter_count_exits_2_naming_both_counts_and_the_names) {
  Outcome r = run_opsynth({"signature", "numpy.linalg.norm", "--sig",
                           "ndarray[float64,2], None, None, Literal[False], int -> float64"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("--sig has 5 parameters but the callable has 4 parameters (x, ord, axis, keepdims)"),
            std::string::npos)
      << r.err;
}

// Trailing parameters left at their defaults are omitted; one without a default must be listed.
TEST(CliSignature, trailing_defaults_may_be_omitted_but_required_parameters_may_not) {
  Outcome prefix = run_opsynth({"signature", "numpy.linalg.norm", "--sig", "ndarray[float64,2] -> float64"});
  EXPECT_EQ(prefix.exit_code, 0) << prefix.err;
  EXPECT_NE(prefix.out.find("numpy.linalg.norm(x: ndarray[float64,2]) -> float64"), std::string::npos) << prefix.out;
  Outcome missing = run_opsynth({"signature", "math.atan2", "--sig", "float -> float"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("parameter 'x' has no default"), std::string::npos) << missing.err;
}

TEST(CliSignature, unknown_qualname_exits_2_naming_the_attribute_and_module) {
  Outcome r = run_opsynth({"signature", "numpy.linalg.nrm", "--sig", "-> float"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "opsynth: 'numpy.linalg.nrm': module 'numpy.linalg' has no attribute 'nrm'\n");
  Outcome module = run_opsynth({"signature", "nosuchmodule.f", "--sig", "-> float"});
  EXPECT_EQ(module.exit_code, 2);
  EXPECT_NE(module.err.find("unknown module 'nosuchmodule'"), std::string::npos) << module.err;
}

TEST(CliSignature, missing_sig_is_a_usage_error) {
  Outcome r = run_opsynth({"signature", "math.sqrt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("--sig"), std::string::npos) << r.err;
}

TEST(CliUsage, unknown_subcommand_exits_2_naming_it) {
  Outcome r = run_opsynth({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("unknown subcommand 'frobnicate'"), std::string::npos) << r.err;
}

TEST(CliUsage, unknown_flag_exits_2_naming_it) {
  for (auto args :
       {std::vector<std::string>{"--frob"},
        std::vector<std::string>{"signature", "math.sqrt", "--sig", "float -> float", "--frob"}}) {
    Outcome r = run_opsynth(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("--frob"), std::string::npos) << r.err;
  }
}

TEST(CliUsage, no_subcommand_is_a_usage_error) {
  Outcome r = run_opsynth({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
}

TEST(CliUsage, help_lists_subcommands) {
  Outcome r = run_opsynth({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Subcommands:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("signature"), std::string::npos) << r.out;
}

TEST(CliVersion, prints_opsynth_cpython_and_numpy_versions) {
  Outcome r = run_opsynth({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("opsynth 0.1.0\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("CPython 3."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nnumpy 1."), std::string::npos) << r.out;
  // The oracle's numpy on its baseline kernels, whatever the CPU (pybridge/numpy_reference.hpp).
  EXPECT_NE(r.out.find("(SIMD kernels: baseline)"), std::string::npos) << r.out;
}

TEST(CliVersion, a_users_own_numpy_cpu_setting_is_kept) {
  Outcome r = run_opsynth({"--version"}, {"NPY_DISABLE_CPU_FEATURES=AVX512F"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("(SIMD kernels: baseline)"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("Warning"), std::string::npos) << r.err;
}

TEST(CliVersion, embedded_python_ignores_a_stray_pythonhome_and_path) {
  // Another Python first on PATH, and a PYTHONHOME pointing nowhere, must not change the interpreter.
  Outcome r = run_opsynth({"--version"}, {"PYTHONHOME=/nonexistent", "PATH=/nonexistent/bin:/usr/bin:/bin"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nnumpy 1."), std::string::npos) << r.out;
}

// OPSYNTH_MAX_MEMORY caps the process's data segment: Python code run inside opsynth (here the
// example arguments, elsewhere the verifier's oracle) gets MemoryError past it instead of the machine's
// memory. 512 MB is harmless without the cap, so the test cannot pass by accident.
TEST(CliMemoryCap, python_run_inside_opsynth_raises_memory_error_past_opsynth_max_memory) {
  const auto dir = std::filesystem::temp_directory_path() / ("opsynth_memcap_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "f.py") << "def f(n):\n    return n + 1\n";
  std::ofstream(dir / "big.py") << "def make():\n    return (len(bytearray(512 << 20)),)\n";
  const std::vector<std::string> args = {"compile", (dir / "f.py").string() + "::f", "--example", "big:make()",
                                         "-o", (dir / "f.so").string(), "--quiet"};
  Outcome capped = run_opsynth(args, {"OPSYNTH_MAX_MEMORY=256M"});
  EXPECT_EQ(capped.exit_code, 2) << capped.err;
  EXPECT_NE(capped.err.find("MemoryError"), std::string::npos) << capped.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "f.so"));
  Outcome free = run_opsynth(args, {"OPSYNTH_MAX_MEMORY=none"});
  EXPECT_EQ(free.exit_code, 0) << free.err;
  std::filesystem::remove_all(dir);
}

TEST(CliMemoryCap, a_malformed_opsynth_max_memory_exits_2_naming_it) {
  Outcome r = run_opsynth({"--version"}, {"OPSYNTH_MAX_MEMORY=lots"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("OPSYNTH_MAX_MEMORY: 'lots' is not a size"), std::string::npos) << r.err;
}

TEST(CliCacheLimit, a_malformed_opsynth_cache_max_exits_2_naming_it) {
  Outcome r = run_opsynth({"--version"}, {"OPSYNTH_CACHE_MAX=-5G"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("OPSYNTH_CACHE_MAX: '-5G' is not a size"), std::string::npos) << r.err;
  EXPECT_EQ(run_opsynth({"--version"}, {"OPSYNTH_CACHE_MAX=none"}).exit_code, 0);
}

}  // namespace
}  // namespace opsynth

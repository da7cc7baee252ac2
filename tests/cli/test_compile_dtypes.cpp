// numpy dtypes as values through `opsynth compile`: np.float64 / np.int64 / float / 'f8' / x.dtype /
// np.dtype(...) where numpy takes a dtype (constructors' dtype=, astype), numpy scalar types called as
// conversions, and np.empty / np.empty_like (compiled zero-filled: numpy leaves their contents
// unspecified). Each compiled function is compared with CPython through the loader and proved with
// `verify --function`.
#include <gtest/gtest.h>

#include <filesystem>

#include "compile_helpers.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::expect_verified;
using testing::opsynth_in;
using testing::python;
using testing::same_as_python;
using testing::TempDir;

const char* kDtypes = R"PY(
import numpy as np
from numpy import float64


def fresh_like(x):
    a = np.empty_like(x)
    a[:] = x
    b = np.zeros((x.shape[0], 2), dtype=x.dtype)
    b[:, 1] = a
    return b


def truncated(x):
    y = x.astype(np.dtype('int64'))
    z = np.ones(x.shape[0], int)
    z[:] = y
    return z.astype(float)


def per_item(x):
    return x.sum() / float64(x.shape[0]) + np.float64(True)


def filled(n):
    out = np.empty((n, 3), dtype='f8')
    for i in range(n):
        out[i, 0] = i * 0.5
        out[i, 1] = -i
        out[i, 2] = out[i, 0] + out[i, 1]
    return out
)PY";

TEST(CliCompileDtypes, dtype_spellings_constructors_and_conversions_match_numpy) {
  TempDir dir;
  const fs::path source = dir.write("dtypes.py", kDtypes);
  const std::vector<std::pair<std::string, std::string>> functions = {
      {"fresh_like", "ndarray[float64,1]"}, {"truncated", "ndarray[float64,1]"}, {"per_item", "ndarray[float64,1]"},
      {"filled", "int"}};
  for (const auto& [fn, sig] : functions) {
    const fs::path so = dir.path / (fn + ".opsynth.so");
    const CliRun built = opsynth_in(dir, {"compile", source.string() + "::" + fn, "--sig", sig, "-o", so.string(), "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << fn << "\n" << built.out << built.err;
    expect_verified(dir, source, so, fn);
  }
  std::string output;
  EXPECT_EQ(python(dir.path, same_as_python("dtypes") + R"PY(
import numpy as np
edges = np.array([np.nan, np.inf, -np.inf, 1e20, -3e9, 2.0**63, -2.0**63, -0.0, -2.5, 2.5, 7.0])
for x in (edges, np.linspace(-3, 3, 1025)[::-3], np.zeros(0)):
    same('fresh_like', x)
    same('truncated', x)
    same('per_item', x)
assert same('fresh_like', np.arange(5.0)).dtype == np.float64
for n in (0, 1, 7):
    same('filled', n)
print('ok')
)PY",
                   output),
            0)
      << output;
}

// A dtype the type language lacks is a compile error at the spelling, not a wrong array.
TEST(CliCompileDtypes, an_unsupported_dtype_names_itself) {
  TempDir dir;
  const fs::path source = dir.write("f16.py", "import numpy as np\n\ndef f(n):\n    return np.zeros(n, dtype='float16')\n");
  const CliRun run = opsynth_in(dir, {"compile", source.string() + "::f", "--sig", "int", "-o", (dir.path / "f.so").string()});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("f16.py:4:30: 'float16' is not a dtype opsynth supports"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("uint8, int8, int16, uint16, uint32, uint64, complex64"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir.path / "f.so"));
}

}  // namespace
}  // namespace opsynth

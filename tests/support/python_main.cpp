// gtest main for tests that compare against CPython: one embedded interpreter for the whole binary.
#include <gtest/gtest.h>
#include <pybind11/embed.h>

#include "pybridge/numpy_reference.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  opsynth::pybridge::use_numpy_baseline_kernels();  // the oracle's numpy, as the CLI runs it
  pybind11::scoped_interpreter python;
  opsynth::pybridge::import_numpy_quietly();
  return RUN_ALL_TESTS();
}

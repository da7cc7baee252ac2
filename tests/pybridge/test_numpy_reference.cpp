// Tests that the embedded numpy is the same reference on every CPU: baseline kernels, libm's results.
#include <gtest/gtest.h>
#include <pybind11/embed.h>
#include <pybind11/numpy.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

#include "pybridge/numpy_reference.hpp"

namespace opsynth::pybridge {
namespace {

namespace py = pybind11;

TEST(NumpyReference, numpy_dispatches_to_no_simd_extension) {
  // On an AVX2 or AVX-512 machine numpy would name AVX2 or AVX512_SKX here without the setting.
  EXPECT_EQ(numpy_dispatch_in_use(), "baseline");
}

// Each of these runs on a numpy polynomial or on SVML on some x86 CPU (tanh already on AVX2, power and
// exp on AVX-512), a few ulps from libm; on the baseline kernels they are libm's, bit for bit.
TEST(NumpyReference, transcendental_ufuncs_give_libms_bits) {
  py::module_ np = py::module_::import("numpy");
  py::array_t<double> x = np.attr("random").attr("default_rng")(7).attr("uniform")(0.001, 40.0, 20000);
  struct Case {
    const char* ufunc;
    double (*libm)(double);
  };
  for (Case c : {Case{"tanh", [](double v) { return std::tanh(v); }}, Case{"exp", [](double v) { return std::exp(v); }},
                 Case{"log", [](double v) { return std::log(v); }}, Case{"sin", [](double v) { return std::sin(v); }},
                 Case{"power", [](double v) { return std::pow(v, -1.5); }}}) {
    py::array_t<double> y = std::string(c.ufunc) == "power" ? np.attr("power")(x, -1.5) : np.attr(c.ufunc)(x);
    auto in = x.unchecked<1>();
    auto out = y.unchecked<1>();
    int differing = 0;
    for (py::ssize_t i = 0; i < in.shape(0); ++i)
      differing += std::bit_cast<std::uint64_t>(out(i)) != std::bit_cast<std::uint64_t>(c.libm(in(i)));
    EXPECT_EQ(differing, 0) << "numpy." << c.ufunc << " differs from libm on " << differing << " of 20000 values";
  }
}

}  // namespace
}  // namespace opsynth::pybridge

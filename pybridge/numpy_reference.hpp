// numpy as the reference: the same results on every x86-64 machine.
//
// numpy picks its ufunc kernels at import from the CPU it finds, and they do not all agree: on AVX2
// machines float64 tanh and the float32 sin, cos, exp, log and tanh run on numpy's own polynomials, on
// AVX-512 machines float64 power, exp, log and the trigonometric and hyperbolic functions run on SVML,
// each a few ulps from the C library's libm that numpy's portable kernels call. A verdict must not
// depend on the machine it ran on (an operator accepted on one machine and rejected on the next, a
// compiled n-body kernel exact here and 2e-9 off there), so the embedded interpreter runs numpy on its
// baseline kernels: numpy's own NPY_DISABLE_CPU_FEATURES, set before numpy is imported, lists every
// dispatched x86 feature. Integer and IEEE arithmetic, sums and comparisons give the same bits on any
// kernel; the functions above then give libm's. A user who sets the variable keeps their setting.
#pragma once

#include <string>

namespace opsynth::pybridge {

// Before CPython starts: on x86, unless NPY_DISABLE_CPU_FEATURES is already set, sets it to every
// feature numpy may dispatch to.
void use_numpy_baseline_kernels();

// With the interpreter running (GIL held): imports numpy, if it is there, without the warning numpy
// prints for a listed feature the CPU or this numpy build lacks.
void import_numpy_quietly();

// The highest SIMD extension numpy dispatches to in this process ("baseline", "AVX2"), or "" when numpy
// does not import. Read from numpy itself, so it says what the oracle really ran on.
std::string numpy_dispatch_in_use();

}  // namespace opsynth::pybridge

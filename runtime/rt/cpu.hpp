// rt::cpu: which vector instructions the running CPU has, for kernels that pick an AVX-512 or AVX2 loop
// at run time (rt/fast_exp.hpp, rt/minmax.hpp) while the library itself is built for baseline x86-64.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#define OPSYNTH_RT_CPU_X86 1

namespace rt::cpu {

// Each asked once per process. __builtin_cpu_init first: a library's code may run before libgcc's own
// constructor has filled the answers in.
inline bool has_avx512f() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return yes;
}

inline bool has_avx2() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return yes;
}

}  // namespace rt::cpu

#endif

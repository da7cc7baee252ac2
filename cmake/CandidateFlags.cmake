# The one set of flags used to compile candidates (verifier) and generated code (codegen).
# Both must agree so that what the verifier accepted is what ships.
set(OPSYNTH_CANDIDATE_CXX "${CMAKE_CXX_COMPILER}" CACHE STRING "compiler for candidates and generated code")
set(OPSYNTH_CANDIDATE_FLAGS "-std=c++20 -O2 -fno-fast-math -ffp-contract=off -fno-strict-aliasing -fPIC"
    CACHE STRING "flags for candidates and generated code")

# libm's functions stay calls into libm, as CPython and numpy make them. Otherwise GCC folds pow(x, 2.0)
# into x * x and pow(x, -1.0) into 1 / x once inlining makes a Python literal exponent a constant, and
# evaluates exp(0.1) with MPFR at compile time: glibc's pow(x, 2.0) differs from x * x on 0.6% of
# doubles (-94988715.0 ** 2 is ...226 in CPython, ...224 as x * x), so a compiled `sigma ** 2` was an
# ulp from CPython's in one build and equal in the next, as inlining went. Not a cache entry: every
# build dir gets it, also one configured before it existed. (std::pow(float) and friends call
# __builtin_powf directly, which no flag reaches; numpy's float32 power goes through them rarely.)
set(OPSYNTH_LIBM_FLAGS
    "-fno-builtin-pow -fno-builtin-exp -fno-builtin-exp2 -fno-builtin-expm1 -fno-builtin-log -fno-builtin-log2 \
-fno-builtin-log10 -fno-builtin-log1p -fno-builtin-sin -fno-builtin-cos -fno-builtin-tan -fno-builtin-asin \
-fno-builtin-acos -fno-builtin-atan -fno-builtin-atan2 -fno-builtin-sinh -fno-builtin-cosh -fno-builtin-tanh \
-fno-builtin-asinh -fno-builtin-acosh -fno-builtin-atanh -fno-builtin-cbrt -fno-builtin-hypot -fno-builtin-erf \
-fno-builtin-erfc -fno-builtin-tgamma -fno-builtin-lgamma")
# GCC's -O2 vectorises only loops whose trip count it knows; "dynamic" (-O3's cost model) also
# vectorises loops over a run of unknown length, with a scalar epilogue: rt's elementwise loops then
# run two doubles an instruction (a / s over 10^6 doubles: 1.39 -> 0.70 ms). Results do not change:
# no reassociation (fast-math stays off), so sums keep their order, and no FMA contraction.
# -fversion-loops-for-strides (an -O3 pass) adds a unit-stride copy of a loop whose array stride is only
# known at run time: a compiled `for i in range(1, n - 1): out[i] = 0.25 * x[i - 1] + ...` reads its
# arrays through their strides, and only that copy vectorises (stencil_3pt 0.095 -> 0.060 ms). It
# chooses between two copies of the same operations, so results do not change either.
set(OPSYNTH_VECTORIZE_FLAGS "-fvect-cost-model=dynamic -fversion-loops-for-strides")
# rt's per-thread caches (buffer_pool's small blocks) live in thread_local storage of a dlopen'ed library:
# the default dialect reaches it through a __tls_get_addr call per access (6-7% of a str-heavy call's
# time); TLS descriptors resolve to a load once glibc has placed the module's TLS. Code generation only.
set(OPSYNTH_TLS_FLAGS "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(OPSYNTH_TLS_FLAGS "-mtls-dialect=gnu2")
endif()
set(OPSYNTH_TOOLCHAIN_FLAGS "${OPSYNTH_CANDIDATE_FLAGS} ${OPSYNTH_VECTORIZE_FLAGS} ${OPSYNTH_LIBM_FLAGS} ${OPSYNTH_TLS_FLAGS}")

# The one set of flags used to compile candidates (verifier) and generated code (codegen).
# Both must agree so that what the verifier accepted is what ships.
set(OPSYNTH_CANDIDATE_CXX "${CMAKE_CXX_COMPILER}" CACHE STRING "compiler for candidates and generated code")
set(OPSYNTH_CANDIDATE_FLAGS "-std=c++20 -O2 -fno-fast-math -ffp-contract=off -fno-strict-aliasing -fPIC"
    CACHE STRING "flags for candidates and generated code")

// verify_candidate: the whole verifier pipeline for one candidate of one overload (DESIGN §4).
// Cheap stages first: static checks, compile, stored cases, edge cases, repair cases, acceptance
// cases, then the sanitizer build on a subset. The oracle is passed in, so this library never
// links libpython; the CLI wires it to embedded CPython.
#pragma once

#include <string>
#include <vector>

#include "verify/domain.hpp"
#include "verify/phases.hpp"
#include "verify/report.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::verify {

struct VerifyRequest {
  std::string qualname;
  Signature signature;
  std::vector<std::string> param_names;  // from inspect.signature; a0.. when unknown
  std::string candidate_source;
  Tolerance tolerance;
  std::string tolerance_reason;  // who or what chose it (a person, op.json, the rule), for the report
  Domain domain;
  PhasePlan plan;                        // counts, seeds, stored cases, batch size
  std::size_t sanitizer_cases = 256;     // repair-seeded cases replayed under ASan+UBSan (0 = skip)
  std::chrono::milliseconds case_timeout{10000};  // per batch exchange with the worker
  std::size_t jobs = 1;                  // worker processes sharing each batch
  // `verify --function`: the candidate is opsynth's own adapter calling a compiled library, which the
  // worker links (so it is mapped before the sandbox closes); the adapter skips the static check that
  // judges untrusted candidates (it declares the library's extern "C" entry).
  std::vector<std::string> link_inputs;
  bool adapter = false;
};

struct Environment {
  std::string python_version;
  std::string numpy_version;
  std::string numpy_dispatch;  // the SIMD extension numpy's kernels ran on (pybridge/numpy_reference.hpp)
};

VerifyReport verify_candidate(const VerifyRequest& request, const OracleRunner& oracle, const Environment& env,
                              const Progress& progress = {});

// Compiles the request's release (and, with sanitizer_cases > 0, sanitizer) worker into the compile
// cache without running anything, so a batch of verifications can compile in parallel threads and
// then run one by one on cache hits. Compile failures are left for verify_candidate to report.
void prebuild_workers(const VerifyRequest& request);

// A seed from the operating system, for acceptance runs (never shown to anyone before the verdict).
std::uint64_t fresh_seed();

// 0.3.0: results compared by the memory they share (sharing.hpp); aliased arrays drawn as .T and [::-1] views.
// 0.3.1: the oracle's numpy runs on its baseline kernels (libm for every transcendental function), so a
// verdict is the same on every x86-64 CPU (pybridge/numpy_reference.hpp).
// 0.3.2: edge arrays of zeros of both signs, so a kernel that keeps another of two tied zeros than numpy's
// fails on them (generators.cpp signed_zero_arrays).
inline constexpr const char* kVerifierVersion = "0.3.2";

}  // namespace opsynth::verify

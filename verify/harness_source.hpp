// Generates the C++ main of a candidate's worker: the typed call of one overload inside the frame loop.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/types.hpp"

namespace opsynth::verify {

struct HarnessOptions {
  bool canary_allocator = true;  // off in the sanitizer build (ASan owns the allocator there)
};

// `candidate_include` is the path the generated file uses to #include the candidate.
// The call is by expression (`oplib::math::sqrt(a0)`), so a candidate may implement the overload as
// a template; a static_assert demands the declared result type exactly.
Result<std::string> harness_source(std::string_view qualname, const Signature& sig,
                                   std::string_view candidate_include, const HarnessOptions& options = {});

}  // namespace opsynth::verify

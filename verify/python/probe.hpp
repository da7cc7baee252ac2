// The return-type probe (DESIGN §2): the result type of a new overload comes from running the real callable.
//
// The callable runs on edge cases and then seeded random cases of the argument types; the type of every
// returned value is inferred (int, float, float64, ndarray[float64,2], list[T] with T unified over the
// elements, ...) and unified over all cases. An overload whose result type depends on the values is refused
// as not statically typable, naming two witnesses; so is one whose every case raised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"
#include "core/value.hpp"
#include "verify/domain.hpp"
#include "verify/python/oracle.hpp"

namespace opsynth::verify {

struct ProbeOptions {
  std::size_t cases = 200;  // edge cases take at most half, seeded random cases the rest
  std::uint64_t seed = 0x70726f6265;
  Domain domain;
};

// What the probe saw, for reports and refusals.
struct ProbeEvidence {
  std::size_t cases = 0;
  std::size_t returned = 0;
  std::size_t raised = 0;
  std::vector<std::pair<std::string, std::size_t>> exceptions;  // class -> count, in order first seen
  std::vector<std::string> witnesses;  // "float for (x=4.0)": the first case of each result type seen
  std::string first_exception;         // "ValueError: math domain error for (x=-1.0)"
};

struct ProbeResult {
  Result<Type> type = Error{"not probed", "", 0};
  ProbeEvidence evidence;
};

// The inferred type of one value; nullopt for a list or dict whose element types are unknown (empty)
// or mixed. (Exposed for tests and for checking stored results.)
std::optional<Type> type_of_value(const Value& value);

// Probes the oracle's callable over its signature's parameter types.
ProbeResult probe_result_type(const Oracle& oracle, const ProbeOptions& options = {});

}  // namespace opsynth::verify

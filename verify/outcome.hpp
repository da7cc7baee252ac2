// What one call produced: a value or a raised exception, plus the arguments as they were after.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.hpp"
#include "verify/sharing.hpp"

namespace opsynth::verify {

struct Raised {
  std::string exception;  // qualified Python class name: "ZeroDivisionError", "numpy.linalg.LinAlgError"
  std::string message;
  bool operator==(const Raised&) const = default;
};

// The oracle's marker for a CPython result too large to bring into this process (a list of 10^7 items,
// an array of gigabytes). The size sweep skips such a case and reports it; elsewhere it is a tool error
// (an int argument used as a size needs a domain).
inline constexpr std::string_view kResultTooLarge = "<result too large>";
// The oracle's marker for a call stopped after the batch's time budget (the size sweep gives CPython a
// budget per batch: a Python function quadratic in its input's length must not run for an hour).
inline constexpr std::string_view kOracleTimeout = "<oracle timeout>";

struct Outcome {
  std::optional<Value> result;  // set when the call returned
  std::optional<Raised> raised;  // set when it raised
  // Arguments after the call, one per argument, set only for mutable types (list, dict, ndarray):
  // Python semantics demand a candidate mutates exactly what CPython mutates.
  std::vector<std::optional<Value>> args_after;
  // Where the result's arrays, lists and dicts live (sharing.hpp): empty when all of it is new memory
  // with nothing in it twice. Set only when the call returned.
  std::vector<SharedRun> sharing;
  // The oracle's measure of the memory CPython's call needed at its peak (size sweep only; 0 elsewhere).
  // It tells a case too big for the worker from a candidate that runs out of memory: never encoded,
  // never compared.
  std::size_t peak_bytes = 0;

  bool returned() const { return result.has_value(); }
  bool operator==(const Outcome& o) const {
    return result == o.result && raised == o.raised && args_after == o.args_after && sharing == o.sharing;
  }
};

}  // namespace opsynth::verify

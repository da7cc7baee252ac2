// What one call produced: a value or a raised exception, plus the arguments as they were after.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/value.hpp"

namespace opsynth::verify {

struct Raised {
  std::string exception;  // qualified Python class name: "ZeroDivisionError", "numpy.linalg.LinAlgError"
  std::string message;
  bool operator==(const Raised&) const = default;
};

struct Outcome {
  std::optional<Value> result;  // set when the call returned
  std::optional<Raised> raised;  // set when it raised
  // Arguments after the call, one per argument, set only for mutable types (list, dict, ndarray):
  // Python semantics demand a candidate mutates exactly what CPython mutates.
  std::vector<std::optional<Value>> args_after;

  bool returned() const { return result.has_value(); }
  bool operator==(const Outcome&) const = default;
};

}  // namespace opsynth::verify

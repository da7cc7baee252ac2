// Domain hints for input generation, declared per operator in op.json by a person (never the LLM).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace opsynth::verify {

struct Domain {
  // Bounds for generated ints and floats (inclusive); unset = the whole range plus edge values.
  std::optional<std::int64_t> int_min, int_max;
  std::optional<double> float_min, float_max;
  bool allow_nan = true;  // generate NaN / inf at all
  bool allow_inf = true;
  // Narrowed sizes (verify/README.md "Sizes"). Unset, generation reaches every size band up to the
  // budget; set, lengths never exceed them, and `size_reason` must say why (an op whose CPython cost
  // grows fast with size). `ops show` and every report print the narrowing with its reason.
  std::optional<std::int64_t> max_array_elements;
  std::optional<std::int64_t> max_axis_length;
  std::optional<std::int64_t> max_container_length;
  std::optional<std::int64_t> max_text_length;
  std::string size_reason;
  // Code points that half of the generated strings are drawn from (UTF-8), so that ops whose
  // arguments must meet (str.split's separator in the text, str.replace's old) meet often.
  std::string alphabet;

  bool operator==(const Domain&) const = default;
  bool narrows_sizes() const {
    return max_array_elements || max_axis_length || max_container_length || max_text_length;
  }
};

// "max_text_length=10, max_container_length=6 (why: ...)", or "" when sizes are not narrowed.
std::string size_narrowing(const Domain& domain);

// The op.json "domain" object: every field optional; unknown fields, wrong types, empty ranges and a
// size narrowing without its size_reason are errors naming the field (for example "domain.int_min:
// expected an integer").
Result<Domain> parse_domain(const nlohmann::json& json);
// Only the fields that differ from the defaults, so op.json stays short.
nlohmann::json domain_to_json(const Domain& domain);

}  // namespace opsynth::verify

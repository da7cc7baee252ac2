// Cases as JSON, for oplib's cases/ folder: counterexamples stored once and replayed first forever.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/types.hpp"
#include "verify/case.hpp"

namespace opsynth::verify {

// {"args": [tagged values], "layouts": [null | {"steps": [...], "transposed": b}], "aliases": [null | i],
//  "alias_views": [null | "" | ".T" | "[::-1]"]} (alias_views optional: "" = the same object)
nlohmann::json case_to_json(const Case& c);
// Refuses anything that is not a case of `sig`: wrong arity, a value that does not conform to its
// parameter type, a layout on a non-array or of the wrong rank, an alias that is not to an earlier
// argument of the same type. Errors name the field.
Result<Case> case_from_json(const nlohmann::json& json, const Signature& sig);

}  // namespace opsynth::verify

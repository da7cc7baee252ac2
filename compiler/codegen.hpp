// Code generation (DESIGN §6): C++20 from the IR. Each operator header is included exactly as it was
// verified, wrapped in a namespace of its own so two versions or overloads can never collide and a
// call resolves to exactly the chosen version; its #include lines are hoisted to the top (candidates
// may only include allowlisted headers, all with include guards). One C ABI entry per exported
// function (runtime/rt/abi.hpp), and the manifest that describes them.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/ir.hpp"
#include "core/error.hpp"

namespace opsynth::compiler {

struct GeneratedCode {
  std::string cpp;
  nlohmann::json manifest;  // without the build fields (compiler, flags), which the builder adds
};

// `headers` maps each available OpUse's header path to its text.
Result<GeneratedCode> generate(const Module& module, const std::map<std::string, std::string>& headers);

}  // namespace opsynth::compiler

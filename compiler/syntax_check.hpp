// The constructs the compiler does not support, found by one walk of the syntax tree before any typing
// (DESIGN §6: unsupported syntax fails before anything else), each with the name its message uses.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

struct UnsupportedSyntax {
  SourceLoc loc;
  std::string message;  // "try/except is not supported"
};

// The statement or expression kind's name when it is not supported ("Try" -> "try/except"), else nullopt.
std::optional<std::string> unsupported_construct(const std::string& ast_kind);

// The message for an unsupported construct: its name, and what to write instead where there is a way
// ("with is not supported: open the file in the caller and pass what it holds").
std::string unsupported_message(const std::string& ast_kind);

// Python's built-in exception classes a compiled `raise` may name (the runtime has each, rt/exceptions.hpp).
bool is_raisable(const std::string& name);
std::string raisable_list();  // "ValueError, TypeError, ..." for messages

// The first unsupported construct in a function's body, in source order.
std::optional<UnsupportedSyntax> first_unsupported(const nlohmann::json& def);

}  // namespace opsynth::compiler

// What a subcommand is to main.cpp: a function that adds it to the app and returns how to run it.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "exit_codes.hpp"
#include "python_session.hpp"

namespace opsynth::cli {

// Shared by all subcommands for one run of the executable.
struct CommandContext {
  PythonSession python;  // started on first use only
};

// Runs the subcommand once CLI11 has parsed its options into the state the add_* function captured.
using RunCommand = std::function<ExitCode(CommandContext&)>;
// Adds one subcommand (options, help) to `app`.
using AddCommand = RunCommand (*)(CLI::App& app);

// The CLI edge: one line on stderr ("opsynth: <what>"), then the exit code.
ExitCode fail(ExitCode code, const std::string& message);
inline ExitCode fail(ExitCode code, const Error& error) { return fail(code, error.describe()); }

// One per subcommand file.
RunCommand add_signature_command(CLI::App& app);
RunCommand add_verify_command(CLI::App& app);
RunCommand add_add_command(CLI::App& app);
RunCommand add_ops_command(CLI::App& app);
RunCommand add_reverify_command(CLI::App& app);
RunCommand add_fill_command(CLI::App& app);
RunCommand add_compile_command(CLI::App& app);
RunCommand add_grow_command(CLI::App& app);

}  // namespace opsynth::cli

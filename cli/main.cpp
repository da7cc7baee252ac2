// opsynth executable: the subcommand table, parsing, and the one place that turns failures into exit codes.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "memory_cap.hpp"
#include "verify/compile_cache.hpp"

namespace opsynth::cli {
namespace {

// Every subcommand, one line each; order is the order of `opsynth --help`.
constexpr AddCommand kCommands[] = {
    add_signature_command,
    add_verify_command,
    add_add_command,
    add_ops_command,
    add_reverify_command,
    add_fill_command,
    add_compile_command,
    add_grow_command,
};

std::string version_text(CommandContext& context) {
  std::string text = "opsynth " OPSYNTH_VERSION;
  auto v = context.python.versions();
  if (!v) return text + "\nCPython: " + v.error().describe();
  text += "\nCPython " + v->python + " (" + v->executable + ")";
  text += v->numpy.empty() ? "\nnumpy: not importable (" + v->numpy_error + ")"
                           : "\nnumpy " + v->numpy + " (SIMD kernels: " + v->numpy_dispatch + ")";
  return text;
}

// CLI11 would report an unknown subcommand as a stray positional; name it for what it is.
std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  std::string name = argv[1];
  std::string known;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->check_name(name)) return std::nullopt;
    known += (known.empty() ? "" : ", ") + sub->get_name();
  }
  return "unknown subcommand '" + name + "' (known: " + known + ")";
}

ExitCode run(int argc, char** argv) {
  if (auto capped = cap_process_memory(); !capped) return fail(ExitCode::kBadInput, capped.error().message);
  if (auto limit = compile_cache_limit(); !limit) return fail(ExitCode::kBadInput, limit.error().message);
  CommandContext context;
  CLI::App app{"opsynth: compile typed Python functions into C++ from a verified operator library",
               "opsynth"};
  app.set_version_flag("--version", [&context] { return version_text(context); });
  // Not require_subcommand(): CLI11 would then report "--frob" as a missing subcommand, not as itself.
  std::vector<std::pair<CLI::App*, RunCommand>> commands;
  for (AddCommand add : kCommands) {
    RunCommand run = add(app);
    commands.emplace_back(app.get_subcommands({}).back(), std::move(run));
  }
  if (auto unknown = unknown_subcommand(app, argc, argv)) return fail(ExitCode::kBadInput, *unknown);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return static_cast<ExitCode>(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return static_cast<ExitCode>(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return static_cast<ExitCode>(app.exit(e));
  } catch (const CLI::ParseError& e) {
    return fail(ExitCode::kBadInput, std::string(e.what()) + " (see 'opsynth --help')");
  }
  for (auto& [sub, command] : commands) {
    if (sub->parsed()) return command(context);
  }
  return fail(ExitCode::kBadInput, "expected a subcommand (see 'opsynth --help')");
}

}  // namespace

ExitCode fail(ExitCode code, const std::string& message) {
  std::cerr << "opsynth: " << message << '\n';
  return code;
}

}  // namespace opsynth::cli

int main(int argc, char** argv) {
  using opsynth::cli::ExitCode;
  try {
    return opsynth::cli::to_int(opsynth::cli::run(argc, argv));
  } catch (const std::exception& e) {
    return opsynth::cli::to_int(
        opsynth::cli::fail(ExitCode::kInternal, std::string("internal error: ") + e.what()));
  }
}

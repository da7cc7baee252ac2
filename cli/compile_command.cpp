// `opsynth compile FILE.py[::FN] [-o OUT.so]`: typed Python functions to a self-contained shared library
// built from the operator library (DESIGN §6). Writes OUT.so and OUT.manifest.json, both atomically:
// a failed compile leaves nothing at -o. Operators the library lacks are listed (every one of them,
// with the `opsynth fill` command that would add it) and the exit status is 1.
#include <unistd.h>

#include <cctype>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "command.hpp"
#include "compiler/codegen.hpp"
#include "compiler/frontend.hpp"
#include "compiler/lower.hpp"
#include "example_arguments.hpp"
#include "fill.hpp"
#include "fill_overloads.hpp"
#include "library_resolver.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verification.hpp"
#include "verify/compile.hpp"

namespace opsynth::cli {
namespace {

namespace fs = std::filesystem;

struct CompileOptions {
  std::string target;  // FILE.py or FILE.py::FN
  std::string output;
  std::string emit_cpp;
  std::vector<std::string> sigs;      // --sig [NAME=]SIG: a signature, completing annotations such as NDArray[np.float64]
  std::vector<std::string> examples;  // --example [NAME=]MODULE:EXPR: parameter types from example arguments
  bool emit_ir = false;
  bool quiet = false;
  bool synthesize = false;
  FillOptions llm;  // --synthesize: the endpoint, model, budgets
  LibraryOptions library;
};

// A word the shell passes through unchanged, for commands printed to be pasted:
// Literal['stable'] inside '...' needs its quotes escaped.
std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `fill` for every missing overload, grouped by operator. Exit 0 when all were accepted.
ExitCode synthesize_missing(const std::vector<compiler::OpUse>& missing, const CompileOptions& options,
                            CommandContext& context) {
  std::map<std::string, std::vector<std::string>> by_op;
  for (const auto& m : missing) by_op[m.qualname].push_back(to_string(m.signature));
  if (!options.quiet)
    std::cerr << "synthesizing " << missing.size() << " missing operator overload" << (missing.size() == 1 ? "" : "s")
              << " ...\n";
  ExitCode worst = ExitCode::kDone;
  for (const auto& [qualname, sigs] : by_op) {
    FillOptions fill = options.llm;
    fill.qualname = qualname;
    fill.sigs = sigs;
    fill.library = options.library;
    fill.library.lock.clear();
    fill.quiet = options.quiet;
    const ExitCode code = run_fill(fill, context);
    if (code == ExitCode::kLlmEndpoint || code == ExitCode::kBadInput || code == ExitCode::kInternal) return code;
    if (code != ExitCode::kDone) worst = code;
  }
  return worst;
}

// "NAME=TEXT" names the function a --sig or --example is for; plain TEXT is FILE.py::FN's.
std::pair<std::string, std::string> split_named(const std::string& value) {
  std::size_t k = 0;
  while (k < value.size() && (std::isalnum(static_cast<unsigned char>(value[k])) || value[k] == '_')) ++k;
  if (k == 0 || k >= value.size() || value[k] != '=' || std::isdigit(static_cast<unsigned char>(value[0])))
    return {"", value};
  return {value.substr(0, k), value.substr(k + 1)};
}

// Every --sig and --example, by the function it types; the error names the flag and what is wrong.
Result<std::map<std::string, compiler::GivenSignature>> given_signatures(const CompileOptions& options,
                                                                         const std::string& file,
                                                                         const std::vector<std::string>& only) {
  std::map<std::string, compiler::GivenSignature> out;
  auto add = [&](const char* flag, const std::string& value) -> std::optional<Error> {
    auto [name, text] = split_named(value);
    if (name.empty()) {
      if (only.empty())
        return Error{std::string(flag) + " '" + value + "' does not say which function it is for: write " + flag +
                         " NAME=..., or compile FILE.py::FN",
                     value};
      name = only[0];
    }
    compiler::GivenSignature given;
    given.origin = flag;
    if (std::string(flag) == "--sig") {
      // `-> RESULT` may be left out: the compiler infers it (and checks it when given).
      const bool has_result = text.find("->") != std::string::npos;
      auto sig = parse_signature(has_result ? text : text + " -> None");
      if (!sig) return Error{"--sig " + value + ": " + sig.error().describe(), value};
      given.params = sig->params;
      if (has_result) given.result = sig->result;
    } else {
      auto types = example_argument_types(text, file);
      if (!types) return types.error();
      given.params = *types;
    }
    if (out.count(name))
      return Error{std::string(flag) + " types '" + name + "' a second time (one --sig or --example a function)", value};
    out[name] = std::move(given);
    return std::nullopt;
  };
  for (const auto& s : options.sigs)
    if (auto e = add("--sig", s)) return *e;
  for (const auto& e : options.examples)
    if (auto error = add("--example", e)) return *error;
  return out;
}

std::string read_or_empty(const fs::path& p) {
  auto text = oplib::read_file(p);
  return text ? *text : "";
}

ExitCode run_compile(const CompileOptions& options, CommandContext& context) {
  // FILE.py[::FN]
  std::string file = options.target;
  std::vector<std::string> only;
  if (auto cut = file.find("::"); cut != std::string::npos) {
    only.push_back(file.substr(cut + 2));
    file = file.substr(0, cut);
    if (only.back().empty()) return fail(ExitCode::kBadInput, options.target + ": no function name after '::'");
  }
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return fail(ExitCode::kBadInput, file + ": no such file");
  // FILE.opsynth.so by default: a FILE.so beside FILE.py would be what `import FILE` loads there.
  const fs::path output =
      options.output.empty() ? fs::path(fs::path(file).stem().string() + ".opsynth.so") : fs::path(options.output);
  const fs::path out_dir = fs::absolute(output).parent_path();
  if (!fs::is_directory(out_dir, ec)) return fail(ExitCode::kBadInput, "-o: no such folder '" + out_dir.string() + "'");
  if (::access(out_dir.c_str(), W_OK) != 0) return fail(ExitCode::kBadInput, "-o: folder '" + out_dir.string() + "' is not writable");
  if (output.extension() != ".so") return fail(ExitCode::kBadInput, "-o: '" + output.string() + "' must end in .so");
  if (fs::exists(fs::absolute(output).parent_path() / (output.stem().string() + ".py"), ec))
    std::cerr << "opsynth: warning: " << output.string() << " sits beside " << output.stem().string()
              << ".py: `import " << output.stem().string()
              << "` in that folder now loads the library, not the Python module (Python prefers .so); the default name, "
              << output.stem().string() << ".opsynth.so, avoids this\n";
  auto library = open_library(options.library);
  if (!library) return fail(ExitCode::kBadInput, library.error().message);
  if (auto started = context.python.start(); !started) return fail(ExitCode::kInternal, started.error());

  auto given = given_signatures(options, file, only);
  if (!given) return fail(ExitCode::kBadInput, given.error().message);
  const compiler::LowerOptions lower_options{file, only, std::move(*given)};
  auto ast = compiler::parse_python_file(file);
  if (!ast) return fail(ExitCode::kBadInput, ast.error().message);
  const bool quiet_progress = options.quiet || !::isatty(STDERR_FILENO);
  auto resolver = std::make_unique<LibraryResolver>(*library, context, quiet_progress);
  // Typing first, fully (syntax and type errors in well under a second); verifying generic versions
  // at new signatures only after.
  auto lower = [&]() { return lower_against_library(*ast, lower_options, *resolver); };
  auto lowered = lower();
  if (!lowered) return fail(ExitCode::kBadInput, lowered.error().message);
  if (!options.quiet)
    for (const auto& note : lowered->notes) std::cerr << "opsynth: note: " << note << "\n";
  if (!lowered->missing.empty() && options.synthesize) {
    // The compiler's fallback: synthesis fills what is missing, then compilation resumes on the
    // library as it is now. Only accepted (verified) operators can end up in the library.
    if (auto code = synthesize_missing(lowered->missing, options, context); code != ExitCode::kDone) return code;
    resolver = std::make_unique<LibraryResolver>(*library, context, quiet_progress);
    lowered = lower();
    if (!lowered) return fail(ExitCode::kBadInput, lowered.error().message);
  }
  if (options.emit_ir) std::cout << compiler::print(lowered->module);
  if (!lowered->missing.empty()) {
    std::cerr << "opsynth: " << file << " needs " << lowered->missing.size() << " operator overload"
              << (lowered->missing.size() == 1 ? "" : "s") << " the library does not have:\n";
    for (const auto& m : lowered->missing)
      std::cerr << "  " << m.qualname << "(" << to_string(m.signature) << ")    opsynth fill " << m.qualname << " --sig "
                << shell_quoted(to_string(m.signature)) << "\n";
    return ExitCode::kRejected;
  }

  std::map<std::string, std::string> headers;
  for (const auto& f : lowered->module.functions)
    for (const auto& use : f.ops) headers.emplace(use.header, read_or_empty(use.header));
  auto code = compiler::generate(lowered->module, headers);
  if (!code) return fail(ExitCode::kInternal, code.error().message);
  const std::string stem = output.stem().string();
  if (!options.emit_cpp.empty()) {
    fs::create_directories(options.emit_cpp, ec);
    if (auto w = oplib::write_file_atomically(fs::path(options.emit_cpp) / (stem + ".cpp"), code->cpp); !w)
      return fail(ExitCode::kBadInput, "--emit-cpp: " + w.error().message);
  }

  const Toolchain toolchain = default_toolchain();
  WorkerBuild build;
  build.sources = {{"module.cpp", code->cpp}};
  build.shared_library = true;
  auto built = build_worker(build, toolchain);
  if (!built) return fail(ExitCode::kInternal, "building " + output.string() + ": " + built.error().message);
  if (!built->ok)
    return fail(ExitCode::kInternal, "the generated C++ did not compile (a compiler bug; --emit-cpp DIR keeps it):\n" +
                                         built->diagnostics);

  nlohmann::json manifest = code->manifest;
  std::string flags;
  for (const auto& flag : toolchain.flags) flags += (flags.empty() ? "" : " ") + flag;
  manifest["library"] = output.filename().string();
  manifest["compiler"] = {{"cxx", toolchain.compiler}, {"flags", flags + " -shared -fvisibility=hidden"}};
  if (auto versions = context.python.versions()) manifest["python"] = {{"version", versions->python}, {"numpy", versions->numpy}};
  // Both files appear whole or not at all: temp + fsync + rename, the manifest last.
  if (auto w = oplib::write_file_atomically(output, read_or_empty(built->executable)); !w)
    return fail(ExitCode::kBadInput, "-o: " + w.error().message);
  fs::permissions(output, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, ec);
  const fs::path manifest_path = output.parent_path() / (stem + ".manifest.json");
  if (auto w = oplib::write_file_atomically(manifest_path, manifest.dump(2) + "\n"); !w)
    return fail(ExitCode::kBadInput, "-o: " + w.error().message);
  if (!options.quiet) {
    std::cout << "compiled " << lowered->module.functions.size() << " function"
              << (lowered->module.functions.size() == 1 ? "" : "s") << " to " << output.string() << " ("
              << code->manifest["operators"].size() << " operators)\n";
  }
  return ExitCode::kDone;
}

}  // namespace

RunCommand add_compile_command(CLI::App& app) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App* sub = app.add_subcommand("compile", "Compile typed Python functions into a shared library built from oplib");
  sub->add_option("target", options->target, "FILE.py (every annotated top-level function) or FILE.py::FN")->required();
  sub->add_option("-o,--output", options->output, "the library to write (default: FILE.opsynth.so here); the manifest goes beside it");
  sub->add_option("--sig", options->sigs,
                  "[NAME=]SIG: a function's parameter types in the type language ('ndarray[float64,2], int', optionally "
                  "'-> RESULT', which is then checked): they must agree with the annotations and give what they leave "
                  "open. NAME= says which function (repeat for several); without it, FILE.py::FN's")
      ->allow_extra_args(false);  // one value an occurrence: a positional after it stays the target
  sub->add_option("--example", options->examples,
                  "[NAME=]MODULE:EXPR: a function's parameter types from example arguments, MODULE importable (from "
                  "FILE.py's folder or here) or a FILE.py of arguments, EXPR giving the arguments (a tuple for several)")
      ->allow_extra_args(false);  // one value an occurrence: a positional after it stays the target
  sub->add_option("--emit-cpp", options->emit_cpp, "also write the generated C++ into this folder");
  sub->add_flag("--emit-ir", options->emit_ir, "print the typed IR");
  sub->add_flag("--quiet", options->quiet, "print nothing on success");
  sub->add_flag("--synthesize", options->synthesize,
                "have an LLM write the operators the library lacks (as `opsynth fill` does), then compile");
  add_llm_options(*sub, options->llm);
  add_library_options(*sub, options->library, /*with_lock=*/true);
  return [options](CommandContext& context) { return run_compile(*options, context); };
}

}  // namespace opsynth::cli

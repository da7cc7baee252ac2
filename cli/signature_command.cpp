// `opsynth signature QUALNAME --sig SIG [--json]`: the C++ declaration a candidate for one overload
// implements.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "core/types.hpp"
#include "pybridge/python_callable.hpp"

namespace opsynth::cli {
namespace {

struct SignatureOptions {
  std::string qualname;
  std::string sig;
  bool json = false;
};

std::string python_signature(const std::string& qualname, const Signature& sig,
                             const std::vector<std::string>& names) {
  std::string params;
  for (std::size_t i = 0; i < sig.params.size(); ++i) {
    std::string name = names.empty() ? "a" + std::to_string(i) : names[i];
    params += (i ? ", " : "") + name + ": " + to_string(sig.params[i]);
  }
  return qualname + "(" + params + ") -> " + to_string(sig.result);
}

nlohmann::json as_json(const PythonCallable& callable, const Signature& sig,
                       const std::vector<std::string>& names, const CppName& cpp,
                       const std::string& declaration) {
  nlohmann::json params = nlohmann::json::array();
  for (std::size_t i = 0; i < sig.params.size(); ++i) {
    params.push_back({{"name", names.empty() ? "a" + std::to_string(i) : names[i]},
                      {"type", to_string(sig.params[i])},
                      {"cpp", to_cpp_param(sig.params[i])}});
  }
  return {{"qualname", callable.qualname},
          {"kind", callable_kind_name(callable.kind)},
          {"module", callable.module},
          {"signature", to_string(sig)},
          {"params", params},
          {"result", {{"type", to_string(sig.result)}, {"cpp", to_cpp(sig.result)}}},
          {"param_source", param_source_name(callable.param_source)},
          {"param_note", callable.param_note},
          {"namespace", cpp.ns},
          {"function", cpp.function},
          {"declaration", declaration}};
}

ExitCode run_signature(const SignatureOptions& options, CommandContext& context) {
  auto sig = parse_signature(options.sig);
  if (!sig) return fail(ExitCode::kBadInput, "--sig: " + sig.error().describe());
  auto cpp = cpp_name(options.qualname);  // a malformed name needs no Python to be refused
  if (!cpp) return fail(ExitCode::kBadInput, cpp.error());
  if (auto started = context.python.start(); !started) return fail(ExitCode::kInternal, started.error());
  auto callable = resolve_callable(options.qualname);
  if (!callable) return fail(ExitCode::kBadInput, callable.error());
  auto names = callable->bind_parameter_names(sig->params.size());
  if (!names) return fail(ExitCode::kBadInput, names.error());
  auto declaration = cpp_declaration(options.qualname, *sig, *names);
  if (!declaration) return fail(ExitCode::kBadInput, declaration.error());
  if (options.json) {
    std::cout << as_json(*callable, *sig, *names, *cpp, *declaration).dump(2) << '\n';
  } else {
    std::cout << "// " << python_signature(options.qualname, *sig, *names) << '\n';
    if (!callable->param_note.empty()) std::cout << "// note: " << callable->param_note << '\n';
    std::cout << *declaration << '\n';
  }
  return ExitCode::kDone;
}

}  // namespace

RunCommand add_signature_command(CLI::App& app) {
  auto options = std::make_shared<SignatureOptions>();
  CLI::App* sub =
      app.add_subcommand("signature", "Print the C++ declaration a candidate for one overload implements");
  sub->add_option("qualname", options->qualname, "operator qualname, e.g. numpy.linalg.norm or str.upper")
      ->required();
  sub->add_option("--sig", options->sig,
                  "overload signature, e.g. \"ndarray[float64,2], Literal['fro'] -> float64\"")
      ->required();
  sub->add_flag("--json", options->json, "print JSON instead of C++");
  return [options](CommandContext& context) { return run_signature(*options, context); };
}

}  // namespace opsynth::cli

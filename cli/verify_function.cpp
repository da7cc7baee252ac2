// `opsynth verify --function FILE.py::FN --so OUT.so`: a compiled function against the original, end to
// end (DESIGN §6). Inputs come from the annotations (the manifest's signature), CPython runs the
// original, and the sandboxed worker runs the library itself: the worker links OUT.so and calls its C
// ABI entry through rt::abi::call_library, as the Python loader would. Compared as the verifier does.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "core/sha256.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verify_function.hpp"

namespace opsynth::cli {
namespace {

namespace fs = std::filesystem;

// The candidate the worker compiles: one function of the library's namespace calling its C entry.
std::string adapter_source(const std::string& module, const std::string& function, const std::string& symbol,
                           const Signature& sig, const std::string& so, const std::string& so_sha256) {
  std::string params, args;
  for (std::size_t i = 0; i < sig.params.size(); ++i) {
    params += (i ? ", " : "") + to_cpp_param(sig.params[i]) + " a" + std::to_string(i);
    args += ", a" + std::to_string(i);
  }
  return "// opsynth verify --function: " + module + "." + function + " in " + so + " (sha256 " + so_sha256 + ")\n" +
         "#include \"rt/abi_call.hpp\"\n" + "extern \"C\" int " + symbol +
         "(const opsynth_value*, std::int64_t, opsynth_value*, opsynth_value*);\n" +
         "extern \"C\" void opsynth_release(opsynth_value*);\n" + "namespace oplib::" + module + " {\n" + "inline " +
         to_cpp(sig.result) + " " + function + "(" + params + ") {\n" + "  return rt::abi::call_library<" +
         to_cpp(sig.result) + ">(&" + symbol + ", &opsynth_release" + args + ");\n}\n}  // namespace oplib::" + module +
         "\n";
}

}  // namespace

ExitCode run_verify_function(const VerifyFunctionOptions& options, CommandContext& context) {
  const auto cut = options.function.find("::");
  if (cut == std::string::npos || cut + 2 >= options.function.size())
    return fail(ExitCode::kBadInput, "--function: expected FILE.py::FN, got '" + options.function + "'");
  const fs::path file = fs::absolute(options.function.substr(0, cut));
  const std::string function = options.function.substr(cut + 2);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return fail(ExitCode::kBadInput, "--function: no such file '" + file.string() + "'");
  const std::string module = file.stem().string();
  if (!is_identifier(module))
    return fail(ExitCode::kBadInput, "--function: '" + file.filename().string() + "' is not importable as a module name");
  const fs::path so = fs::absolute(options.so);
  if (!fs::is_regular_file(so, ec)) return fail(ExitCode::kBadInput, "--so: no such file '" + so.string() + "'");
  const fs::path manifest_path = so.parent_path() / (so.stem().string() + ".manifest.json");
  auto manifest_text = oplib::read_file(manifest_path);
  if (!manifest_text) return fail(ExitCode::kBadInput, "--so: no manifest beside it: " + manifest_text.error().message);
  const auto manifest = nlohmann::json::parse(*manifest_text, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("functions"))
    return fail(ExitCode::kBadInput, manifest_path.string() + ": not an opsynth manifest");
  const nlohmann::json* entry = nullptr;
  for (const auto& f : manifest["functions"])
    if (f.value("name", "") == function) entry = &f;
  if (!entry) return fail(ExitCode::kBadInput, "--so: " + so.filename().string() + " exports no function '" + function + "'");
  std::string sig_text;
  for (const auto& p : (*entry)["params"]) sig_text += (sig_text.empty() ? "" : ", ") + p["type"].get<std::string>();
  sig_text += " -> " + (*entry)["result"].get<std::string>();
  auto sig = parse_signature(sig_text);
  if (!sig) return fail(ExitCode::kBadInput, manifest_path.string() + ": " + sig.error().describe());

  auto tolerance = tolerance_option(options.tolerance);
  if (auto* f = std::get_if<CommandFailure>(&tolerance)) return fail(f->code, f->message);
  // A function is only as exact as its operators: when one of them was accepted with a float
  // tolerance (numpy's SIMD exp against glibc's), errors can compound through the function, so the
  // comparison bounds them relative to the inputs' magnitudes (`reduction`, or `products` when an operator
  // sums products) unless --tolerance says.
  if (!std::get<std::optional<verify::Tolerance>>(tolerance)) {
    auto library = open_library(options.library);
    if (!library) return fail(ExitCode::kBadInput, library.error().message);
    // The function's own operators (its callees' included) when the manifest lists them, else the library's.
    std::vector<std::string> qualnames;
    if (entry->contains("operators") && (*entry)["operators"].is_array()) {
      for (const auto& ref : (*entry)["operators"])
        if (ref.is_string()) qualnames.push_back(ref.get<std::string>().substr(0, ref.get<std::string>().find('@')));
    } else {
      for (const auto& op : manifest.value("operators", nlohmann::json::array())) qualnames.push_back(op.value("qualname", ""));
    }
    // Sums of products among them (einsum, matmul) need the products bound, which also covers plain sums.
    // Elementwise ops accepted within N ulp (exp, log, sin) stay within about the sum of their allowances
    // where nothing cancels, at any magnitude, which no input-relative bound sees: an element passes
    // within that many ulp, or within the bound.
    std::optional<verify::Tolerance> loosest;
    std::set<std::string> counted;
    std::int64_t ulps = 0;
    for (const auto& qualname : qualnames) {
      auto record = library->load(qualname);
      if (!record || !*record || (*record)->tolerance.kind == verify::Tolerance::Kind::Exact) continue;
      const bool products = (*record)->tolerance.kind == verify::Tolerance::Kind::Products;
      if (!loosest || products) loosest = verify::parse_tolerance(products ? "products" : "reduction").value();
      if ((*record)->tolerance.kind == verify::Tolerance::Kind::Ulp && counted.insert(qualname).second)
        ulps += (*record)->tolerance.ulps;
    }
    if (loosest) {
      loosest->ulps = std::min<std::int64_t>(ulps, 1 << 20);
      tolerance = loosest;
    }
  }
  auto domain = domain_option(options.domain);
  if (auto* f = std::get_if<CommandFailure>(&domain)) return fail(f->code, f->message);
  // CPython runs the original in this process: unbounded ints would make range(n) loops run forever.
  verify::Domain bounded;
  bounded.int_min = -1000;
  bounded.int_max = 1000;
  if (!std::get<std::optional<verify::Domain>>(domain)) domain = std::optional<verify::Domain>(bounded);

  if (auto started = context.python.start(); !started) return fail(ExitCode::kInternal, started.error());
  {
    pybind11::gil_scoped_acquire gil;
    // The module is loaded from FILE.py itself: by name, a FILE.so beside it (the library under test,
    // say) would win, since Python prefers extension modules. Its folder goes on sys.path for the
    // modules it imports.
    pybind11::module_::import("sys").attr("path").attr("insert")(0, file.parent_path().string());
    try {
      pybind11::module_ util = pybind11::module_::import("importlib.util");
      pybind11::object spec = util.attr("spec_from_file_location")(module, file.string());
      pybind11::object loaded = util.attr("module_from_spec")(spec);
      pybind11::module_::import("sys").attr("modules")[pybind11::str(module)] = loaded;
      spec.attr("loader").attr("exec_module")(loaded);
    } catch (const pybind11::error_already_set& e) {
      pybind11::module_::import("sys").attr("modules").attr("pop")(module, pybind11::none());
      return fail(ExitCode::kBadInput, "--function: running " + file.string() + " failed: " + e.what());
    }
  }
  auto so_bytes = oplib::read_file(so);
  const std::string adapter =
      adapter_source(module, function, (*entry)["symbol"].get<std::string>(), *sig, so.string(), sha256_hex(*so_bytes));
  VerificationInput input{module + "." + function, sig_text, adapter, std::get<std::optional<verify::Tolerance>>(tolerance),
                          std::get<std::optional<verify::Domain>>(domain)};
  input.signature_from_annotations = true;
  RunOptions run = options.run;
  run.sanitizer_cases = 0;  // the library is not instrumented; the sanitizer build would check only the adapter
  oplib::Library no_library(fs::path(so.parent_path() / ".opsynth-no-oplib"));
  auto prepared = prepare_verification(input, run, no_library, context);
  if (auto* f = std::get_if<CommandFailure>(&prepared)) return fail(f->code, f->message);
  auto& p = std::get<PreparedVerification>(prepared);
  p.request.adapter = true;
  p.request.link_inputs = {so.string()};
  const verify::VerifyReport report = run_verification(p, options.run.quiet);
  if (!options.report.empty()) {
    if (auto w = write_report(options.report, report); !w) return fail(ExitCode::kInternal, w.error().message);
  }
  print_report(report, options.run.quiet);
  return exit_code_for(report);
}

}  // namespace opsynth::cli

// The compiler's view of oplib: see library_resolver.hpp.
#include "library_resolver.hpp"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>

#include "fill_overloads.hpp"
#include "oplib/library/atomic_file.hpp"
#include "verification.hpp"

namespace opsynth::cli {
namespace {

compiler::OpUse available(const oplib::OverloadRef& ref) {
  compiler::OpUse use;
  use.qualname = ref.qualname;
  use.signature = ref.signature;
  use.available = true;
  use.overload = ref.overload;
  use.version = ref.version;
  use.sha256 = ref.sha256;
  use.header = ref.header.string();
  return use;
}

}  // namespace

verify::Domain python_ints_fit_arrays(verify::Domain domain, const std::vector<Type>& args) {
  const bool python_int =
      std::any_of(args.begin(), args.end(), [](const Type& t) { return t.kind == TypeKind::Int; });
  if (!python_int) return domain;
  for (const Type& t : args) {
    if (t.kind != TypeKind::NDArray || !dtype_is_integer(t.dtype) || t.dtype == Dtype::Int64) continue;
    std::int64_t lo = 0, hi = std::numeric_limits<std::int64_t>::max();
    switch (t.dtype) {
      case Dtype::Int8:
        lo = INT8_MIN, hi = INT8_MAX;
        break;
      case Dtype::Int16:
        lo = INT16_MIN, hi = INT16_MAX;
        break;
      case Dtype::Int32:
        lo = INT32_MIN, hi = INT32_MAX;
        break;
      case Dtype::UInt8:
        hi = UINT8_MAX;
        break;
      case Dtype::UInt16:
        hi = UINT16_MAX;
        break;
      case Dtype::UInt32:
        hi = UINT32_MAX;
        break;
      default:
        break;  // uint64: the non-negative ints
    }
    domain.int_min = std::max(lo, domain.int_min.value_or(lo));
    domain.int_max = std::min(hi, domain.int_max.value_or(hi));
  }
  return domain;
}

Result<compiler::OpUse> LibraryResolver::resolve(const std::string& qualname, const std::vector<Type>& args) {
  std::string key = qualname + "(";
  for (const auto& t : args) key += to_string(t) + ",";
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  auto use = lookup(qualname, args);
  cache_.emplace(key, use);
  return use;
}

Result<compiler::OpUse> LibraryResolver::lookup(const std::string& qualname, const std::vector<Type>& args) {
  auto found = library_.find(qualname, args);
  if (!found) return found.error();
  if (found->found) return available(*found->found);
  auto op = library_.load(qualname);
  const verify::Domain domain =
      python_ints_fit_arrays(op && op->has_value() ? (*op)->domain : verify::Domain{}, args);
  auto result = probe_params(qualname, args, domain);
  if (!result) return result.error();
  const Signature sig{args, *result};
  compiler::OpUse missing;
  missing.qualname = qualname;
  missing.signature = sig;
  if (!found->instantiable.empty()) {
    missing.pending = true;
    candidates_[qualname + "|" + to_string(sig)] = found->instantiable;
  }
  return missing;
}

void LibraryResolver::settle(compiler::Module& module) {
  for (auto& f : module.functions) {
    for (auto& use : f.ops) {
      if (!use.pending) continue;
      const std::string key = use.qualname + "|" + to_string(use.signature);
      auto done = settled_.find(key);
      if (done == settled_.end()) {
        compiler::OpUse result = use;
        result.pending = false;
        for (const auto& generic : candidates_[key]) {
          if (auto instance = instantiate(generic, use.signature)) {
            result = *instance;
            break;
          }
        }
        done = settled_.emplace(key, result).first;
      }
      use = done->second;
    }
  }
}

std::optional<compiler::OpUse> LibraryResolver::instantiate(const oplib::OverloadRef& generic,
                                                            const Signature& sig) {
  auto source = oplib::read_file(generic.header);
  if (!source) return std::nullopt;
  if (!quiet_)
    std::cerr << "verifying " << generic.qualname << " "
              << oplib::version_stem(generic.overload, generic.version) << " at " << to_string(sig)
              << " ...\n";
  VerificationInput input{generic.qualname, to_string(sig), *source, std::nullopt, std::nullopt};
  input.overload = generic.overload;
  RunOptions run;
  run.quiet = true;
  auto prepared = prepare_verification(input, run, library_, context_);
  if (std::holds_alternative<CommandFailure>(prepared)) return std::nullopt;
  const auto& p = std::get<PreparedVerification>(prepared);
  const verify::VerifyReport report = run_verification(p, /*quiet=*/true);
  if (!library_.record_verification(generic.qualname, generic.overload, generic.version, sig,
                                    as_record(report, p.request)))
    return std::nullopt;
  if (report.verdict != verify::Verdict::Pass) return std::nullopt;
  oplib::OverloadRef ref = generic;
  ref.signature = sig;
  return available(ref);
}

Result<compiler::Lowered> lower_against_library(const nlohmann::json& ast,
                                                const compiler::LowerOptions& options,
                                                LibraryResolver& resolver) {
  auto out = compiler::lower_module(ast, options, resolver);
  if (!out) return out;
  resolver.settle(out->module);
  out->missing = compiler::missing_overloads(out->module);
  return out;
}

}  // namespace opsynth::cli

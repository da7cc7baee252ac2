// The prompt family rule (see op_family.hpp).
#include "synth/op_family.hpp"

#include <algorithm>

namespace opsynth::synth {
namespace {

bool is_scalar(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool:
    case TypeKind::Int:
    case TypeKind::Float:
    case TypeKind::Complex:
    case TypeKind::NpScalar:
    case TypeKind::Literal:
    case TypeKind::None:
      return true;
    default:
      return false;
  }
}

bool is_bool_result(const Type& t) {
  return t.kind == TypeKind::Bool ||
         ((t.kind == TypeKind::NDArray || t.kind == TypeKind::NpScalar) && t.dtype == Dtype::Bool);
}

int max_rank(const Signature& sig) {
  int rank = -1;
  for (const Type& t : sig.params)
    if (t.kind == TypeKind::NDArray) rank = std::max(rank, t.ndim);
  return rank;
}

}  // namespace

OpFamily family_of(std::string_view qualname, const Signature& sig) {
  if (qualname.starts_with("numpy.linalg.")) return OpFamily::Linalg;
  if (qualname.starts_with("str.")) return OpFamily::StrMethod;
  if (qualname.starts_with("list.") || qualname.starts_with("dict.")) return OpFamily::ContainerMethod;
  if (sig.params.size() == 2 && is_bool_result(sig.result)) return OpFamily::Comparison;
  const int rank = max_rank(sig);
  if (rank >= 1) {
    const int result_rank = sig.result.kind == TypeKind::NDArray ? sig.result.ndim
                            : is_scalar(sig.result)              ? 0
                                                                 : -1;
    if (result_rank >= 0 && result_rank < rank) return OpFamily::Reduction;
    if (result_rank == rank) return OpFamily::Ufunc;
    return OpFamily::Other;
  }
  if (std::all_of(sig.params.begin(), sig.params.end(), is_scalar) && is_scalar(sig.result))
    return OpFamily::MathScalar;
  return OpFamily::Other;
}

}  // namespace opsynth::synth

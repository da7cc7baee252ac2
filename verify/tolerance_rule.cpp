// The tolerance rule (see tolerance_rule.hpp): one table of families, first match wins.
#include "verify/tolerance_rule.hpp"

#include <algorithm>
#include <array>

namespace opsynth::verify {

namespace {

bool has_float(const Type& t) {
  switch (t.kind) {
    case TypeKind::Float:
    case TypeKind::Complex:
      return true;
    case TypeKind::NDArray:
    case TypeKind::NpScalar:
      return dtype_kind(t.dtype) == DtypeKind::Float || dtype_kind(t.dtype) == DtypeKind::Complex;
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::Tuple:
    case TypeKind::Union:
      return std::any_of(t.args.begin(), t.args.end(), has_float);
    default:
      return false;
  }
}

bool touches_numpy(const Signature& sig) {
  return std::any_of(sig.params.begin(), sig.params.end(), [](const Type& t) {
    return t.kind == TypeKind::NDArray || t.kind == TypeKind::NpScalar;
  });
}

// The numpy function an op stands for: numpy.ndarray.sum -> sum, numpy.linalg.norm -> linalg.norm,
// operator.pow on arrays -> power; "" when it is not numpy's.
std::string numpy_name(std::string_view q, const Signature& sig) {
  for (std::string_view prefix : {"numpy.ndarray.", "numpy.float64.", "numpy.float32.", "numpy."}) {
    if (q.substr(0, prefix.size()) == prefix) return std::string(q.substr(prefix.size()));
  }
  if (!touches_numpy(sig)) return "";
  // Python's operators and builtins on numpy values run numpy's ufuncs.
  static const std::array<std::pair<std::string_view, std::string_view>, 6> delegated = {{
      {"operator.pow", "power"}, {"operator.ipow", "power"}, {"builtins.pow", "power"},
      {"operator.matmul", "matmul"}, {"operator.imatmul", "matmul"}, {"builtins.round", "round"},
  }};
  for (const auto& [python, numpy] : delegated)
    if (q == python) return std::string(numpy);
  return "";
}

template <std::size_t N>
bool among(const std::string& name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 33> kReductions = {
    "sum",    "nansum",   "prod",   "nanprod",   "mean",       "nanmean", "average",  "std",    "nanstd",
    "var",    "nanvar",   "dot",    "vdot",      "inner",      "matmul",  "tensordot", "einsum", "trace",
    "cumsum", "cumprod",  "nancumsum", "nancumprod", "linalg.norm", "linalg.multi_dot", "convolve",
    "correlate", "cov",   "corrcoef", "polyval", "interp", "median", "percentile", "quantile"};

constexpr std::array<std::string_view, 27> kTranscendental = {
    "exp",    "exp2",   "expm1",   "log",    "log2",    "log10",   "log1p",    "sin",      "cos",
    "tan",    "arcsin", "arccos",  "arctan", "arctan2", "sinh",    "cosh",     "tanh",     "arcsinh",
    "arccosh", "arctanh", "power", "float_power", "cbrt", "hypot", "logaddexp", "logaddexp2", "sinc"};

}  // namespace

ToleranceChoice choose_tolerance(std::string_view qualname, const Signature& sig) {
  const std::string q(qualname);
  if (!has_float(sig.result))
    return {Tolerance{}, "exact: the result holds no floats (ints, bools, text and containers compare exactly)"};
  const std::string np = numpy_name(qualname, sig);
  if (!np.empty() && among(np, kReductions))
    return {*parse_tolerance("reduction:2"),
            "reduction:2: numpy computes " + q +
                " through pairwise sums, SIMD accumulators or BLAS, whose order depends on the build and the "
                "CPU; results may differ by rounding bounded relative to the sum of the magnitudes"};
  if (np.rfind("linalg.", 0) == 0)
    return {*parse_tolerance("reduction:4"),
            "reduction:4: " + q +
                " runs LAPACK, whose pivoting and blocking depend on the build; an ill-conditioned input can "
                "need a person's --tolerance"};
  if (!np.empty() && among(np, kTranscendental))
    return {*parse_tolerance("ulp:4"),
            "ulp:4: numpy evaluates " + q +
                " in its own SIMD loops (SVML on AVX-512 CPUs, others elsewhere), a few ulp from glibc and "
                "different from CPU to CPU"};
  if (!np.empty()) {
    static const std::array<std::string_view, 69> kIeeeExact = {
        "add",       "subtract",   "multiply",  "divide",     "true_divide", "floor_divide", "negative",
        "positive",  "absolute",   "abs",       "fabs",       "sqrt",        "square",       "reciprocal",
        "floor",     "ceil",       "trunc",     "rint",       "fix",         "around",       "round",
        "maximum",   "minimum",    "fmax",      "fmin",       "clip",        "sign",         "copysign",
        "nextafter", "mod",        "remainder", "fmod",       "divmod",      "where",        "zeros",
        "ones",      "full",       "empty",     "zeros_like", "ones_like",   "full_like",    "empty_like",
        "concatenate", "stack",    "reshape",   "transpose",  "flip",        "sort",         "argsort",
        "ravel",     "squeeze",    "expand_dims", "take",     "diag",        "triu",         "tril",
        "amax",      "amin",       "max",       "min",        "ptp",         "outer",
        // the scalar types called as conversions: one correctly rounded cast
        "float64",   "float32",    "int64",     "int32",      "bool_",
        // one subtraction per element; moves
        "diff",      "roll"};
    if (among(np, kIeeeExact) || np == "T" || np == "shape" || np == "copy" || np == "astype")
      return {Tolerance{}, "exact: " + q + " is built from IEEE basic operations and moves, which numpy "
                           "rounds correctly on every CPU"};
    return {*parse_tolerance("reduction:2"),
            "reduction:2: " + q + " is numpy code this rule does not know to be exact on every build; pass "
            "--tolerance exact if it is (a person's choice wins)"};
  }
  return {Tolerance{}, "exact: CPython's float operations are correctly rounded or call the C library that a "
                       "candidate calls too (glibc libm), so " + q + " must match bit for bit"};
}

ToleranceChoice choose_op_tolerance(std::string_view qualname, const std::vector<Signature>& signatures) {
  for (const auto& sig : signatures)
    if (has_float(sig.result)) return choose_tolerance(qualname, sig);
  return signatures.empty() ? ToleranceChoice{Tolerance{}, "exact: no signature"} : choose_tolerance(qualname, signatures.front());
}

}  // namespace opsynth::verify

// Annotations and defaults of the file's functions as types: builtins, list[...]/dict[...]/tuple[...],
// type-language strings ("ndarray[float64,2]"), numpy.typing.NDArray[np.float64], whose rank is
// left open for the caller (a --sig, an example argument, or the argument of a call) to give, and
// np.ndarray or a bare NDArray, which leave the dtype open as well.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/ir.hpp"

namespace opsynth::compiler {

// An annotation error: where, and what is wrong (lowering turns it into a file:line:col diagnostic).
struct AnnotationError {
  SourceLoc loc;
  std::string message;
};

// An ndarray annotation that leaves the rank, and perhaps the dtype, to the caller.
struct OpenNDArray {
  std::optional<Dtype> dtype;  // NDArray[np.float64]: that dtype; np.ndarray, NDArray: any dtype
};

// A parameter's or result's annotation: a type, or an ndarray whose rank (and perhaps dtype) is open.
struct Annotation {
  std::optional<Type> type;                 // the annotated type when it is complete
  std::optional<OpenNDArray> open_ndarray;  // NDArray[np.<dtype>], np.ndarray: any rank
  std::string text;                         // as written, for messages ("NDArray[np.float64]")

  // Does a value of type `t` fit? (Python does not check annotations; opsynth treats them as contracts.)
  bool admits(const Type& t) const;
  // The complete type to write instead of an open one: "ndarray[float64,N]", or "ndarray[DTYPE,N]".
  std::string complete_spelling() const;
};

// `np.float64` -> "numpy.float64": a name or attribute chain through the file's imports.
std::optional<std::string> imported_name(const nlohmann::json& node, const std::map<std::string, std::string>& aliases);

// The annotation's meaning; throws AnnotationError for what is not a type opsynth knows.
Annotation read_annotation(const nlohmann::json& node, const std::map<std::string, std::string>& aliases);

// A default value's constant as (kind, Python spelling): `3`, `-1e-12`, `"linear"`, `True`, `None`;
// nullopt when it is not a constant.
std::optional<std::pair<std::string, std::string>> default_constant(const nlohmann::json& node);

// The type of a constant of this kind ("int", "float", "bool", "str", "None"), or nullopt.
std::optional<Type> constant_kind_type(const std::string& kind);

}  // namespace opsynth::compiler

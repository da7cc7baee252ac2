// Annotations and defaults of the file's functions as types: builtins, list[...]/dict[...]/tuple[...],
// type-language strings ("ndarray[float64,2]"), typing.List[...] and kin, and open annotations whose
// rest the caller (a --sig, an example argument, or the argument of a call) gives:
// numpy.typing.NDArray[np.float64] (the rank), np.ndarray (dtype and rank), bare list, dict, tuple.
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

// An annotation that leaves part of the type to the caller: NDArray[np.float64] the rank, np.ndarray
// the dtype and rank, a bare `list` (or typing.List) its element type, `dict` its key and value types,
// `tuple` its items.
struct OpenType {
  TypeKind kind = TypeKind::NDArray;
  std::optional<Dtype> dtype;  // NDArray: NDArray[np.float64] gives it, np.ndarray does not
};

// A parameter's or result's annotation: a complete type, or an open one.
struct Annotation {
  std::optional<Type> type;      // the annotated type when it is complete
  std::optional<OpenType> open;  // else what it leaves open
  std::string text;              // as written, for messages ("NDArray[np.float64]")

  // Does a value of type `t` fit? (Python does not check annotations; opsynth treats them as contracts.)
  bool admits(const Type& t) const;
  // The complete type to write instead of an open one: "ndarray[float64,N]", "list[T]".
  std::string complete_spelling() const;
  // What an open annotation leaves to the caller: "rank", "dtype and rank", "element type", ...
  std::string missing() const;
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

// Annotations as types (see annotations.hpp).
#include "compiler/annotations.hpp"

namespace opsynth::compiler {
namespace {

using nlohmann::json;

const std::string& kind_of(const json& node) {
  static const std::string none = "?";
  if (!node.is_object() || !node.contains("_")) return none;
  return node["_"].get_ref<const std::string&>();
}

[[noreturn]] void fail(const json& node, std::string message) {
  throw AnnotationError{SourceLoc{node.value("line", 0), node.value("col", 0)}, std::move(message)};
}

Annotation complete(Type t) {
  Annotation a;
  a.text = to_string(t);
  a.type = std::move(t);
  return a;
}

Type annotation_type(const json& node, const std::map<std::string, std::string>& aliases);

// numpy.typing.NDArray[np.float64]: the dtype is annotated, the rank is not.
Annotation ndarray_annotation(const json& node, const std::map<std::string, std::string>& aliases) {
  auto scalar_name = imported_name(node["slice"], aliases);
  std::optional<Dtype> dt;
  if (scalar_name && scalar_name->starts_with("numpy.")) {
    std::string name = scalar_name->substr(6);
    if (name == "bool_") name = "bool";
    dt = dtype_from_name(name);
  }
  if (!dt) fail(node, "NDArray[...] takes a numpy scalar type: np.float64, np.float32, np.int64, np.int32, np.bool_ or np.complex128");
  Annotation a;
  a.open = OpenType{TypeKind::NDArray, *dt};
  a.text = "NDArray[np." + std::string(dtype_name(*dt)) + "]";
  return a;
}

// `np.ndarray` as written (the message names what the user wrote, not what it resolves to).
std::string dotted_source(const json& node) {
  if (kind_of(node) == "Name") return node["id"].get<std::string>();
  if (kind_of(node) == "Attribute") return dotted_source(node["value"]) + "." + node["attr"].get<std::string>();
  return "?";
}

// An annotation whose rest the caller gives: np.ndarray (any dtype and rank, as most numpy code
// annotates), a bare list, dict or tuple (any items).
Annotation open_annotation(TypeKind kind, std::string text) {
  Annotation a;
  a.open = OpenType{kind, std::nullopt};
  a.text = std::move(text);
  return a;
}

// list, typing.List, ...: the container a bare or subscripted annotation names, if it names one.
std::optional<TypeKind> container_kind(const json& node, const std::map<std::string, std::string>& aliases) {
  static const std::map<std::string, TypeKind> typing = {
      {"typing.List", TypeKind::List}, {"typing.Dict", TypeKind::Dict}, {"typing.Tuple", TypeKind::Tuple}};
  static const std::map<std::string, TypeKind> builtin = {
      {"list", TypeKind::List}, {"dict", TypeKind::Dict}, {"tuple", TypeKind::Tuple}};
  if (auto name = imported_name(node, aliases); name && typing.count(*name)) return typing.at(*name);
  if (kind_of(node) == "Name" && builtin.count(node["id"].get<std::string>()) &&
      !aliases.count(node["id"].get<std::string>()))
    return builtin.at(node["id"].get<std::string>());
  return std::nullopt;
}

Type annotation_type(const json& node, const std::map<std::string, std::string>& aliases) {
  const Annotation a = read_annotation(node, aliases);
  if (!a.type) fail(node, a.text + " inside another type needs its " + a.missing() + ": write \"" + a.complete_spelling() + "\"");
  return *a.type;
}

}  // namespace

bool Annotation::admits(const Type& t) const {
  if (type) return *type == t;
  return t.kind == open->kind && (t.kind != TypeKind::NDArray || !open->dtype || t.dtype == *open->dtype);
}

std::string Annotation::complete_spelling() const {
  if (type) return to_string(*type);
  switch (open->kind) {
    case TypeKind::List: return "list[T]";
    case TypeKind::Dict: return "dict[K, V]";
    case TypeKind::Tuple: return "tuple[T1, T2, ...]";
    default: return "ndarray[" + (open->dtype ? std::string(dtype_name(*open->dtype)) : std::string("DTYPE")) + ",N]";
  }
}

std::string Annotation::missing() const {
  switch (open->kind) {
    case TypeKind::List: return "element type";
    case TypeKind::Dict: return "key and value types";
    case TypeKind::Tuple: return "item types";
    default: return open->dtype ? "rank" : "dtype and rank";
  }
}

std::optional<std::string> imported_name(const json& node, const std::map<std::string, std::string>& aliases) {
  const std::string& k = kind_of(node);
  if (k == "Name") {
    auto a = aliases.find(node["id"].get<std::string>());
    return a == aliases.end() ? std::nullopt : std::optional<std::string>(a->second);
  }
  if (k == "Attribute") {
    auto base = imported_name(node["value"], aliases);
    return base ? std::optional<std::string>(*base + "." + node["attr"].get<std::string>()) : std::nullopt;
  }
  return std::nullopt;
}

Annotation read_annotation(const json& node, const std::map<std::string, std::string>& aliases) {
  const std::string& k = kind_of(node);
  if (k == "Constant") {
    if (node["kind"] == "None") return complete(Type::scalar(TypeKind::None));
    if (node["kind"] == "str") {
      auto t = parse_type(node["value"].get<std::string>());
      if (!t) fail(node, "annotation '" + node["value"].get<std::string>() + "': " + t.error().describe());
      return complete(*t);
    }
  }
  if (k == "Subscript" && imported_name(node["value"], aliases) == "numpy.typing.NDArray")
    return ndarray_annotation(node, aliases);
  static const std::string known = " is not a type opsynth knows (int, float, bool, str, complex, list[...], dict[...], "
                                   "tuple[...], np.ndarray, NDArray[np.float64], numpy scalars such as np.float64, or a "
                                   "string such as \"ndarray[float64,1]\")";
  if (auto container = container_kind(node, aliases)) return open_annotation(*container, dotted_source(node));
  if (const auto name = imported_name(node, aliases)) {
    if (*name == "numpy.ndarray" || *name == "numpy.typing.NDArray") return open_annotation(TypeKind::NDArray, dotted_source(node));
    if (name->starts_with("numpy.")) {
      // np.float64, np.int32, np.bool_: numpy scalars.
      std::string dt = name->substr(6);
      if (dt == "bool_") dt = "bool";
      if (auto d = dtype_from_name(dt)) return complete(Type::np_scalar(*d));
    }
    fail(node, "annotation '" + dotted_source(node) + "'" + known);
  }
  if (k == "Name") {
    const std::string id = node["id"];
    static const std::map<std::string, TypeKind> simple = {
        {"int", TypeKind::Int}, {"float", TypeKind::Float}, {"bool", TypeKind::Bool},
        {"str", TypeKind::Str}, {"complex", TypeKind::Complex}};
    if (auto it = simple.find(id); it != simple.end()) return complete(Type::scalar(it->second));
    fail(node, "annotation '" + id + "'" + known);
  }
  if (k == "Subscript" && container_kind(node["value"], aliases)) {
    const TypeKind head = *container_kind(node["value"], aliases);
    std::vector<json> items;
    if (kind_of(node["slice"]) == "Tuple") {
      for (const auto& e : node["slice"]["elts"]) items.push_back(e);
    } else {
      items.push_back(node["slice"]);
    }
    std::vector<Type> args;
    for (const auto& item : items) args.push_back(annotation_type(item, aliases));
    if (head == TypeKind::List && args.size() == 1) return complete(Type::list(args[0]));
    if (head == TypeKind::Dict && args.size() == 2) return complete(Type::dict(args[0], args[1]));
    if (head == TypeKind::Tuple) return complete(Type::tuple(args));
  }
  fail(node, "unsupported annotation (" + k + ")");
}

std::optional<std::pair<std::string, std::string>> default_constant(const json& node) {
  if (kind_of(node) == "Constant") return std::pair{node["kind"].get<std::string>(), node["value"].get<std::string>()};
  if (kind_of(node) == "UnaryOp" && kind_of(node["op"]) == "USub" && kind_of(node["operand"]) == "Constant") {
    const std::string k = node["operand"]["kind"];
    if (k == "int" || k == "float") return std::pair{k, "-" + node["operand"]["value"].get<std::string>()};
  }
  return std::nullopt;
}

std::optional<Type> constant_kind_type(const std::string& kind) {
  static const std::map<std::string, TypeKind> kinds = {{"int", TypeKind::Int}, {"float", TypeKind::Float},
                                                        {"bool", TypeKind::Bool}, {"str", TypeKind::Str},
                                                        {"None", TypeKind::None}};
  auto it = kinds.find(kind);
  if (it == kinds.end()) return std::nullopt;
  return Type::scalar(it->second);
}

}  // namespace opsynth::compiler

// Lowering the Python AST to the typed IR (see lower.hpp).
#include "compiler/lower.hpp"

#include <algorithm>
#include <set>

#include "compiler/frontend.hpp"
#include "core/value.hpp"

namespace opsynth::compiler {
namespace {

using nlohmann::json;

// Raised inside the lowerer, caught at its edge: lowering stops at the first structural error.
struct LowerError {
  SourceLoc loc;
  std::string message;
};

SourceLoc loc_of(const json& node) {
  return SourceLoc{node.value("line", 0), node.value("col", 0)};
}

[[noreturn]] void fail(const json& node, std::string message) { throw LowerError{loc_of(node), std::move(message)}; }

const std::string& kind_of(const json& node) {
  static const std::string none = "?";
  if (!node.is_object() || !node.contains("_")) return none;
  return node["_"].get_ref<const std::string&>();
}

Type scalar(TypeKind k) { return Type::scalar(k); }
Type parse_or_die(const char* text) { return parse_type(text).value(); }

// Python's operator module names for AST operator nodes.
const std::map<std::string, std::string>& binary_ops() {
  static const std::map<std::string, std::string> m = {
      {"Add", "add"},       {"Sub", "sub"},     {"Mult", "mul"},   {"Div", "truediv"}, {"FloorDiv", "floordiv"},
      {"Mod", "mod"},       {"Pow", "pow"},     {"LShift", "lshift"}, {"RShift", "rshift"}, {"BitOr", "or_"},
      {"BitXor", "xor"},    {"BitAnd", "and_"}, {"MatMult", "matmul"}};
  return m;
}
const std::map<std::string, std::string>& compare_ops() {
  static const std::map<std::string, std::string> m = {{"Eq", "eq"}, {"NotEq", "ne"}, {"Lt", "lt"}, {"LtE", "le"},
                                                       {"Gt", "gt"}, {"GtE", "ge"},   {"Is", "is_"}, {"IsNot", "is_not"}};
  return m;
}
const std::map<std::string, std::string>& unary_ops() {
  static const std::map<std::string, std::string> m = {
      {"USub", "neg"}, {"UAdd", "pos"}, {"Not", "not_"}, {"Invert", "invert"}};
  return m;
}

// Immutable values: `x += y` is `x = x + y` for them, exactly as CPython falls back from iadd to add.
bool immutable(const Type& t) {
  switch (t.kind) {
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::NDArray: return false;
    default: return true;
  }
}

// The type that owns a method: "str.upper", "list.append", "numpy.ndarray.sum".
std::optional<std::string> method_owner(const Type& t) {
  switch (t.kind) {
    case TypeKind::Str: return "str";
    case TypeKind::List: return "list";
    case TypeKind::Dict: return "dict";
    case TypeKind::Int: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::NDArray: return "numpy.ndarray";
    default: return std::nullopt;
  }
}

// A constant operand: its plain type, and the Literal type overloads may take instead.
struct ConstantOperand {
  Type plain;
  std::optional<Type> literal;
};

class FunctionLowerer;

// What every function of the module shares: imports, module constants, the other functions' types.
struct ModuleScope {
  std::string file;
  std::map<std::string, std::string> aliases;  // local name -> qualified name ("np" -> "numpy", "sqrt" -> "math.sqrt")
  std::map<std::string, json> constants;       // module-level NAME = <constant> assignments
  std::map<std::string, Function> signatures;  // every function's params and result (no body)
  // Functions whose annotations cannot be typed without a --sig (NDArray's rank): an error only
  // when one of them is compiled or called.
  std::map<std::string, LowerError> unsigned_functions;
  OpResolver* resolver = nullptr;
  std::vector<OpUse> missing;
  std::map<std::string, CallableInfo> callables;

  const CallableInfo& callable(const std::string& qualname) {
    auto it = callables.find(qualname);
    if (it == callables.end()) it = callables.emplace(qualname, describe_callable(qualname)).first;
    return it->second;
  }
  void note_missing(const OpUse& use) {
    const bool seen = std::any_of(missing.begin(), missing.end(), [&](const OpUse& m) {
      return m.qualname == use.qualname && m.signature == use.signature;
    });
    if (!seen) missing.push_back(use);
  }
};

// `np.float64` -> "numpy.float64", `NDArray` -> "numpy.typing.NDArray": a name or attribute chain
// through the file's imports (annotations only; local variables cannot appear there).
std::optional<std::string> imported_name(const json& node, const ModuleScope& scope) {
  const std::string& k = kind_of(node);
  if (k == "Name") {
    auto a = scope.aliases.find(node["id"].get<std::string>());
    return a == scope.aliases.end() ? std::nullopt : std::optional<std::string>(a->second);
  }
  if (k == "Attribute") {
    auto base = imported_name(node["value"], scope);
    return base ? std::optional<std::string>(*base + "." + node["attr"].get<std::string>()) : std::nullopt;
  }
  return std::nullopt;
}

// numpy.typing.NDArray[np.float64]: the dtype is annotated, the rank is not, so `given` (the type
// --sig gives this position) must supply it.
Type ndarray_annotation(const json& node, const ModuleScope& scope, const Type* given) {
  auto scalar_name = imported_name(node["slice"], scope);
  std::optional<Dtype> dt;
  if (scalar_name && scalar_name->starts_with("numpy.")) {
    std::string name = scalar_name->substr(6);
    if (name == "bool_") name = "bool";
    dt = dtype_from_name(name);
  }
  if (!dt) fail(node, "NDArray[...] takes a numpy scalar type: np.float64, np.float32, np.int64, np.int32, np.bool_ or np.complex128");
  const std::string wanted = "ndarray[" + std::string(dtype_name(*dt)) + ",N]";
  if (!given)
    fail(node, "NDArray[np." + std::string(dtype_name(*dt)) + "] does not give the rank: compile this function with --sig, "
               "giving " + wanted + " with N its number of dimensions (or annotate \"" + wanted + "\")");
  if (given->kind != TypeKind::NDArray || given->dtype != *dt)
    fail(node, "--sig gives " + to_string(*given) + " where the annotation says NDArray[np." + std::string(dtype_name(*dt)) +
               "] (" + wanted + ")");
  return *given;
}

// Annotations: builtins, list[...]/dict[...]/tuple[...], string annotations in the type language and
// NDArray[dtype] (its rank from `given`, the type --sig gives this position, when there is one).
Type annotation_type(const json& node, const ModuleScope& scope, const Type* given = nullptr) {
  const std::string& k = kind_of(node);
  if (k == "Constant") {
    if (node["kind"] == "None") return scalar(TypeKind::None);
    if (node["kind"] == "str") {
      auto t = parse_type(node["value"].get<std::string>());
      if (!t) fail(node, "annotation '" + node["value"].get<std::string>() + "': " + t.error().describe());
      return *t;
    }
  }
  if (k == "Subscript" && imported_name(node["value"], scope) == "numpy.typing.NDArray")
    return ndarray_annotation(node, scope, given);
  if (k == "Name") {
    const std::string id = node["id"];
    static const std::map<std::string, TypeKind> simple = {
        {"int", TypeKind::Int}, {"float", TypeKind::Float}, {"bool", TypeKind::Bool},
        {"str", TypeKind::Str}, {"complex", TypeKind::Complex}};
    if (auto it = simple.find(id); it != simple.end()) return scalar(it->second);
    fail(node, "annotation '" + id + "' is not a type opsynth knows (int, float, bool, str, complex, list[...], "
                                     "dict[...], tuple[...], NDArray[np.float64] with --sig, or a string such as \"ndarray[float64,1]\")");
  }
  if (k == "Subscript" && kind_of(node["value"]) == "Name") {
    const std::string head = node["value"]["id"];
    std::vector<json> items;
    if (kind_of(node["slice"]) == "Tuple") {
      for (const auto& e : node["slice"]["elts"]) items.push_back(e);
    } else {
      items.push_back(node["slice"]);
    }
    std::vector<Type> args;
    for (const auto& item : items) args.push_back(annotation_type(item, scope));
    if (head == "list" && args.size() == 1) return Type::list(args[0]);
    if (head == "dict" && args.size() == 2) return Type::dict(args[0], args[1]);
    if (head == "tuple") return Type::tuple(args);
  }
  fail(node, "unsupported annotation (" + k + ")");
}

class FunctionLowerer {
 public:
  FunctionLowerer(ModuleScope& scope, Function& f) : scope_(scope), f_(f) {}

  void lower(const json& def) {
    for (const auto& p : f_.params) {
      Instr i;
      i.kind = Instr::Kind::Param;
      i.name = p.name;
      const ValueId v = emit(f_.body, std::move(i), p.type);
      store(f_.body, p.name, v, def);
    }
    block(def["body"], f_.body);
    if (f_.result.kind != TypeKind::None && !always_returns(def["body"]))
      fail(def, "function '" + f_.name + "' can reach its end without a return, where Python would return None "
                                         "but the annotation says " + to_string(f_.result));
  }

 private:
  // ---- values ----
  ValueId emit(Block& out, Instr i, const Type& type) {
    i.result = f_.next_value++;
    i.type = type;
    types_.push_back(type);
    Node n;
    n.kind = Node::Kind::Op;
    n.instr = std::move(i);
    out.push_back(std::move(n));
    return out.back().instr.result;
  }
  // By value: emitting grows types_, so a reference could dangle.
  Type type_of(ValueId v) const { return types_.at(static_cast<std::size_t>(v)); }

  ValueId constant(Block& out, const std::string& text, const Type& type, const json& node) {
    Instr i;
    i.kind = Instr::Kind::Const;
    i.text = text;
    i.loc = loc_of(node);
    const ValueId v = emit(out, std::move(i), type);
    constants_[v] = node;
    return v;
  }

  // ---- variables ----
  std::optional<Type> local_type(const std::string& name) const {
    for (const auto& [n, t] : f_.locals)
      if (n == name) return t;
    return std::nullopt;
  }
  void declare(const std::string& name, const Type& type, const json& node) {
    if (auto existing = local_type(name)) {
      if (!(*existing == type))
        fail(node, "'" + name + "' is " + to_string(*existing) + " here but was " + to_string(type) +
                       " before: a variable keeps one type (annotate it, or use another name)");
      return;
    }
    f_.locals.emplace_back(name, type);
  }
  void store(Block& out, const std::string& name, ValueId v, const json& node) {
    if (auto existing = local_type(name); existing && !(*existing == type_of(v)))
      fail(node, "'" + name + "' was " + to_string(*existing) + " and is assigned " + to_string(type_of(v)) +
                     " here: a variable keeps one type (write e.g. float(...), or use another name)");
    declare(name, type_of(v), node);
    Instr i;
    i.kind = Instr::Kind::Store;
    i.name = name;
    i.args = {v};
    i.loc = loc_of(node);
    Node n;
    n.kind = Node::Kind::Op;
    n.instr = std::move(i);
    out.push_back(std::move(n));
  }
  ValueId load(Block& out, const std::string& name, const json& node) {
    auto type = local_type(name);
    if (!type) fail(node, "'" + name + "' is used before it is assigned");
    Instr i;
    i.kind = Instr::Kind::Load;
    i.name = name;
    i.loc = loc_of(node);
    return emit(out, std::move(i), *type);
  }
  std::string temp() { return "$t" + std::to_string(temps_++); }

  // ---- operator calls ----
  // Calls `qualname` with `args` (already bound, in parameter order). Constants may match a Literal
  // parameter: the plain types are tried first, then Literals for the constant arguments.
  ValueId call(Block& out, const std::string& qualname, const std::vector<ValueId>& args, const json& node,
               bool prefer_literals = false) {
    std::vector<Type> plain, literal;
    bool has_literal = false;
    for (ValueId a : args) {
      plain.push_back(type_of(a));
      auto c = constants_.find(a);
      std::optional<Type> lit = c == constants_.end() ? std::nullopt : literal_of(c->second);
      literal.push_back(lit ? *lit : type_of(a));
      has_literal |= lit.has_value();
    }
    std::vector<std::vector<Type>> tries;
    if (prefer_literals && has_literal) tries = {literal, plain};
    else if (has_literal) tries = {plain, literal};
    else tries = {plain};
    std::optional<OpUse> chosen;
    std::string refusal;
    for (const auto& types : tries) {
      auto use = scope_.resolver->resolve(qualname, types);
      if (!use) {
        if (refusal.empty()) refusal = use.error().message;
        continue;
      }
      if (use->available) {
        chosen = *use;
        break;
      }
      if (!chosen) chosen = *use;  // the first typable one is what gets reported missing
    }
    if (!chosen) fail(node, qualname + "(" + types_text(plain) + "): " + refusal);
    if (!chosen->available) scope_.note_missing(*chosen);
    f_.ops.push_back(*chosen);
    Instr i;
    i.kind = Instr::Kind::Call;
    i.name = qualname;
    i.args = args;
    i.op = static_cast<int>(f_.ops.size()) - 1;
    i.loc = loc_of(node);
    return emit(out, std::move(i), chosen->signature.result);
  }

  static std::string types_text(const std::vector<Type>& types) {
    std::string s;
    for (const auto& t : types) s += (s.empty() ? "" : ", ") + to_string(t);
    return s;
  }

  // The Literal type a constant int, bool or str may also be passed as.
  static std::optional<Type> literal_of(const json& c) {
    const std::string kind = c["kind"];
    const std::string value = c["value"];
    LiteralValue v;
    if (kind == "int") {
      v.kind = LiteralValue::Kind::Int;
      try {
        v.i = std::stoll(value);
      } catch (const std::exception&) {
        return std::nullopt;  // beyond int64: no Literal spelling
      }
    } else if (kind == "bool") {
      v.kind = LiteralValue::Kind::Bool;
      v.b = value == "True";
    } else if (kind == "str") {
      v.kind = LiteralValue::Kind::Str;
      v.s = value;
    } else {
      return std::nullopt;
    }
    return Type::literal_of(v);
  }

  ValueId truth(Block& out, ValueId v, const json& node) {
    if (type_of(v).kind == TypeKind::Bool) return v;
    return call(out, "operator.truth", {v}, node);
  }

  // ---- expressions ----
  ValueId expr(const json& node, Block& out) {
    const std::string& k = kind_of(node);
    if (k == "Constant") return constant_expr(node, out);
    if (k == "Name") return name_expr(node, out);
    if (k == "BinOp") {
      auto op = binary_ops().find(kind_of(node["op"]));
      if (op == binary_ops().end()) fail(node, "unsupported operator " + kind_of(node["op"]));
      const ValueId a = expr(node["left"], out);
      const ValueId b = expr(node["right"], out);
      return call(out, "operator." + op->second, {a, b}, node);
    }
    if (k == "UnaryOp") {
      auto op = unary_ops().find(kind_of(node["op"]));
      if (op == unary_ops().end()) fail(node, "unsupported unary operator " + kind_of(node["op"]));
      const ValueId a = expr(node["operand"], out);
      return call(out, "operator." + op->second, {a}, node);
    }
    if (k == "Compare") return compare_expr(node, out);
    if (k == "BoolOp") return bool_op(node, out);
    if (k == "IfExp") return if_expr(node, out);
    if (k == "Call") return call_expr(node, out);
    if (k == "Attribute") return attribute_expr(node, out);
    if (k == "Subscript") {
      const ValueId obj = expr(node["value"], out);
      if (kind_of(node["slice"]) == "Slice") return call(out, "opsynth.ops.getslice", slice_args(obj, node["slice"], out), node);
      const ValueId index = expr(node["slice"], out);
      return call(out, "operator.getitem", {obj, index}, node);
    }
    if (k == "List" || k == "Tuple") return sequence_expr(node, out, k == "List");
    if (k == "Dict") return dict_expr(node, out);
    if (k == "Slice") fail(node, "a slice can only be a subscript (x[a:b])");
    if (k == "ListComp") return comprehension(node, out, false);
    if (k == "DictComp") return comprehension(node, out, true);
    if (k == "JoinedStr") return f_string(node, out);
    if (k == "GeneratorExp" || k == "SetComp") fail(node, "generator expressions and sets are not supported");
    if (k == "Lambda") fail(node, "lambda is not supported");
    fail(node, "unsupported expression (" + k + ")");
  }

  // x[a:b:c] as opsynth.ops.getslice(x, a, b, c): an omitted bound is None.
  std::vector<ValueId> slice_args(ValueId obj, const json& slice, Block& out) {
    std::vector<ValueId> args{obj};
    for (const char* part : {"lower", "upper", "step"}) {
      if (slice[part].is_null()) args.push_back(constant(out, "None", scalar(TypeKind::None), json{{"kind", "None"}, {"value", "None"}}));
      else args.push_back(expr(slice[part], out));
    }
    return args;
  }

  ValueId constant_expr(const json& node, Block& out, std::optional<Type> expected = std::nullopt) {
    (void)expected;
    const std::string kind = node["kind"];
    const std::string value = node["value"];
    if (kind == "int") {
      try {
        (void)std::stoll(value);
      } catch (...) {
        fail(node, "integer constant " + value + " does not fit in int64");
      }
      return constant(out, value, scalar(TypeKind::Int), node);
    }
    if (kind == "float") return constant(out, value, scalar(TypeKind::Float), node);
    if (kind == "bool") return constant(out, value, scalar(TypeKind::Bool), node);
    if (kind == "str") return constant(out, value, scalar(TypeKind::Str), node);
    if (kind == "None") return constant(out, "None", scalar(TypeKind::None), node);
    fail(node, "unsupported constant of type " + kind);
  }

  ValueId name_expr(const json& node, Block& out) {
    const std::string id = node["id"];
    if (local_type(id)) return load(out, id, node);
    if (auto c = scope_.constants.find(id); c != scope_.constants.end()) return constant_expr(c->second, out);
    if (auto a = scope_.aliases.find(id); a != scope_.aliases.end()) {
      if (auto value = module_constant(a->second)) return module_constant_value(*value, node, out);
    }
    fail(node, "'" + id + "' is not defined here (a local, a parameter, a module constant or an imported constant)");
  }

  ValueId module_constant_value(const ConstantInfo& c, const json& node, Block& out) {
    json literal = node;
    literal["kind"] = c.kind;
    literal["value"] = c.value;
    return constant_expr(literal, out);
  }

  // `a.b`: a module constant (math.pi), or an attribute of a value (a.shape, a.T) as an operator.
  ValueId attribute_expr(const json& node, Block& out) {
    if (auto qualname = dotted_name(node["value"])) {
      const std::string full = *qualname + "." + node["attr"].get<std::string>();
      if (auto value = module_constant(full)) return module_constant_value(*value, node, out);
      fail(node, "'" + full + "' is not a constant opsynth can use (int, float, bool or str)");
    }
    const ValueId obj = expr(node["value"], out);
    auto owner = method_owner(type_of(obj));
    if (!owner) fail(node, "attributes of " + to_string(type_of(obj)) + " are not supported");
    return call(out, *owner + "." + node["attr"].get<std::string>(), {obj}, node);
  }

  // `np.linalg` → "numpy.linalg" when the name is an imported module (or a chain from one).
  std::optional<std::string> dotted_name(const json& node) const {
    const std::string& k = kind_of(node);
    if (k == "Name") {
      const std::string id = node["id"];
      if (local_type(id)) return std::nullopt;
      if (auto a = scope_.aliases.find(id); a != scope_.aliases.end()) return a->second;
      return std::nullopt;
    }
    if (k == "Attribute") {
      auto base = dotted_name(node["value"]);
      if (!base) return std::nullopt;
      return *base + "." + node["attr"].get<std::string>();
    }
    return std::nullopt;
  }

  ValueId compare_expr(const json& node, Block& out) {
    const auto& ops = node["ops"];
    const auto& comparators = node["comparators"];
    ValueId left = expr(node["left"], out);
    if (ops.size() == 1) return compare_one(kind_of(ops[0]), left, expr(comparators[0], out), node, out);
    // a < b < c: each comparison only if the previous held; every operand evaluated at most once.
    const std::string result = temp();
    declare(result, scalar(TypeKind::Bool), node);
    Block* current = &out;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const ValueId right = expr(comparators[i], *current);
      const ValueId held = truth(*current, compare_one(kind_of(ops[i]), left, right, node, *current), node);
      store(*current, result, held, node);
      if (i + 1 == ops.size()) break;
      current = &open_if(*current, held, node);
      left = right;
    }
    return load(out, result, node);
  }

  // Appends `if cond { } else { }` to `out` and returns its then-block, where lowering continues.
  Block& open_if(Block& out, ValueId cond, const json& node) {
    Node branch;
    branch.kind = Node::Kind::If;
    branch.cond = cond;
    branch.blocks.resize(2);
    branch.loc = loc_of(node);
    out.push_back(std::move(branch));
    return out.back().blocks[0];
  }

  ValueId compare_one(const std::string& op, ValueId left, ValueId right, const json& node, Block& out) {
    if (op == "In") return call(out, "operator.contains", {right, left}, node);
    if (op == "NotIn") return call(out, "operator.not_", {call(out, "operator.contains", {right, left}, node)}, node);
    auto it = compare_ops().find(op);
    if (it == compare_ops().end()) fail(node, "unsupported comparison " + op);
    return call(out, "operator." + it->second, {left, right}, node);
  }

  // `a and b` / `a or b`: Python's values (the deciding operand), evaluated left to right with
  // short circuit. Operands must share a type, which is the result's.
  ValueId bool_op(const json& node, Block& out) {
    const bool is_and = kind_of(node["op"]) == "And";
    const auto& values = node["values"];
    const std::string result = temp();
    ValueId first = expr(values[0], out);
    const Type type = type_of(first);
    declare(result, type, node);
    store(out, result, first, node);
    Block* current = &out;
    ValueId last = first;
    for (std::size_t i = 1; i < values.size(); ++i) {
      const ValueId t = truth(*current, last, node);
      ValueId go_on = t;
      if (!is_and) go_on = call(*current, "operator.not_", {t}, node);
      current = &open_if(*current, go_on, node);
      last = expr(values[i], *current);
      if (!(type_of(last) == type))
        fail(values[i], std::string(is_and ? "and" : "or") + " mixes " + to_string(type) + " and " +
                            to_string(type_of(last)) + ": its operands must have one type");
      store(*current, result, last, node);
    }
    return load(out, result, node);
  }

  ValueId if_expr(const json& node, Block& out) {
    const ValueId cond = truth(out, expr(node["test"], out), node);
    Node branch;
    branch.kind = Node::Kind::If;
    branch.cond = cond;
    branch.blocks.resize(2);
    branch.loc = loc_of(node);
    const std::string result = temp();
    const ValueId a = expr(node["body"], branch.blocks[0]);
    const ValueId b = expr(node["orelse"], branch.blocks[1]);
    if (!(type_of(a) == type_of(b)))
      fail(node, "the two values of a conditional expression are " + to_string(type_of(a)) + " and " +
                     to_string(type_of(b)) + ": they must have one type");
    declare(result, type_of(a), node);
    store(branch.blocks[0], result, a, node);
    store(branch.blocks[1], result, b, node);
    out.push_back(std::move(branch));
    return load(out, result, node);
  }

  ValueId sequence_expr(const json& node, Block& out, bool is_list) {
    std::vector<ValueId> items;
    std::vector<Type> types;
    for (const auto& e : node["elts"]) {
      items.push_back(expr(e, out));
      types.push_back(type_of(items.back()));
    }
    Instr i;
    i.kind = is_list ? Instr::Kind::MakeList : Instr::Kind::MakeTuple;
    i.args = items;
    i.loc = loc_of(node);
    if (!is_list) return emit(out, std::move(i), Type::tuple(types));
    if (items.empty()) fail(node, "an empty list needs its type: annotate the variable (xs: list[int] = [])");
    for (const auto& t : types)
      if (!(t == types[0])) fail(node, "a list literal mixes " + to_string(types[0]) + " and " + to_string(t));
    return emit(out, std::move(i), Type::list(types[0]));
  }

  ValueId dict_expr(const json& node, Block& out) {
    std::vector<ValueId> items;
    const auto& keys = node["keys"];
    const auto& values = node["values"];
    if (keys.empty()) fail(node, "an empty dict needs its type: annotate the variable (d: dict[str, int] = {})");
    std::optional<Type> key_type, value_type;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].is_null()) fail(node, "** in a dict literal is not supported");
      items.push_back(expr(keys[i], out));
      items.push_back(expr(values[i], out));
      const Type kt = type_of(items[items.size() - 2]);
      const Type vt = type_of(items.back());
      if (!key_type) key_type = kt, value_type = vt;
      if (!(kt == *key_type) || !(vt == *value_type)) fail(keys[i], "a dict literal mixes key or value types");
    }
    Instr i;
    i.kind = Instr::Kind::MakeDict;
    i.args = items;
    i.loc = loc_of(node);
    return emit(out, std::move(i), Type::dict(*key_type, *value_type));
  }

  // An empty [] or {} takes the annotated type.
  ValueId typed_empty(const json& node, const Type& type, Block& out) {
    Instr i;
    i.kind = kind_of(node) == "List" ? Instr::Kind::MakeList : Instr::Kind::MakeDict;
    i.loc = loc_of(node);
    if ((i.kind == Instr::Kind::MakeList && type.kind != TypeKind::List) ||
        (i.kind == Instr::Kind::MakeDict && type.kind != TypeKind::Dict))
      fail(node, "the annotation says " + to_string(type));
    return emit(out, std::move(i), type);
  }

  ValueId call_expr(const json& node, Block& out, std::optional<ValueId> lowered_receiver = std::nullopt) {
    const json& callee = node["func"];
    if (lowered_receiver) {
      auto owner = method_owner(type_of(*lowered_receiver));
      if (!owner) fail(callee, "methods of " + to_string(type_of(*lowered_receiver)) + " are not supported");
      return bound_call(*owner + "." + callee["attr"].get<std::string>(), {*lowered_receiver}, node, out);
    }
    for (const auto& a : node["args"])
      if (kind_of(a) == "Starred") fail(a, "*args in a call is not supported");
    // A function of this file.
    if (kind_of(callee) == "Name" && !local_type(callee["id"].get<std::string>())) {
      const std::string id = callee["id"];
      if (auto user = scope_.signatures.find(id); user != scope_.signatures.end()) return user_call(user->second, node, out);
      if (auto open = scope_.unsigned_functions.find(id); open != scope_.unsigned_functions.end())
        fail(node, "calls " + id + ", whose signature is not known: " + open->second.message);
      const std::string qualname = scope_.aliases.count(id) ? scope_.aliases.at(id) : "builtins." + id;
      return bound_call(qualname, {}, node, out);
    }
    if (kind_of(callee) == "Attribute") {
      if (auto module = dotted_name(callee["value"]))
        return bound_call(*module + "." + callee["attr"].get<std::string>(), {}, node, out);
      // A method: the receiver is the first argument of "<type>.<method>".
      const ValueId receiver = expr(callee["value"], out);
      auto owner = method_owner(type_of(receiver));
      if (!owner) fail(callee, "methods of " + to_string(type_of(receiver)) + " are not supported");
      return bound_call(*owner + "." + callee["attr"].get<std::string>(), {receiver}, node, out);
    }
    fail(callee, "only functions of this file, imported functions and methods can be called");
  }

  // A call of a function of this file, bound as Python binds it: positional, then keywords by name,
  // then the defaults of the parameters left (errors read like Python's TypeError, at compile time).
  ValueId user_call(const Function& target, const json& node, Block& out) {
    const std::size_t n = target.params.size();
    if (node["args"].size() > n)
      fail(node, target.name + "() takes " + std::to_string(n) + " positional arguments but " +
                     std::to_string(node["args"].size()) + " were given");
    std::vector<std::optional<ValueId>> bound(n);
    for (std::size_t i = 0; i < node["args"].size(); ++i) {
      if (kind_of(node["args"][i]) == "Starred") fail(node["args"][i], "*args in a call is not supported");
      bound[i] = expr(node["args"][i], out);
    }
    for (const auto& kw : node["keywords"]) {
      if (kw["arg"].is_null()) fail(kw, "**kwargs in a call is not supported");
      const std::string name = kw["arg"];
      auto p = std::find_if(target.params.begin(), target.params.end(), [&](const Param& q) { return q.name == name; });
      if (p == target.params.end()) fail(kw, target.name + "() got an unexpected keyword argument '" + name + "'");
      auto& slot = bound[static_cast<std::size_t>(p - target.params.begin())];
      if (slot) fail(kw, target.name + "() got multiple values for argument '" + name + "'");
      slot = expr(kw["value"], out);
    }
    std::vector<ValueId> args;
    for (std::size_t i = 0; i < n; ++i) {
      const Param& p = target.params[i];
      if (!bound[i]) {
        if (p.default_kind.empty()) fail(node, target.name + "() missing required argument: '" + p.name + "'");
        bound[i] = expr(json{{"_", "Constant"}, {"kind", p.default_kind}, {"value", p.default_text},
                             {"line", node.value("line", 0)}, {"col", node.value("col", 0)}}, out);
      }
      args.push_back(*bound[i]);
      if (!(type_of(args.back()) == p.type))
        fail(node, target.name + "() parameter '" + p.name + "' is " + to_string(p.type) + ", the argument " +
                       to_string(type_of(args.back())));
    }
    Instr i;
    i.kind = Instr::Kind::CallUser;
    i.name = target.name;
    i.args = args;
    i.loc = loc_of(node);
    return emit(out, std::move(i), target.result);
  }

  // Binds positional and keyword arguments to the callable's parameters (inspect.signature), filling
  // the gaps before the last bound one with their defaults as Literal constants (DESIGN §2).
  ValueId bound_call(const std::string& qualname, std::vector<ValueId> leading, const json& node, Block& out) {
    const CallableInfo& info = scope_.callable(qualname);
    if (!info.found) fail(node, qualname + ": " + info.why_not);
    std::vector<ValueId> positional = std::move(leading);
    for (const auto& a : node["args"]) positional.push_back(expr(a, out));
    std::vector<std::pair<std::string, ValueId>> keywords;
    for (const auto& kw : node["keywords"]) {
      if (kw["arg"].is_null()) fail(kw, "**kwargs in a call is not supported");
      keywords.emplace_back(kw["arg"].get<std::string>(), expr(kw["value"], out));
    }
    if (keywords.empty()) return call(out, qualname, positional, node);
    if (!info.signature_known)
      fail(node, qualname + " has no inspectable signature, so its keyword arguments cannot be bound; pass them by position");
    std::vector<std::optional<ValueId>> slots(info.params.size());
    std::size_t p = 0;
    for (ValueId v : positional) {
      while (p < info.params.size() && !info.params[p].positional) ++p;
      if (p >= info.params.size() || info.params[p].variadic) fail(node, qualname + ": too many positional arguments");
      slots[p++] = v;
    }
    for (const auto& [name, v] : keywords) {
      auto it = std::find_if(info.params.begin(), info.params.end(), [&](const ParamInfo& q) { return q.name == name; });
      if (it == info.params.end() || !it->keyword) fail(node, qualname + " has no keyword parameter '" + name + "'");
      const std::size_t index = static_cast<std::size_t>(it - info.params.begin());
      if (slots[index]) fail(node, qualname + ": '" + name + "' given twice");
      slots[index] = v;
    }
    std::size_t last = 0;
    for (std::size_t i = 0; i < slots.size(); ++i)
      if (slots[i]) last = i + 1;
    std::vector<ValueId> args;
    for (std::size_t i = 0; i < last; ++i) {
      if (slots[i]) {
        args.push_back(*slots[i]);
        continue;
      }
      const ParamInfo& q = info.params[i];
      if (!q.has_default) fail(node, qualname + ": missing argument '" + q.name + "'");
      if (!q.default_type)
        fail(node, qualname + ": '" + q.name + "' defaults to " + q.default_repr +
                       ", which has no Literal spelling; pass it explicitly");
      args.push_back(default_value(*q.default_type, node, out));
    }
    return call(out, qualname, args, node, /*prefer_literals=*/true);
  }

  // A parameter's default (None or a Literal) as the constant Python would pass.
  ValueId default_value(const Type& t, const json& node, Block& out) {
    json c = {{"line", node.value("line", 0)}, {"col", node.value("col", 0)}};
    TypeKind plain = TypeKind::None;
    std::string text = "None";
    if (t.kind == TypeKind::Literal) {
      const LiteralValue& v = t.literal;
      switch (v.kind) {
        case LiteralValue::Kind::Bool: plain = TypeKind::Bool, text = v.b ? "True" : "False"; break;
        case LiteralValue::Kind::Int: plain = TypeKind::Int, text = std::to_string(v.i); break;
        case LiteralValue::Kind::Str: plain = TypeKind::Str, text = v.s; break;
        case LiteralValue::Kind::Float: plain = TypeKind::Float, text = repr(Value(v.f)); break;
      }
    }
    static const std::map<TypeKind, const char*> kinds = {
        {TypeKind::None, "None"}, {TypeKind::Bool, "bool"}, {TypeKind::Int, "int"}, {TypeKind::Str, "str"}, {TypeKind::Float, "float"}};
    c["kind"] = kinds.at(plain);
    c["value"] = text;
    return constant(out, text, scalar(plain), c);
  }

  // ---- statements ----
  void block(const json& body, Block& out) {
    for (const auto& s : body) statement(s, out);
  }

  void statement(const json& s, Block& out) {
    const std::string& k = kind_of(s);
    if (k == "Expr") {
      if (kind_of(s["value"]) == "Constant") return;  // a docstring or a bare constant
      (void)expr(s["value"], out);
      return;
    }
    if (k == "Assign") return assign(s, out);
    if (k == "AnnAssign") return ann_assign(s, out);
    if (k == "AugAssign") return aug_assign(s, out);
    if (k == "Return") return return_statement(s, out);
    if (k == "If") return if_statement(s, out);
    if (k == "While") return while_statement(s, out);
    if (k == "For") return for_statement(s, out);
    if (k == "Break" || k == "Continue") {
      if (loop_depth_ == 0) fail(s, k == "Break" ? "'break' outside a loop" : "'continue' outside a loop");
      Node n;
      n.kind = k == "Break" ? Node::Kind::Break : Node::Kind::Continue;
      n.loc = loc_of(s);
      out.push_back(std::move(n));
      return;
    }
    if (k == "Pass") return;
    static const std::map<std::string, std::string> names = {
        {"Try", "try/except"},   {"With", "with"},       {"Raise", "raise"},   {"Global", "global"},
        {"Nonlocal", "nonlocal"}, {"ClassDef", "class"}, {"FunctionDef", "a nested function"},
        {"Lambda", "lambda"},    {"Delete", "del"},      {"Assert", "assert"}, {"Import", "import inside a function"},
        {"ImportFrom", "import inside a function"}};
    auto it = names.find(k);
    fail(s, (it == names.end() ? k : it->second) + " is not supported");
  }

  void assign_to(const json& target, ValueId v, Block& out, const json& s) {
    const std::string& k = kind_of(target);
    if (k == "Name") return store(out, target["id"], v, s);
    if (k == "Tuple" || k == "List") {
      const Type t = type_of(v);
      if (t.kind != TypeKind::Tuple || t.args.size() != target["elts"].size())
        fail(target, "cannot unpack " + to_string(t) + " into " + std::to_string(target["elts"].size()) + " names");
      for (std::size_t i = 0; i < t.args.size(); ++i) {
        Instr get;
        get.kind = Instr::Kind::TupleGet;
        get.args = {v};
        get.text = std::to_string(i);
        get.loc = loc_of(target);
        const ValueId item = emit(out, std::move(get), t.args[i]);
        assign_to(target["elts"][i], item, out, s);
      }
      return;
    }
    if (k == "Subscript") {
      const ValueId obj = expr(target["value"], out);
      if (kind_of(target["slice"]) == "Slice") {
        std::vector<ValueId> args = slice_args(obj, target["slice"], out);
        args.push_back(v);
        (void)call(out, "opsynth.ops.setslice", args, target);
        return;
      }
      const ValueId index = expr(target["slice"], out);
      (void)call(out, "operator.setitem", {obj, index, v}, target);
      return;
    }
    fail(target, "cannot assign to " + k);
  }

  void assign(const json& s, Block& out) {
    const ValueId v = expr(s["value"], out);
    for (const auto& target : s["targets"]) assign_to(target, v, out, s);
  }

  void ann_assign(const json& s, Block& out) {
    if (kind_of(s["target"]) != "Name") fail(s, "only names can be annotated");
    const std::string name = s["target"]["id"];
    const Type type = annotation_type(s["annotation"], scope_);
    declare(name, type, s);
    if (s["value"].is_null()) return;
    const json& value = s["value"];
    ValueId v;
    if ((kind_of(value) == "List" && value["elts"].empty()) || (kind_of(value) == "Dict" && value["keys"].empty()))
      v = typed_empty(value, type, out);
    else
      v = expr(value, out);
    store(out, name, v, s);
  }

  void aug_assign(const json& s, Block& out) {
    auto op = binary_ops().find(kind_of(s["op"]));
    if (op == binary_ops().end()) fail(s, "unsupported operator " + kind_of(s["op"]));
    const json& target = s["target"];
    if (kind_of(target) == "Name") {
      const ValueId current = load(out, target["id"], target);
      const ValueId value = expr(s["value"], out);
      const std::string qualname = "operator." + (immutable(type_of(current)) ? op->second : "i" + op->second);
      const ValueId result = call(out, qualname, {current, value}, s);
      store(out, target["id"], result, s);
      return;
    }
    if (kind_of(target) == "Subscript") {
      const ValueId obj = expr(target["value"], out);
      const ValueId index = expr(target["slice"], out);
      const ValueId current = call(out, "operator.getitem", {obj, index}, target);
      const ValueId value = expr(s["value"], out);
      const std::string qualname = "operator." + (immutable(type_of(current)) ? op->second : "i" + op->second);
      const ValueId result = call(out, qualname, {current, value}, s);
      (void)call(out, "operator.setitem", {obj, index, result}, target);
      return;
    }
    fail(target, "cannot assign to " + kind_of(target));
  }

  void return_statement(const json& s, Block& out) {
    Node n;
    n.kind = Node::Kind::Return;
    n.loc = loc_of(s);
    if (!s["value"].is_null()) {
      n.value = expr(s["value"], out);
      if (!(type_of(n.value) == f_.result))
        fail(s, "returns " + to_string(type_of(n.value)) + " where the annotation says " + to_string(f_.result) +
                    " (Python does not convert on return: convert explicitly, e.g. float(...))");
    } else if (f_.result.kind != TypeKind::None) {
      fail(s, "returns None where the annotation says " + to_string(f_.result));
    }
    out.push_back(std::move(n));
  }

  void if_statement(const json& s, Block& out) {
    const ValueId cond = truth(out, expr(s["test"], out), s["test"]);
    Node n;
    n.kind = Node::Kind::If;
    n.cond = cond;
    n.blocks.resize(2);
    n.loc = loc_of(s);
    block(s["body"], n.blocks[0]);
    block(s["orelse"], n.blocks[1]);
    out.push_back(std::move(n));
  }

  void while_statement(const json& s, Block& out) {
    if (!s["orelse"].empty()) fail(s, "while ... else is not supported");
    Node n;
    n.kind = Node::Kind::Loop;
    n.blocks.resize(3);
    n.loc = loc_of(s);
    n.cond = truth(n.blocks[0], expr(s["test"], n.blocks[0]), s["test"]);
    ++loop_depth_;
    block(s["body"], n.blocks[1]);
    --loop_depth_;
    out.push_back(std::move(n));
  }

  void for_statement(const json& s, Block& out) {
    if (!s["orelse"].empty()) fail(s, "for ... else is not supported");
    for_loop(s["target"], s["iter"], s, out, [&](Block& body) { block(s["body"], body); });
  }

  ValueId int_constant(Block& out, long value) {
    const std::string text = std::to_string(value);
    return constant(out, text, scalar(TypeKind::Int), json{{"kind", "int"}, {"value", text}});
  }

  bool is_builtin_call(const json& node, const char* name) const {
    return kind_of(node) == "Call" && kind_of(node["func"]) == "Name" && node["func"]["id"] == name &&
           !local_type(name) && !scope_.aliases.count(name) && !scope_.signatures.count(name) && node["keywords"].empty();
  }

  // A for loop over `iter` binding `target`, with the body lowered by `body`.
  //   range(...)                  a counted loop with Python's range rules
  //   a list, str or ndarray      by index, re-reading the length each time as CPython's iterators do,
  //                               through the builtins.len and operator.getitem operators
  //   enumerate(seq[, start])     the same, binding (index, item)
  //   zip(a, b, ...)              the same over the shortest, binding (a[i], b[i], ...)
  //   a dict, d.keys(), d.values(), d.items()
  //                               over a snapshot of the keys (builtins.list), reading values by key,
  //                               raising as CPython does once the dict's size changed
  void for_loop(const json& target, const json& iter, const json& s, Block& out, const std::function<void(Block&)>& body) {
    if (is_builtin_call(iter, "range")) return range_loop(target, iter, s, out, body);
    enum class Bind { Item, Enumerate, Zip, Values, Items } bind = Bind::Item;
    std::vector<ValueId> sequences;
    ValueId start_index = -1, dict = -1, dict_size = -1;
    if (is_builtin_call(iter, "enumerate")) {
      const auto& a = iter["args"];
      if (a.empty() || a.size() > 2) fail(iter, "enumerate() takes 1 or 2 arguments");
      sequences.push_back(expr(a[0], out));
      if (a.size() == 2) start_index = expr(a[1], out);
      bind = Bind::Enumerate;
    } else if (is_builtin_call(iter, "zip")) {
      if (iter["args"].size() < 2) fail(iter, "zip() needs at least two sequences here");
      for (const auto& a : iter["args"]) sequences.push_back(expr(a, out));
      bind = Bind::Zip;
    } else {
      std::string method;
      ValueId source = -1;
      if (kind_of(iter) == "Call" && kind_of(iter["func"]) == "Attribute" && iter["args"].empty() &&
          (iter["func"]["attr"] == "keys" || iter["func"]["attr"] == "values" || iter["func"]["attr"] == "items")) {
        source = expr(iter["func"]["value"], out);
        if (type_of(source).kind == TypeKind::Dict) method = iter["func"]["attr"];
        else source = call_expr(iter, out, source);  // a method of something else: iterate its result
      } else {
        source = expr(iter, out);
      }
      if (type_of(source).kind == TypeKind::Dict) {
        dict = source;
        dict_size = call(out, "builtins.len", {source}, iter);
        sequences.push_back(call(out, "builtins.list", {source}, iter));
        if (method == "values") bind = Bind::Values;
        if (method == "items") bind = Bind::Items;
      } else {
        sequences.push_back(source);
      }
    }
    std::vector<std::string> names;
    for (ValueId v : sequences) {
      names.push_back(temp());
      store(out, names.back(), v, s);
    }
    const std::string index = temp();
    store(out, index, int_constant(out, 0), s);
    Node n;
    n.kind = Node::Kind::Loop;
    n.blocks.resize(3);
    n.loc = loc_of(s);
    {
      Block& header = n.blocks[0];
      ValueId length = call(header, "builtins.len", {load(header, names[0], s)}, iter);
      for (std::size_t k = 1; k < names.size(); ++k)
        length = call(header, "builtins.min", {length, call(header, "builtins.len", {load(header, names[k], s)}, iter)}, iter);
      // CPython's dict iterator raises once the dict's size changed since the loop began (checked
      // before every step, the one that ends the loop too); the snapshot of the keys alone would not.
      if (dict >= 0) (void)call(header, "opsynth.ops.dict_iteration_check", {dict, dict_size}, iter);
      n.cond = call(header, "operator.lt", {load(header, index, s), length}, iter);
    }
    {
      Block& b = n.blocks[1];
      const ValueId i = load(b, index, s);
      std::vector<ValueId> items;
      for (const auto& name : names) items.push_back(call(b, "operator.getitem", {load(b, name, s), i}, iter));
      ValueId bound = items[0];
      auto pair = [&](ValueId a, ValueId c) {
        Instr t;
        t.kind = Instr::Kind::MakeTuple;
        t.args = {a, c};
        t.loc = loc_of(iter);
        return emit(b, std::move(t), Type::tuple({type_of(a), type_of(c)}));
      };
      switch (bind) {
        case Bind::Item: break;
        case Bind::Enumerate: {
          const ValueId position = start_index < 0 ? i : call(b, "operator.add", {start_index, i}, iter);
          bound = pair(position, items[0]);
          break;
        }
        case Bind::Zip: {
          Instr t;
          t.kind = Instr::Kind::MakeTuple;
          t.args = items;
          t.loc = loc_of(iter);
          std::vector<Type> types;
          for (ValueId v : items) types.push_back(type_of(v));
          bound = emit(b, std::move(t), Type::tuple(types));
          break;
        }
        case Bind::Values: bound = call(b, "operator.getitem", {dict, items[0]}, iter); break;
        case Bind::Items: bound = pair(items[0], call(b, "operator.getitem", {dict, items[0]}, iter)); break;
      }
      assign_to(target, bound, b, s);
      ++loop_depth_;
      body(b);
      --loop_depth_;
    }
    {
      Block& step = n.blocks[2];
      store(step, index, call(step, "operator.add", {load(step, index, s), int_constant(step, 1)}, iter), s);
    }
    out.push_back(std::move(n));
  }

  void range_loop(const json& target, const json& iter, const json& s, Block& out, const std::function<void(Block&)>& body) {
    if (kind_of(target) != "Name") fail(target, "the variable of a range loop must be a name");
    const auto& a = iter["args"];
    if (a.empty() || a.size() > 3) fail(iter, "range() takes 1 to 3 arguments");
    std::vector<ValueId> bounds;
    for (const auto& e : a) {
      bounds.push_back(expr(e, out));
      if (type_of(bounds.back()).kind != TypeKind::Int)
        fail(e, "range() arguments must be int, not " + to_string(type_of(bounds.back())));
    }
    Node n;
    n.kind = Node::Kind::ForRange;
    n.loc = loc_of(s);
    n.var = target["id"];
    declare(n.var, scalar(TypeKind::Int), target);
    n.start = a.size() == 1 ? int_constant(out, 0) : bounds[0];
    n.stop = a.size() == 1 ? bounds[0] : bounds[1];
    n.stride = a.size() == 3 ? bounds[2] : int_constant(out, 1);
    n.blocks.resize(1);
    ++loop_depth_;
    body(n.blocks[0]);
    --loop_depth_;
    out.push_back(std::move(n));
  }

  // Comprehensions: the generators as nested loops and ifs around `inner`.
  void comprehension_loops(const json& generators, std::size_t g, const json& node, Block& out,
                           const std::function<void(Block&)>& inner) {
    if (g == generators.size()) return inner(out);
    const json& gen = generators[g];
    if (gen.value("is_async", 0) != 0) fail(node, "async comprehensions are not supported");
    for_loop(gen["target"], gen["iter"], node, out, [&](Block& body) {
      Block* current = &body;
      for (const auto& test : gen["ifs"]) current = &open_if(*current, truth(*current, expr(test, *current), test), test);
      comprehension_loops(generators, g + 1, node, *current, inner);
    });
  }

  // A comprehension's targets live in a scope of their own, as in Python 3: `x = 5; [x for x in
  // range(3)]` leaves x at 5. Its names become "$c<N>_x" (never a Python name) everywhere but in the
  // first iterable, which Python evaluates in the enclosing scope.
  json scoped_comprehension(const json& node) {
    std::map<std::string, std::string> names;
    std::function<void(const json&)> targets = [&](const json& t) {
      if (kind_of(t) == "Name") names.emplace(t["id"].get<std::string>(), "");
      if (kind_of(t) == "Tuple" || kind_of(t) == "List")
        for (const auto& e : t["elts"]) targets(e);
    };
    for (const auto& gen : node["generators"]) targets(gen["target"]);
    const std::string prefix = "$c" + std::to_string(comprehensions_++) + "_";
    for (auto& [name, renamed] : names) renamed = prefix + name;
    std::function<void(json&)> rename = [&](json& j) {
      if (j.is_object()) {
        if (kind_of(j) == "Name")
          if (auto it = names.find(j["id"].get<std::string>()); it != names.end()) j["id"] = it->second;
        for (auto& [key, value] : j.items()) rename(value);
      } else if (j.is_array()) {
        for (auto& e : j) rename(e);
      }
    };
    json scoped = node;
    for (std::size_t g = 0; g < scoped["generators"].size(); ++g) {
      json& gen = scoped["generators"][g];
      rename(gen["target"]);
      rename(gen["ifs"]);
      if (g > 0) rename(gen["iter"]);
    }
    for (const char* part : {"elt", "key", "value"})
      if (scoped.contains(part)) rename(scoped[part]);
    return scoped;
  }

  // [elt for ...] and {k: v for ...}: a first pass over a scratch block learns the element types
  // (the list must exist before the loop), the second builds it with list.append / operator.setitem.
  ValueId comprehension(const json& original, Block& out, bool is_dict) {
    const json node = scoped_comprehension(original);
    Block scratch;
    std::optional<Type> key_type, value_type;
    comprehension_loops(node["generators"], 0, node, scratch, [&](Block& body) {
      if (is_dict) key_type = type_of(expr(node["key"], body));
      value_type = type_of(expr(is_dict ? node["value"] : node["elt"], body));
    });
    const Type type = is_dict ? Type::dict(*key_type, *value_type) : Type::list(*value_type);
    const std::string result = temp();
    Instr make;
    make.kind = is_dict ? Instr::Kind::MakeDict : Instr::Kind::MakeList;
    make.loc = loc_of(node);
    store(out, result, emit(out, std::move(make), type), node);
    comprehension_loops(node["generators"], 0, node, out, [&](Block& body) {
      if (is_dict) {
        const ValueId k = expr(node["key"], body);
        const ValueId v = expr(node["value"], body);
        (void)call(body, "operator.setitem", {load(body, result, node), k, v}, node);
      } else {
        const ValueId v = expr(node["elt"], body);
        (void)call(body, "list.append", {load(body, result, node), v}, node);
      }
    });
    return load(out, result, node);
  }

  // f"...{x!r:>8}...": each field formatted as CPython's FORMAT_VALUE does (str()/repr()/ascii() for a
  // conversion, then format(value, spec)), the pieces joined with operator.add.
  ValueId f_string(const json& node, Block& out) {
    std::optional<ValueId> joined;
    auto append = [&](ValueId piece) {
      joined = joined ? call(out, "operator.add", {*joined, piece}, node) : piece;
    };
    for (const auto& part : node["values"]) {
      if (kind_of(part) == "Constant") {
        append(constant_expr(part, out));
        continue;
      }
      if (kind_of(part) != "FormattedValue") fail(part, "unsupported f-string part " + kind_of(part));
      ValueId v = expr(part["value"], out);
      const int conversion = part["conversion"].get<int>();
      if (conversion == 's') v = call(out, "builtins.str", {v}, part);
      else if (conversion == 'r') v = call(out, "builtins.repr", {v}, part);
      else if (conversion == 'a') v = call(out, "builtins.ascii", {v}, part);
      std::string spec;
      if (!part["format_spec"].is_null()) {
        for (const auto& piece : part["format_spec"]["values"]) {
          if (kind_of(piece) != "Constant") fail(piece, "a computed format spec is not supported");
          spec += piece["value"].get<std::string>();
        }
      }
      if (spec.empty() && type_of(v).kind == TypeKind::Str) {
        append(v);  // format(s, '') is s itself
      } else if (spec.empty()) {
        append(call(out, "builtins.format", {v}, part));
      } else {
        const ValueId spec_value = constant(out, spec, scalar(TypeKind::Str), json{{"kind", "str"}, {"value", spec}});
        append(call(out, "builtins.format", {v, spec_value}, part, /*prefer_literals=*/true));
      }
    }
    if (!joined) return constant(out, "", scalar(TypeKind::Str), json{{"kind", "str"}, {"value", ""}});
    return *joined;
  }

  static bool always_returns(const json& body) {
    if (body.empty()) return false;
    const json& last = body.back();
    const std::string& k = kind_of(last);
    if (k == "Return") return true;
    if (k == "If") return always_returns(last["body"]) && always_returns(last["orelse"]);
    if (k == "While" && kind_of(last["test"]) == "Constant" && last["test"]["value"] == "True") return true;
    return false;
  }

  ModuleScope& scope_;
  Function& f_;
  std::vector<Type> types_;
  std::map<ValueId, json> constants_;
  int temps_ = 0;
  int comprehensions_ = 0;  // numbers each comprehension's scope ("$c3_x")
  int loop_depth_ = 0;
};

// Module level: imports, constants and function signatures; anything else is refused.
void collect_module(const json& ast, ModuleScope& scope, std::vector<const json*>& defs) {
  for (const auto& s : ast["body"]) {
    const std::string& k = kind_of(s);
    if (k == "Import") {
      for (const auto& alias : s["names"]) {
        const std::string name = alias["name"];
        if (alias["asname"].is_null()) scope.aliases[name.substr(0, name.find('.'))] = name.substr(0, name.find('.'));
        else scope.aliases[alias["asname"].get<std::string>()] = name;
      }
    } else if (k == "ImportFrom") {
      if (s["module"].is_null() || s["level"].get<int>() != 0) fail(s, "relative imports are not supported");
      for (const auto& alias : s["names"]) {
        const std::string name = alias["name"];
        if (name == "*") fail(s, "'from ... import *' is not supported: import names explicitly");
        const std::string local = alias["asname"].is_null() ? name : alias["asname"].get<std::string>();
        scope.aliases[local] = s["module"].get<std::string>() + "." + name;
      }
    } else if (k == "FunctionDef") {
      defs.push_back(&s);
    } else if (k == "Assign" && s["targets"].size() == 1 && kind_of(s["targets"][0]) == "Name" &&
               kind_of(s["value"]) == "Constant") {
      scope.constants[s["targets"][0]["id"].get<std::string>()] = s["value"];
    } else if (k == "Expr" && kind_of(s["value"]) == "Constant") {
      // the module docstring
    } else if (k == "AnnAssign" && kind_of(s["target"]) == "Name" && kind_of(s["value"]) == "Constant") {
      scope.constants[s["target"]["id"].get<std::string>()] = s["value"];
    } else if (k == "If" && kind_of(s["test"]) == "Compare") {
      // `if __name__ == "__main__":` blocks run only as a script: not part of the library.
    } else {
      fail(s, "module-level " + k + " is not supported (only imports, constants and functions)");
    }
  }
}

// A default value's constant as (kind, Python spelling): `3`, `-1e-12`, `"linear"`, `True`, `None`.
std::optional<std::pair<std::string, std::string>> default_constant(const json& node) {
  if (kind_of(node) == "Constant") return std::pair{node["kind"].get<std::string>(), node["value"].get<std::string>()};
  if (kind_of(node) == "UnaryOp" && kind_of(node["op"]) == "USub" && kind_of(node["operand"]) == "Constant") {
    const std::string k = node["operand"]["kind"];
    if (k == "int" || k == "float") return std::pair{k, "-" + node["operand"]["value"].get<std::string>()};
  }
  return std::nullopt;
}

// `given`: the --sig of this function, which must agree with every annotation and completes the
// ones that leave something open (NDArray's rank).
Function signature_of(const json& def, const ModuleScope& scope, const Signature* given = nullptr) {
  Function f;
  f.name = def["name"];
  f.loc = loc_of(def);
  const json& args = def["args"];
  if (!args["vararg"].is_null() || !args["kwarg"].is_null() || !args["kwonlyargs"].empty() ||
      !args["posonlyargs"].empty())
    fail(def, f.name + ": only plain positional parameters are supported");

  if (!def["decorator_list"].empty()) fail(def, f.name + ": decorators are not supported");
  if (given && given->params.size() != args["args"].size())
    fail(def, "--sig gives " + std::to_string(given->params.size()) + " parameter types but " + f.name + " has " +
                  std::to_string(args["args"].size()));
  for (std::size_t i = 0; i < args["args"].size(); ++i) {
    const json& a = args["args"][i];
    const std::string name = a["arg"];
    if (a["annotation"].is_null()) fail(a, f.name + ": parameter '" + name + "' needs a type annotation");
    const Type* g = given ? &given->params[i] : nullptr;
    Type t = annotation_type(a["annotation"], scope, g);
    if (g && !(t == *g))
      fail(a, "--sig gives parameter '" + name + "' the type " + to_string(*g) + " but its annotation says " + to_string(t));
    f.params.push_back({name, std::move(t), "", ""});
  }
  // Defaults belong to the last parameters; each must be a constant of the parameter's type.
  const std::size_t first_default = f.params.size() - args["defaults"].size();
  for (std::size_t i = 0; i < args["defaults"].size(); ++i) {
    Param& p = f.params[first_default + i];
    const json& d = args["defaults"][i];
    auto constant = default_constant(d);
    if (!constant) fail(d, f.name + ": the default of '" + p.name + "' must be a constant (a number, str, bool or None)");
    static const std::map<std::string, TypeKind> kinds = {{"int", TypeKind::Int}, {"float", TypeKind::Float},
                                                          {"bool", TypeKind::Bool}, {"str", TypeKind::Str},
                                                          {"None", TypeKind::None}};
    auto kind = kinds.find(constant->first);
    if (kind == kinds.end() || !(scalar(kind->second) == p.type))
      fail(d, f.name + ": the default of '" + p.name + "' is " + constant->first + " but the annotation says " +
                  to_string(p.type) + (p.type.kind == TypeKind::Float && constant->first == "int" ? " (write it as a float: 1.0)" : ""));
    p.default_kind = constant->first;
    p.default_text = constant->second;
  }
  if (def["returns"].is_null()) fail(def, f.name + ": the return type needs an annotation (-> float, -> None, ...)");
  f.result = annotation_type(def["returns"], scope, given ? &given->result : nullptr);
  if (given && !(f.result == given->result))
    fail(def["returns"], "--sig gives the result type " + to_string(given->result) + " but the annotation says " +
                             to_string(f.result));
  return f;
}

// Functions of the file a body calls.
std::vector<std::string> user_callees(const Block& block) {
  std::vector<std::string> out;
  for (const Node& n : block) {
    if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::CallUser) out.push_back(n.instr.name);
    for (const Block& inner : n.blocks)
      for (auto& name : user_callees(inner)) out.push_back(std::move(name));
  }
  return out;
}

}  // namespace

std::string Diagnostic::text() const {
  return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": " + message;
}

Result<Lowered> lower_module(const json& ast, const LowerOptions& options, OpResolver& resolver) {
  ModuleScope scope;
  scope.file = options.file;
  scope.resolver = &resolver;
  try {
    std::vector<const json*> defs;
    collect_module(ast, scope, defs);
    auto defined = [&](const std::string& name) {
      return std::any_of(defs.begin(), defs.end(), [&](const json* d) { return (*d)["name"] == name; });
    };
    for (const auto& name : options.only) {
      if (!defined(name)) {
        std::string known;
        for (const json* d : defs) known += (known.empty() ? "" : ", ") + (*d)["name"].get<std::string>();
        return Error{options.file + ": no function '" + name + "' (the file defines: " +
                         (known.empty() ? "none" : known) + ")",
                     name};
      }
    }
    if (options.sig && options.only.size() != 1)
      return Error{"--sig gives one function's signature: name it as FILE.py::FN", options.file};
    for (const json* def : defs) {
      const std::string name = (*def)["name"];
      const bool given = options.sig && name == options.only[0];
      try {
        Function f = signature_of(*def, scope, given ? &*options.sig : nullptr);
        scope.signatures[f.name] = f;
      } catch (const LowerError& e) {
        // Another function's open annotation matters only if it is compiled or called.
        const bool wanted = options.only.empty() || std::find(options.only.begin(), options.only.end(), name) != options.only.end();
        if (wanted) throw;
        scope.unsigned_functions.emplace(name, e);
      }
    }
    Lowered lowered;
    lowered.module.file = options.file;
    // The requested functions are exported; the file's functions they call (transitively) are
    // compiled in beside them without an entry of their own.
    std::vector<std::string> wanted = options.only;
    if (wanted.empty())
      for (const json* def : defs) wanted.push_back((*def)["name"]);
    std::set<std::string> done;
    for (std::size_t w = 0; w < wanted.size(); ++w) {
      const std::string name = wanted[w];
      if (!done.insert(name).second) continue;
      const json* def = *std::find_if(defs.begin(), defs.end(), [&](const json* d) { return (*d)["name"] == name; });
      Function f = scope.signatures[name];
      f.exported = w < (options.only.empty() ? defs.size() : options.only.size());
      FunctionLowerer(scope, f).lower(*def);
      for (const auto& callee : user_callees(f.body))
        if (!done.count(callee)) wanted.push_back(callee);
      lowered.module.functions.push_back(std::move(f));
    }
    if (lowered.module.functions.empty()) return Error{options.file + ": no annotated top-level function to compile", options.file};
    lowered.missing = scope.missing;
    return lowered;
  } catch (const LowerError& e) {
    return Error{Diagnostic{options.file, e.loc, e.message}.text(), options.file};
  } catch (const json::exception& e) {
    return Error{options.file + ": unexpected syntax tree (" + std::string(e.what()) + ")", options.file};
  }
}

}  // namespace opsynth::compiler

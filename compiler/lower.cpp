// Lowering and typing the Python AST to the IR (see lower.hpp).
//
// Typing is an abstract interpretation fused with lowering: the lowerer walks a function in
// execution order carrying an environment (each bound variable's type, environment.hpp), so every
// construct whose lowering depends on a type (a method's owner, a loop over a dict or a list, `+=` on
// a list or an int) sees the type it has on that path. Where paths meet the environments join, and
// values move into the joined type's slot (Widen); a loop is lowered again until the environment at
// its head and after it settle; a function is lowered again while it learns what its empty [] and {}
// hold, or its own result type (recursion, or returns that need converting into a union). A separate
// untyped IR would need each type-dependent construct lowered twice, once per phase.
#include "compiler/lower.hpp"

#include <algorithm>
#include <bit>
#include <deque>
#include <set>

#include "compiler/annotations.hpp"
#include "compiler/dict_list_appends.hpp"
#include "compiler/loop_reserve.hpp"
#include "compiler/dtype_values.hpp"
#include "compiler/environment.hpp"
#include "compiler/frontend.hpp"
#include "compiler/min_max_pairs.hpp"
#include "compiler/reduction_lanes.hpp"
#include "compiler/setdefault_empty.hpp"
#include "compiler/syntax_check.hpp"
#include "compiler/type_rules.hpp"
#include "core/value.hpp"

namespace opsynth::compiler {
namespace {

using nlohmann::json;

// Raised inside the lowerer, caught at its edge: lowering stops at the first structural error.
struct LowerError {
  SourceLoc loc;
  std::string message;
};

SourceLoc loc_of(const json& node) { return SourceLoc{node.value("line", 0), node.value("col", 0)}; }
std::string position(const json& node) {
  return std::to_string(node.value("line", 0)) + ":" + std::to_string(node.value("col", 0));
}

[[noreturn]] void fail(const json& node, std::string message) { throw LowerError{loc_of(node), std::move(message)}; }

const std::string& kind_of(const json& node) {
  static const std::string none = "?";
  if (!node.is_object() || !node.contains("_")) return none;
  return node["_"].get_ref<const std::string&>();
}

Type scalar(TypeKind k) { return Type::scalar(k); }

// A loop or function lowered this many times without its types settling is an error naming them.
constexpr int kMaxRounds = 10;

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

std::string types_text(const std::vector<Type>& types) {
  std::string s;
  for (const auto& t : types) s += (s.empty() ? "" : ", ") + to_string(t);
  return s;
}

// A def's parameters as written: names, annotations, defaults.
struct DefShape {
  std::vector<std::string> names;
  std::vector<std::optional<Annotation>> annotations;
  std::vector<std::optional<std::pair<std::string, std::string>>> defaults;  // (kind, Python spelling)
  std::vector<const json*> nodes;                                             // each parameter's node
  std::optional<Annotation> result;
};

// Module level: what every function of the file shares, and the instances (one per argument types)
// of the file's functions lowered so far.
struct ModuleScope {
  std::string file;
  std::map<std::string, std::string> aliases;  // local name -> qualified name ("np" -> "numpy", "sqrt" -> "math.sqrt")
  std::map<std::string, json> constants;       // module-level NAME = <constant> assignments
  std::map<std::string, const json*> defs;     // the file's functions
  std::map<std::string, DefShape> shapes;
  OpResolver* resolver = nullptr;
  std::map<std::string, CallableInfo> callables;
  std::deque<Function> functions;  // every instance; a deque keeps references valid while it grows
  struct Instance {
    std::vector<Type> params;
    Function* function = nullptr;
    bool in_progress = false;
  };
  std::map<std::string, std::vector<Instance>> instances;  // by Python name

  const CallableInfo& callable(const std::string& qualname) {
    auto it = callables.find(qualname);
    if (it == callables.end()) it = callables.emplace(qualname, describe_callable(qualname)).first;
    return it->second;
  }
  const DefShape& shape(const std::string& name);
  // The instance of the file's function `name` at these argument types, lowered on first use (a
  // call node for messages). While it is being lowered (recursion) its result is what its current
  // pass assumes, possibly not known yet.
  Function& instance(const std::string& name, const std::vector<Type>& args, const json& call);
  // An exported function: its parameters' types come from its annotations, --sig or examples.
  Function& export_function(const std::string& name, const std::vector<Type>& params);

 private:
  Function& lower_instance(const std::string& name, const std::vector<Type>& params, bool exported);
};

// Decorators the compiler may ignore: @opsynth.jit (compiling is what it asks for).
bool ignorable_decorator(const json& d, const std::map<std::string, std::string>& aliases) {
  const json& callee = kind_of(d) == "Call" ? d["func"] : d;
  const auto name = imported_name(callee, aliases);
  return name == "opsynth.jit" || name == "opsynth.jit.jit";
}

DefShape read_shape(const json& def, const std::map<std::string, std::string>& aliases) {
  DefShape shape;
  const std::string name = def["name"];
  const json& args = def["args"];
  if (!args["vararg"].is_null() || !args["kwarg"].is_null() || !args["kwonlyargs"].empty() ||
      !args["posonlyargs"].empty())
    fail(def, name + ": only plain positional parameters are supported");
  for (const auto& d : def["decorator_list"])
    if (!ignorable_decorator(d, aliases)) fail(d, name + ": decorators are not supported (only @opsynth.jit)");
  try {
    for (const auto& a : args["args"]) {
      shape.names.push_back(a["arg"]);
      shape.nodes.push_back(&a);
      shape.annotations.push_back(a["annotation"].is_null() ? std::nullopt
                                                            : std::optional<Annotation>(read_annotation(a["annotation"], aliases)));
      shape.defaults.emplace_back();
    }
    if (!def["returns"].is_null()) shape.result = read_annotation(def["returns"], aliases);
  } catch (const AnnotationError& e) {
    throw LowerError{e.loc, e.message};
  }
  const std::size_t first_default = shape.names.size() - args["defaults"].size();
  for (std::size_t i = 0; i < args["defaults"].size(); ++i) {
    const json& d = args["defaults"][i];
    auto constant = default_constant(d);
    if (!constant || !constant_kind_type(constant->first))
      fail(d, name + ": the default of '" + shape.names[first_default + i] +
                  "' must be a constant (a number, str, bool or None)");
    const auto& annotation = shape.annotations[first_default + i];
    if (annotation && annotation->type && !(*constant_kind_type(constant->first) == *annotation->type))
      fail(d, name + ": the default of '" + shape.names[first_default + i] + "' is " + constant->first +
                  " but the annotation says " + annotation->text +
                  (annotation->type->kind == TypeKind::Float && constant->first == "int" ? " (write it as a float: 1.0)" : ""));
    shape.defaults[first_default + i] = constant;
  }
  return shape;
}

const DefShape& ModuleScope::shape(const std::string& name) {
  auto it = shapes.find(name);
  if (it == shapes.end()) it = shapes.emplace(name, read_shape(*defs.at(name), aliases)).first;
  return it->second;
}

// Names a function binds anywhere in its body (Python's rule for what is local), comprehensions aside.
void bound_names(const json& node, std::set<std::string>& out) {
  if (node.is_array()) {
    for (const auto& e : node) bound_names(e, out);
    return;
  }
  if (!node.is_object()) return;
  const std::string& k = kind_of(node);
  if (k == "ListComp" || k == "DictComp" || k == "SetComp" || k == "GeneratorExp" || k == "Lambda") return;
  if (k == "Name" && kind_of(node["ctx"]) != "Load") out.insert(node["id"].get<std::string>());
  for (const auto& [key, value] : node.items())
    if (value.is_object() || value.is_array()) bound_names(value, out);
}

// What lowering has learned about one empty [] or {} (or a comprehension's result): the types of
// what is added to it, first where they came from.
struct OpenSite {
  bool is_dict = false;
  std::optional<Type> element, key, value;
  std::string learned_at;  // "12:5": where the element (or value) type was first seen
  bool complete() const { return is_dict ? key && value : element.has_value(); }
};

class FunctionLowerer {
 public:
  FunctionLowerer(ModuleScope& scope, Function& f, const json& def, std::optional<Annotation> result_annotation)
      : scope_(scope), f_(f), def_(def), result_annotation_(std::move(result_annotation)) {
    bound_names(def["body"], local_names_);
    for (const auto& p : f.params) local_names_.insert(p.name);
  }

  // Passes until nothing new is learned: what empty containers hold, and the function's result.
  void lower() {
    IrType assumed;  // the result the current pass assumes (recursive calls see it)
    if (result_annotation_ && result_annotation_->type) assumed = IrType::of(*result_annotation_->type);
    for (int pass = 0;; ++pass) {
      if (pass == kMaxRounds)
        fail(def_, "the types in " + f_.name + " do not settle (its result went from " + to_string(assumed) + ")");
      f_.result = assumed;
      run_pass(assumed);
      IrType result = returns_;
      if (!result.known()) result = IrType::of(scalar(TypeKind::None));  // it never returns: any type would do
      if (result_annotation_ && result_annotation_->type) result = IrType::of(*result_annotation_->type);
      const bool changed = !(result == assumed);
      if (incomplete_) {
        if (learned_ || changed) {
          assumed = result;
          continue;
        }
        throw LowerError{incomplete_->loc, incomplete_->message};
      }
      // A union result: returns must convert into it; a recursive call must see the result it has.
      if (learned_ || (changed && (result.is_union() || recursive_))) {
        assumed = result;
        continue;
      }
      f_.result = result;
      break;
    }
    collect_locals();
  }

 private:
  struct Incomplete {
    SourceLoc loc;
    std::string message;
  };
  struct LoopFrame {
    Env head;                       // the head's assumed environment (continue widens into it)
    std::optional<Env> after;       // the assumed environment after the loop (break widens into it)
    std::optional<Env> continues;   // joined environments of the back edges
    std::optional<Env> breaks;      // joined environments of the breaks
  };
  using Body = std::function<std::optional<ValueId>(Block&, const std::vector<ValueId>&)>;

  void run_pass(const IrType& assumed) {
    f_.body.clear();
    f_.ops.clear();
    types_.clear();
    constants_.clear();
    loaded_slot_.clear();
    f_.next_value = 0;
    temps_ = 0;
    comprehensions_ = 0;
    returns_ = IrType{};
    assumed_result_ = assumed;
    incomplete_.reset();
    deferred_.reset();
    learned_ = false;
    recursive_ = false;
    env_ = Env{};
    for (const auto& p : f_.params) {
      Instr i;
      i.kind = Instr::Kind::Param;
      i.name = p.name;
      const ValueId v = emit(f_.body, std::move(i), IrType::of(p.type));
      store(f_.body, p.name, v, def_);
    }
    block(def_["body"], f_.body);
    if (env_) {  // the end is reachable: Python returns None there
      if (result_annotation_ && result_annotation_->type && result_annotation_->type->kind != TypeKind::None)
        fail(def_, "function '" + f_.name + "' can reach its end without a return, where Python would return None "
                                            "but the annotation says " + result_annotation_->text);
      return_value(f_.body, none_constant(f_.body), def_);
    }
  }

  // ---- values ----
  ValueId emit(Block& out, Instr i, const IrType& type) {
    i.result = f_.next_value++;
    i.type = type;
    types_.push_back(type);
    Node n;
    n.kind = Node::Kind::Op;
    n.instr = std::move(i);
    out.push_back(std::move(n));
    return out.back().instr.result;
  }
  void emit_effect(Block& out, Instr i) {
    Node n;
    n.kind = Node::Kind::Op;
    n.instr = std::move(i);
    out.push_back(std::move(n));
  }
  // Ends this path with the exception CPython raised on a probe (class and constant message) at `node`.
  void end_path_raising(Block& out, const PythonRaise& raised, const json& node) {
    Instr i;
    i.kind = Instr::Kind::Raise;
    i.name = raised.exception;
    i.text = raised.message;
    i.loc = loc_of(node);
    emit_effect(out, std::move(i));
    env_ = std::nullopt;
  }
  // By value: emitting grows types_, so a reference could dangle.
  IrType type_of(ValueId v) const { return types_.at(static_cast<std::size_t>(v)); }
  bool is_plain(ValueId v) const { return type_of(v).known() && !type_of(v).is_union(); }
  Type plain(ValueId v) const { return type_of(v).plain(); }
  // Whether v has one known type of this kind (not a union).
  bool is_plain_kind(ValueId v, TypeKind kind) const { return is_plain(v) && plain(v).kind == kind; }

  ValueId constant(Block& out, const std::string& text, const Type& type, const json& node) {
    Instr i;
    i.kind = Instr::Kind::Const;
    i.text = text;
    i.loc = loc_of(node);
    const ValueId v = emit(out, std::move(i), IrType::of(type));
    constants_[v] = node;
    return v;
  }
  // A dtype as a value: the Literal of its name (compiler/dtype_values.hpp says why).
  bool is_dtype_constant(ValueId v) const {
    if (!constants_.count(v) || !is_plain(v)) return false;
    const Type t = plain(v);
    return t.kind == TypeKind::Literal && t.literal.kind == LiteralValue::Kind::Str && dtype_from_name(t.literal.s);
  }
  ValueId dtype_constant(Block& out, Dtype dtype, const json& node) {
    LiteralValue name;
    name.kind = LiteralValue::Kind::Str;
    name.s = std::string(dtype_name(dtype));
    json c = {{"kind", "str"}, {"value", name.s}, {"line", node.value("line", 0)}, {"col", node.value("col", 0)}};
    return constant(out, name.s, Type::literal_of(name), c);
  }
  ValueId none_constant(Block& out) {
    return constant(out, "None", scalar(TypeKind::None), json{{"kind", "None"}, {"value", "None"}});
  }
  ValueId int_constant(Block& out, long value) {
    const std::string text = std::to_string(value);
    return constant(out, text, scalar(TypeKind::Int), json{{"kind", "int"}, {"value", text}});
  }

  // A value whose type this pass cannot know yet (an empty container's, or one computed from it). The
  // pass is incomplete: it is lowered again once something was learned, else `why` is the error.
  ValueId placeholder(Block& out, const IrType& type, const json& node, const std::string& why) {
    if (!incomplete_) incomplete_ = Incomplete{loc_of(node), why};
    Instr i;
    i.kind = Instr::Kind::Const;
    i.text = "?";
    return emit(out, std::move(i), type);
  }
  std::string unknown_reason(const IrType& t) const {
    if (!t.open_site.empty())
      return "cannot tell what the " + t.open_site + " holds: nothing is added to it before it is used here "
             "(annotate it, e.g. xs: list[float] = [] or d: dict[str, int] = {})";
    return "cannot tell this value's type: it comes from a recursive call of " + f_.name +
           " whose result is not known yet (annotate its result)";
  }
  ValueId unknown_use(Block& out, ValueId v, const json& node) {
    IrType derived = IrType::unknown(type_of(v).open_site);
    derived.derived = true;
    return placeholder(out, derived, node, unknown_reason(type_of(v)));
  }
  // A value on a path no execution reaches (after a raise): never used.
  ValueId dead_value(Block& out) { return none_constant(out); }

  // ---- variables ----
  bool is_local(const std::string& name) const {
    return local_names_.count(name) > 0 || (env_ && env_->count(name) > 0);
  }
  // The slot holding `name` while it has type t: one per (name, type).
  std::string slot(const std::string& name, const IrType& t) {
    const std::string key = name + "\n" + to_string(t) + "\n" + t.open_site;
    if (auto it = slots_.find(key); it != slots_.end()) return it->second;
    const int n = ++slot_counts_[name];
    const std::string s = n == 1 ? name : name + "'" + std::to_string(n);
    slots_.emplace(key, s);
    slot_order_.push_back(Local{s, name, t});
    return s;
  }
  void store(Block& out, const std::string& name, ValueId v, const json& node) {
    if (!env_) return;
    const IrType t = type_of(v);
    (*env_)[name] = VarState{t, false};
    Instr i;
    i.kind = Instr::Kind::Store;
    i.name = slot(name, t);
    i.args = {v};
    i.loc = loc_of(node);
    emit_effect(out, std::move(i));
  }
  ValueId load(Block& out, const std::string& name, const json& node) {
    if (!env_) return dead_value(out);
    auto it = env_->find(name);
    if (it == env_->end())  // no path here assigned it (a later pass may find a loop's back edge did)
      return placeholder(out, IrType{}, node, "'" + name + "' is used before it is assigned");
    Instr i;
    i.kind = Instr::Kind::Load;
    i.name = slot(name, it->second.type);
    i.loc = loc_of(node);
    const std::string loaded = i.name;
    const ValueId v = emit(out, std::move(i), it->second.type);
    loaded_slot_[v] = loaded;
    return v;
  }
  std::string temp() { return "$t" + std::to_string(temps_++); }

  // One `for target in iter` clause of a comprehension the lowering makes.
  static json generator_node(const json& target, const json& iter) {
    return {{"_", "comprehension"}, {"target", target}, {"iter", iter}, {"ifs", json::array()}, {"is_async", 0}};
  }

  // A node the lowering makes, placed where `where` is in the source (for its errors).
  static json located(json j, const json& where) {
    j["line"] = where.value("line", 0);
    j["col"] = where.value("col", 0);
    return j;
  }

  bool same_load(ValueId a, ValueId b) const {
    auto x = loaded_slot_.find(a), y = loaded_slot_.find(b);
    return a == b || (x != loaded_slot_.end() && y != loaded_slot_.end() && x->second == y->second);
  }

  // At a join: every variable whose type widened moves into the slot of its joined type.
  void widen(Block& out, const Env& from, const Env& to) {
    for (const auto& [name, state] : to) {
      auto it = from.find(name);
      if (it == from.end() || it->second.type == state.type || !it->second.type.known() || !state.type.known()) continue;
      if (!subsumes(state.type, it->second.type)) continue;  // an assumption a later round corrects
      Instr i;
      i.kind = Instr::Kind::Widen;
      i.name = slot(name, it->second.type);
      i.text = slot(name, state.type);
      i.type = state.type;
      emit_effect(out, std::move(i));
    }
  }

  // if cond { then } else { otherwise }, the environments of both branches joined after it.
  void branch(Block& out, ValueId cond, const json& node, const std::function<void(Block&)>& then,
              const std::function<void(Block&)>& otherwise) {
    Node n;
    n.kind = Node::Kind::If;
    n.cond = cond;
    n.blocks.resize(2);
    n.loc = loc_of(node);
    const std::optional<Env> before = env_;
    then(n.blocks[0]);
    const std::optional<Env> after_then = env_;
    env_ = before;
    otherwise(n.blocks[1]);
    const std::optional<Env> after_else = env_;
    env_ = join(after_then, after_else);
    if (after_then && env_) widen(n.blocks[0], *after_then, *env_);
    if (after_else && env_) widen(n.blocks[1], *after_else, *env_);
    out.push_back(std::move(n));
  }

  // Lowers `body` once per alternative of each tagged union among `args` (narrowed to it in an
  // if-chain on the tag); the branches' results meet in a temporary. nullopt: every path raised.
  std::optional<ValueId> dispatch(Block& out, const std::vector<ValueId>& args, const json& node, const Body& body) {
    std::size_t k = 0;
    while (k < args.size() && !type_of(args[k]).is_union()) ++k;
    if (k == args.size()) return body(out, args);
    const IrType u = type_of(args[k]);
    const std::string result = temp();
    std::function<void(Block&, std::size_t)> chain = [&](Block& b, std::size_t alt) {
      auto narrowed = [&, alt](Block& inner) {
        Instr get;
        get.kind = Instr::Kind::UnionGet;
        get.args = {args[k]};
        get.text = std::to_string(alt);
        std::vector<ValueId> next = args;
        next[k] = emit(inner, std::move(get), IrType::of(u.alternatives[alt]));
        // `x + x`: two loads of one slot are one value (nothing stores between a call's arguments),
        // so both narrow together and no path pairs int with float.
        for (std::size_t j = k + 1; j < args.size(); ++j)
          if (same_load(args[j], args[k])) next[j] = next[k];
        ++narrowed_depth_;
        auto v = dispatch(inner, next, node, body);
        --narrowed_depth_;
        if (v) store(inner, result, *v, node);
        else env_ = std::nullopt;
      };
      if (alt + 1 == u.alternatives.size()) return narrowed(b);
      Instr is;
      is.kind = Instr::Kind::UnionIs;
      is.args = {args[k]};
      is.text = std::to_string(alt);
      const ValueId cond = emit(b, std::move(is), IrType::of(scalar(TypeKind::Bool)));
      branch(b, cond, node, narrowed, [&, alt](Block& e) { chain(e, alt + 1); });
    };
    chain(out, 0);
    if (!env_) return std::nullopt;
    return load(out, result, node);
  }

  // ---- operator calls ----
  // Calls `qualname` with `args` (already bound, in parameter order), dispatching on tagged unions.
  ValueId call(Block& out, const std::string& qualname, const std::vector<ValueId>& args, const json& node,
               bool prefer_literals = false) {
    auto v = call_value(out, qualname, args, node, prefer_literals);
    return v ? *v : dead_value(out);
  }
  std::optional<ValueId> call_value(Block& out, const std::string& qualname, const std::vector<ValueId>& args,
                                    const json& node, bool prefer_literals = false) {
    if (!env_) return dead_value(out);
    if (auto v = learning_call(out, qualname, args, node)) return *v;
    for (ValueId a : args)
      if (!type_of(a).known()) return unknown_use(out, a, node);
    return dispatch(out, args, node, [&](Block& b, const std::vector<ValueId>& narrowed) {
      return call_plain(b, qualname, narrowed, node, prefer_literals);
    });
  }

  // One overload. Constants may match a Literal parameter: the plain types are tried first, then
  // Literals for the constant arguments. A call CPython refuses is a compile error, except on one
  // path of a tagged union, where it raises what CPython raises (`x > best` while best may be None).
  std::optional<ValueId> call_plain(Block& out, const std::string& qualname, const std::vector<ValueId>& args,
                                    const json& node, bool prefer_literals) {
    if (qualname.starts_with("math.")) {
      // numpy's float64 subclasses float and inherits its dunders: math.* reads its double as it is
      // (PyFloat_AsDouble), so a float64 argument is that float
      std::vector<ValueId> as_float = args;
      bool converted = false;
      for (ValueId& a : as_float) {
        if (plain(a).kind == TypeKind::NpScalar && plain(a).dtype == Dtype::Float64) {
          a = call(out, "builtins.float", {a}, node);
          converted = true;
        }
      }
      if (converted) return call_plain(out, qualname, as_float, node, prefer_literals);
    }
    std::vector<Type> plain_types, literal;
    bool has_literal = false;
    for (ValueId a : args) {
      plain_types.push_back(plain(a));
      auto c = constants_.find(a);
      std::optional<Type> lit = c == constants_.end() ? std::nullopt : literal_of(c->second);
      literal.push_back(lit ? *lit : plain(a));
      has_literal |= lit.has_value();
    }
    check_container_element(qualname, plain_types, node);
    if (auto split = empty_gives_start(qualname, plain_types)) return start_when_empty(out, qualname, *split, args, node);
    std::vector<std::vector<Type>> tries = {plain_types};
    if (has_literal) {
      // with several constants, an overload may take some as Literals and others plainly (np.roll(u, 1,
      // axis=0): shift an int, axis a Literal): the mixes, fewest Literals first, between plain and all
      std::vector<std::size_t> at;
      for (std::size_t k = 0; k < args.size(); ++k)
        if (!(literal[k] == plain_types[k])) at.push_back(k);
      if (at.size() >= 2 && at.size() <= 4) {
        std::vector<unsigned> masks;
        for (unsigned m = 1; m + 1 < (1u << at.size()); ++m) masks.push_back(m);
        std::stable_sort(masks.begin(), masks.end(), [](unsigned x, unsigned y) { return std::popcount(x) < std::popcount(y); });
        for (unsigned m : masks) {
          std::vector<Type> mix = plain_types;
          for (std::size_t b = 0; b < at.size(); ++b)
            if (m & (1u << b)) mix[at[b]] = literal[at[b]];
          tries.push_back(std::move(mix));
        }
      }
      tries.push_back(literal);
      if (prefer_literals) std::swap(tries.front(), tries.back());
    }
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
    if (!chosen) {
      if (narrowed_depth_ > 0) {
        if (auto raised = sample_call_raises(qualname, plain_types); raised && raised->exception == "TypeError") {
          end_path_raising(out, *raised, node);
          return std::nullopt;
        }
      }
      const std::string message = qualname + "(" + types_text(plain_types) + "): " + refusal;
      if (loops_.empty()) fail(node, message);
      // Inside a loop whose types have not settled, the refusal may concern a type a later round
      // widens (best is None in the first round of `if best is None or x > best`): an error only if
      // it is still there once the outermost loop settles.
      if (!deferred_) deferred_ = LowerError{loc_of(node), message};
      env_ = std::nullopt;
      return std::nullopt;
    }
    // The table of Python's and numpy's rules decides the result type; oplib's declaration (verified
    // against CPython) or CPython's probe must agree with it.
    if (auto rule = rule_result(qualname, chosen->signature.params); rule && !(rule->result == chosen->signature.result))
      fail(node, "typing rule '" + rule->rule + "' gives " + to_string(rule->result) + " for " + qualname + "(" +
                     types_text(chosen->signature.params) + ") but " + (chosen->available ? "oplib declares " : "CPython returns ") +
                     to_string(chosen->signature.result) + ": the rule table (compiler/type_rules.cpp) is wrong");
    f_.ops.push_back(*chosen);
    Instr i;
    i.kind = Instr::Kind::Call;
    i.name = qualname;
    i.args = args;
    i.op = static_cast<int>(f_.ops.size()) - 1;
    i.loc = loc_of(node);
    return emit(out, std::move(i), IrType::of(chosen->signature.result));
  }

  // sum(xs) of floats: the int 0 when xs is empty, else sum(xs, 0.0) (the same float), a union by path.
  std::optional<ValueId> start_when_empty(Block& out, const std::string& qualname, const EmptyGivesStart& split,
                                          const std::vector<ValueId>& args, const json& node) {
    const std::string result = temp();
    const ValueId length = call(out, "builtins.len", {args[0]}, node);
    const ValueId empty = call(out, "operator.eq", {length, int_constant(out, 0)}, node);
    branch(out, empty, node,
           [&](Block& b) {
             store(b, result, constant(b, split.start_text, split.start, json{{"kind", "int"}, {"value", split.start_text}}), node);
           },
           [&](Block& b) {
             const ValueId start = constant(b, split.otherwise_start_text, split.otherwise_start,
                                            json{{"kind", "float"}, {"value", split.otherwise_start_text}});
             store(b, result, call(b, qualname, {args[0], start}, node), node);
           });
    return load(out, result, node);
  }

  // A list or dict holds one type: list.append(list[float], int) would change what it holds.
  static void check_container_element(const std::string& qualname, const std::vector<Type>& args, const json& node) {
    auto conflict = [&](const Type& holds, const Type& given, const char* what) {
      if (!(holds == given))
        fail(node, qualname + " puts " + to_string(given) + " into " + what + " holding " + to_string(holds) +
                       ": a list or dict holds one type (opsynth does not mix them)");
    };
    if (args.empty()) return;
    const Type& c = args[0];
    if (c.kind == TypeKind::List) {
      if (qualname == "list.append" && args.size() == 2) conflict(c.args[0], args[1], "a list");
      if (qualname == "list.insert" && args.size() == 3) conflict(c.args[0], args[2], "a list");
      if ((qualname == "list.extend" || qualname == "operator.iadd") && args.size() == 2 && args[1].kind == TypeKind::List)
        conflict(c.args[0], args[1].args[0], "a list");
    }
    if (c.kind == TypeKind::Dict && args.size() == 3 && (qualname == "operator.setitem" || qualname == "dict.setdefault")) {
      conflict(c.args[0], args[1], "a dict's keys");
      conflict(c.args[1], args[2], "a dict's values");
    }
  }

  // An empty [] or {} put into a container whose type is known (`groups[k] = []`, `rows.append([])`,
  // `d.setdefault(k, {})`) holds what that container's items hold. The result is a placeholder: the pass
  // is lowered again with what was learned.
  std::optional<ValueId> put_into_typed_container(Block& out, const std::string& qualname,
                                                  const std::vector<ValueId>& args, const json& node) {
    if (args.size() < 2 || !type_of(args[0]).known() || type_of(args[0]).is_union()) return std::nullopt;
    const IrType given = type_of(args.back());
    if (given.known() || given.derived || given.open_site.empty() || !sites_.count(given.open_site)) return std::nullopt;
    const Type into = type_of(args[0]).plain();
    std::optional<Type> holds;
    if (into.kind == TypeKind::Dict && args.size() == 3 && (qualname == "operator.setitem" || qualname == "dict.setdefault"))
      holds = into.args[1];
    if (into.kind == TypeKind::List && ((qualname == "list.append" && args.size() == 2) ||
                                        ((qualname == "list.insert" || qualname == "operator.setitem") && args.size() == 3)))
      holds = into.args[0];
    OpenSite& open = sites_.at(given.open_site);
    if (!holds || holds->kind != (open.is_dict ? TypeKind::Dict : TypeKind::List)) return std::nullopt;
    auto learn = [&](std::optional<Type>& slot, const Type& t) {
      if (slot && !(*slot == t))
        fail(node, "the " + given.open_site + " is put where " + to_string(*holds) + " goes, but it gets " + to_string(*slot) +
                       " at " + open.learned_at + " (annotate it)");
      if (!slot) {
        slot = t;
        learned_ = true;
        if (open.learned_at.empty()) open.learned_at = position(node);
      }
    };
    if (open.is_dict) {
      learn(open.key, holds->args[0]);
      learn(open.value, holds->args[1]);
    } else {
      learn(open.element, holds->args[0]);
    }
    return placeholder(out, IrType::unknown(given.open_site), node, unknown_reason(given));
  }

  // Calls that add to an empty container whose types are still being learned: what they add is what
  // it holds. Their result is a placeholder (the pass is lowered again with what was learned).
  std::optional<ValueId> learning_call(Block& out, const std::string& qualname, const std::vector<ValueId>& args,
                                       const json& node) {
    if (auto v = put_into_typed_container(out, qualname, args, node)) return v;
    if (args.empty() || type_of(args[0]).known() || type_of(args[0]).derived || type_of(args[0]).open_site.empty())
      return std::nullopt;
    const std::string site = type_of(args[0]).open_site;
    OpenSite& open = sites_.at(site);
    auto learn = [&](std::optional<Type>& slot, const IrType& t, const char* what) {
      if (!t.known()) return;
      if (t.is_union())
        fail(node, "the " + site + " would hold " + to_string(t) + " here: a " + what + " holds one type (annotate it)");
      if (!slot) {
        slot = t.plain();
        learned_ = true;
        if (open.learned_at.empty()) open.learned_at = position(node);
      } else if (!(*slot == t.plain())) {
        fail(node, "the " + site + " gets " + to_string(t.plain()) + " here and " + to_string(*slot) + " at " +
                       open.learned_at + ": a " + what + " holds one type (annotate it)");
      }
    };
    IrType result = IrType::unknown(site);
    if (!open.is_dict) {
      if ((qualname == "list.append" && args.size() == 2) || (qualname == "list.insert" && args.size() == 3)) {
        learn(open.element, type_of(args.back()), "list");
      } else if ((qualname == "list.extend" || qualname == "operator.iadd" || qualname == "operator.add") &&
                 args.size() == 2 && is_plain_kind(args[1], TypeKind::List)) {
        learn(open.element, IrType::of(plain(args[1]).args[0]), "list");
      } else {
        return std::nullopt;
      }
    } else {
      if ((qualname == "operator.setitem" || qualname == "dict.setdefault") && args.size() == 3) {
        learn(open.key, type_of(args[1]), "dict's key");
        learn(open.value, type_of(args[2]), "dict's value");
        if (qualname == "dict.setdefault") result = type_of(args[2]);
      } else if ((qualname == "dict.get" || qualname == "dict.pop") && args.size() == 3) {
        learn(open.key, type_of(args[1]), "dict's key");
        result = type_of(args[2]);  // the value type is not known yet: the default is what it returns so far
      } else {
        return std::nullopt;
      }
    }
    return placeholder(out, result, node, unknown_reason(IrType::unknown(site)));
  }

  // An empty [] or {} (or a comprehension's result): its type once what it holds is known.
  ValueId empty_container(Block& out, const json& node, bool is_dict, const std::string& what) {
    const std::string site = what + " at " + position(node);
    OpenSite& open = sites_[site];
    open.is_dict = is_dict;
    if (!open.complete()) {
      Instr i;
      i.kind = Instr::Kind::Const;
      i.text = "?";
      if (!incomplete_) incomplete_ = Incomplete{loc_of(node), "cannot tell what the " + site + " holds: nothing is added to it "
                                                              "(annotate it, e.g. xs: list[float] = [])"};
      return emit(out, std::move(i), IrType::unknown(site));
    }
    Instr i;
    i.kind = is_dict ? Instr::Kind::MakeDict : Instr::Kind::MakeList;
    i.loc = loc_of(node);
    return emit(out, std::move(i), IrType::of(is_dict ? Type::dict(*open.key, *open.value) : Type::list(*open.element)));
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
    if (is_plain_kind(v, TypeKind::Bool)) return v;
    return call(out, "operator.truth", {v}, node);
  }

  // The truth of a test (if, while, assert, a conditional expression, a comprehension's if), as CPython's
  // compiler jumps on it: `a and b`, `a or b` and `not` of them go by each operand's truth, in order and
  // short-circuited, without the value of the whole. That value holds one of the operands: a str held
  // that way (`elif out and not out.endswith("-")`) was no longer the sole owner of its text, and the
  // next `out += ch` copied all of it, on every character.
  ValueId condition(const json& test, Block& out) {
    const std::string& k = kind_of(test);
    if (k == "UnaryOp" && kind_of(test["op"]) == "Not" && kind_of(test["operand"]) == "BoolOp")
      return call(out, "operator.not_", {condition(test["operand"], out)}, test);
    if (k != "BoolOp") return truth(out, expr(test, out), test);
    const bool is_and = kind_of(test["op"]) == "And";
    const auto& values = test["values"];
    const std::string result = temp();
    store(out, result, condition(values[0], out), test);
    std::function<void(Block&, std::size_t)> step = [&](Block& b, std::size_t i) {
      if (i == values.size()) return;
      const ValueId so_far = load(b, result, test);
      const ValueId go_on = is_and ? so_far : call(b, "operator.not_", {so_far}, test);
      branch(b, go_on, test,
             [&](Block& then) {
               store(then, result, condition(values[i], then), test);
               step(then, i + 1);
             },
             [](Block&) {});
    };
    step(out, 1);
    return load(out, result, test);
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
      const json& operand = node["operand"];
      if (op->second == "neg" && kind_of(operand) == "Constant" && (operand["kind"] == "int" || operand["kind"] == "float")) {
        // -1 is a constant (an axis=-1 matches Literal[-1]); its value is the negated literal, exactly
        json negated = operand;
        const std::string text = operand["value"];
        negated["value"] = text.starts_with("-") ? text.substr(1) : "-" + text;
        negated["line"] = node.value("line", 0);
        negated["col"] = node.value("col", 0);
        return constant_expr(negated, out);
      }
      const ValueId a = expr(node["operand"], out);
      return call(out, "operator." + op->second, {a}, node);
    }
    if (k == "Compare") return compare_expr(node, out);
    if (k == "BoolOp") return bool_op(node, out);
    if (k == "IfExp") return if_expr(node, out);
    if (k == "Call") return call_expr(node, out);
    if (k == "Attribute") return attribute_expr(node, out);
    if (k == "Subscript") {
      if (auto grid = index_grid_object(node["value"])) return index_grid(*grid, node, out);
      const ValueId obj = expr(node["value"], out);
      if (kind_of(node["slice"]) == "Slice") return call(out, "opsynth.ops.getslice", slice_args(obj, node["slice"], out), node);
      if (is_array(obj)) return get_index(out, obj, array_index(node["slice"], out), node);
      const ValueId index = expr(node["slice"], out);
      return call(out, "operator.getitem", {obj, index}, node);
    }
    if (k == "List" || k == "Tuple") return sequence_expr(node, out, k == "List");
    if (k == "Dict") return dict_expr(node, out);
    if (k == "Slice") fail(node, "a slice can only be a subscript (x[a:b])");
    if (k == "ListComp") return comprehension(node, out, false);
    if (k == "DictComp") return comprehension(node, out, true);
    if (k == "JoinedStr") return f_string(node, out);
    if (unsupported_construct(k)) fail(node, unsupported_message(k));
    fail(node, "unsupported expression (" + k + ")");
  }

  // "mgrid" or "ogrid" when `value` names numpy's np.mgrid or np.ogrid (an object indexed by slices).
  std::optional<std::string> index_grid_object(const json& value) const {
    std::optional<std::string> full;
    if (kind_of(value) == "Attribute") {
      if (auto base = dotted_name(value["value"])) full = *base + "." + value["attr"].get<std::string>();
    } else if (kind_of(value) == "Name" && !is_local(value["id"].get<std::string>())) {
      if (auto a = scope_.aliases.find(value["id"].get<std::string>()); a != scope_.aliases.end()) full = a->second;
    }
    if (full == "numpy.mgrid") return "mgrid";
    if (full == "numpy.ogrid") return "ogrid";
    return std::nullopt;
  }

  // np.mgrid[a:b, c:d] as opsynth.ops.mgrid((a, b, None), (c, d, None)), the same for ogrid: int slices only.
  ValueId index_grid(const std::string& which, const json& node, Block& out) {
    const json& subscript = node["slice"];
    const bool tuple = kind_of(subscript) == "Tuple";
    const json elts = tuple ? subscript["elts"] : json::array({subscript});
    if (tuple && elts.size() < 2)
      fail(node, "np." + which + "[a:b,] (a tuple of one slice) is not supported: write np." + which + "[a:b]");
    for (const auto& e : elts) {
      if (kind_of(e) != "Slice") fail(e, "np." + which + "[...] takes slices a:b:c here");
      if (const json& step = e["step"]; kind_of(step) == "Constant" && step.value("kind", "") == "complex")
        fail(step, "np." + which + " with a complex step (a point count) is not supported: use np.linspace");
    }
    const ArrayIndex index = array_index(subscript, out);
    return call(out, "opsynth.ops." + which, {index_tuple(out, index, node)}, node);
  }

  // x[a:b:c] as opsynth.ops.getslice(x, a, b, c): an omitted bound is None.
  std::vector<ValueId> slice_args(ValueId obj, const json& slice, Block& out) {
    std::vector<ValueId> args{obj};
    for (const char* part : {"lower", "upper", "step"}) {
      if (slice[part].is_null()) {
        args.push_back(none_constant(out));
        continue;
      }
      args.push_back(as_index(out, expr(slice[part], out), slice[part]));
    }
    return args;
  }

  // ---- numpy's basic indexing ----
  bool is_array(ValueId v) const { return is_plain_kind(v, TypeKind::NDArray); }

  // An ndarray's subscript as the parts an index operator takes, each evaluated once, left to right.
  // Ints alone (a[i], a[i, j]) stay operator.getitem/setitem's index, as for any container; any other
  // index is one tuple for opsynth.ops.getindex/setindex: a slice a:b:c is the tuple (a, b, c) of
  // `None | int` (so one verified signature serves every slice, bounds omitted or not), `...` is
  // Literal['...'], None (np.newaxis) a new axis, and an int64 or bool array itself (numpy's advanced
  // indexing: getindex copies, setindex writes position by position).
  struct ArrayIndex {
    std::vector<ValueId> parts;
    bool all_ints = true;
    bool is_tuple = false;  // written a[x, y] (a[i] passes i itself, not a 1-tuple)
    bool advanced = false;  // a bool or int64 array among the parts: numpy's advanced indexing, a copy
  };

  ArrayIndex array_index(const json& slice, Block& out) {
    ArrayIndex index;
    index.is_tuple = kind_of(slice) == "Tuple";
    const json elts = index.is_tuple ? slice["elts"] : json::array({slice});
    for (const auto& e : elts) {
      if (kind_of(e) == "Slice") {
        std::vector<ValueId> bounds;
        for (const char* part : {"lower", "upper", "step"}) {
          const ValueId b = e[part].is_null() ? none_constant(out) : expr(e[part], out);
          bounds.push_back(slice_bound(out, b, e[part].is_null() ? e : e[part]));
        }
        std::vector<Type> types(3, bound_type());
        Instr t;
        t.kind = Instr::Kind::MakeTuple;
        t.args = bounds;
        t.loc = loc_of(e);
        index.parts.push_back(emit(out, std::move(t), IrType::of(Type::tuple(types))));
        index.all_ints = false;
        continue;
      }
      if (kind_of(e) == "Constant" && e["kind"] == "ellipsis") {
        LiteralValue dots;
        dots.kind = LiteralValue::Kind::Str;
        dots.s = "...";
        index.parts.push_back(constant(out, "...", Type::literal_of(dots), json{{"kind", "str"}, {"value", "..."}}));
        index.all_ints = false;
        continue;
      }
      const ValueId v = expr(e, out);
      if (!type_of(v).known()) {
        index.parts.push_back(unknown_use(out, v, e));
        continue;
      }
      const TypeKind kind = is_plain(v) ? plain(v).kind : TypeKind::Union;
      if (kind == TypeKind::NpScalar && plain(v).dtype == Dtype::Int64) {
        index.parts.push_back(as_index(out, v, e));
        continue;
      }
      if (kind == TypeKind::NDArray && (plain(v).dtype == Dtype::Bool || plain(v).dtype == Dtype::Int64)) {
        if (index.is_tuple && plain(v).dtype == Dtype::Bool && plain(v).ndim == 0)
          fail(e, "a 0-d boolean array as an index is not supported: write a bool array of rank 1 or more");
        index.all_ints = false;
        index.advanced = true;
      } else if (kind == TypeKind::None) {
        index.all_ints = false;
      } else if (kind != TypeKind::Int) {
        fail(e, "an array index part that is " + to_string(type_of(v)) +
                    " is not supported: write an int, a slice a:b:c, None (np.newaxis), ..., or a bool or "
                    "int64 array");
      }
      index.parts.push_back(v);
    }
    return index;
  }

  // A numpy int64 used as an index or slice bound is the int its __index__ gives; anything else as it is.
  ValueId as_index(Block& out, ValueId v, const json& node) {
    if (is_plain_kind(v, TypeKind::NpScalar) && plain(v).dtype == Dtype::Int64)
      return call(out, "builtins.int", {v}, node);
    return v;
  }

  static Type bound_type() { return Type::union_of({scalar(TypeKind::None), scalar(TypeKind::Int)}); }

  // One bound of a slice as `None | int`.
  ValueId slice_bound(Block& out, ValueId b, const json& node) {
    if (!type_of(b).known()) return unknown_use(out, b, node);
    IrType u;
    u.alternatives = bound_type().args;  // canonical order
    if (type_of(b) == u) return b;
    b = as_index(out, b, node);
    if (!is_plain(b) || (plain(b).kind != TypeKind::None && plain(b).kind != TypeKind::Int))
      fail(node, "a slice bound that is " + to_string(type_of(b)) + " is not supported: write an int or None");
    Instr c;
    c.kind = Instr::Kind::Convert;
    c.args = {b};
    c.loc = loc_of(node);
    return emit(out, std::move(c), u);
  }

  // A tuple of values whose types are all known and plain.
  ValueId plain_tuple(Block& out, const std::vector<ValueId>& parts, const json& node) {
    std::vector<Type> types;
    for (ValueId p : parts) types.push_back(plain(p));
    Instr t;
    t.kind = Instr::Kind::MakeTuple;
    t.args = parts;
    t.loc = loc_of(node);
    return emit(out, std::move(t), IrType::of(Type::tuple(types)));
  }

  ValueId index_tuple(Block& out, const ArrayIndex& index, const json& node) {
    for (ValueId p : index.parts)
      if (!type_of(p).known()) return p;
    return plain_tuple(out, index.parts, node);
  }

  // numpy raises before it reads a value when the kinds of the parts do not fit the rank (too many
  // indices, two ellipses): the raise, with numpy's message, where the subscript is.
  bool raises_for_rank(Block& out, ValueId obj, ValueId index, const json& node) {
    if (!env_ || !is_plain(index) || rule_result("opsynth.ops.getindex", {plain(obj), plain(index)})) return false;
    auto raised = sample_call_raises("opsynth.ops.getindex", {plain(obj), plain(index)});
    if (!raised) return false;
    end_path_raising(out, *raised, node);
    return true;
  }

  ValueId get_index(Block& out, ValueId obj, const ArrayIndex& index, const json& node) {
    if ((index.all_ints || index.advanced) && !index.is_tuple)
      return call(out, "operator.getitem", {obj, index.parts[0]}, node);
    const ValueId tuple = index_tuple(out, index, node);
    if (index.all_ints) return call(out, "operator.getitem", {obj, tuple}, node);
    if (raises_for_rank(out, obj, tuple, node)) return dead_value(out);
    return call(out, "opsynth.ops.getindex", {obj, tuple}, node);
  }

  // a[index] = v: operator.setitem for one element (an int on every axis) and a number, else
  // opsynth.ops.setindex (a row, a slice, an array value).
  void set_index(Block& out, ValueId obj, const ArrayIndex& index, ValueId v, const json& node) {
    if (!env_) return;
    const bool scalar_value = is_plain(v) && plain(v).kind != TypeKind::NDArray;
    const bool element = index.all_ints && static_cast<int>(index.parts.size()) == plain(obj).ndim;
    if (element && scalar_value) {
      const ValueId i = index.is_tuple ? index_tuple(out, index, node) : index.parts[0];
      (void)call(out, "operator.setitem", {obj, i, v}, node);
      return;
    }
    if (index.advanced && !index.is_tuple) {
      (void)call(out, "operator.setitem", {obj, index.parts[0], v}, node);
      return;
    }
    const ValueId tuple = index_tuple(out, index, node);
    if (raises_for_rank(out, obj, tuple, node)) return;
    (void)call(out, "opsynth.ops.setindex", {obj, tuple, v}, node);
  }

  ValueId constant_expr(const json& node, Block& out) {
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
    if (is_local(id)) return load(out, id, node);
    if (auto c = scope_.constants.find(id); c != scope_.constants.end()) return constant_expr(c->second, out);
    if (auto a = scope_.aliases.find(id); a != scope_.aliases.end()) {
      if (auto value = module_constant(a->second)) return module_constant_value(*value, node, out);
      if (auto dtype = numpy_type_as_dtype(a->second)) return dtype_constant(out, *dtype, node);
    }
    if (scope_.defs.count(id) || id == "len" || id == "abs" || id == "str" || id == "float" || id == "int")
      fail(node, "'" + id + "' is a function used as a value: opsynth takes functions as key= of sorted(), min() and "
                            "max(), and otherwise calls them (write the loop, or a comprehension, instead of map())");
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
      if (auto dtype = numpy_type_as_dtype(full)) return dtype_constant(out, *dtype, node);
      fail(node, "'" + full + "' is not a constant opsynth can use (int, float, bool, str or a numpy dtype)");
    }
    const ValueId obj = expr(node["value"], out);
    if (!type_of(obj).known()) return unknown_use(out, obj, node);
    if (node["attr"] == "dtype" && is_plain(obj)) {
      const Type t = plain(obj);
      if (t.kind == TypeKind::NDArray || t.kind == TypeKind::NpScalar) return dtype_constant(out, t.dtype, node);
    }
    auto v = dispatch(out, {obj}, node, [&](Block& b, const std::vector<ValueId>& narrowed) {
      auto owner = method_owner(plain(narrowed[0]));
      if (!owner) fail(node, "attributes of " + to_string(plain(narrowed[0])) + " are not supported");
      return call_value(b, *owner + "." + node["attr"].get<std::string>(), narrowed, node);
    });
    return v ? *v : dead_value(out);
  }

  // `np.linalg` → "numpy.linalg" when the name is an imported module (or a chain from one).
  std::optional<std::string> dotted_name(const json& node) const {
    const std::string& k = kind_of(node);
    if (k == "Name") {
      const std::string id = node["id"];
      if (is_local(id)) return std::nullopt;
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

  // a < b < c: each comparison only if the previous held; every operand evaluated at most once.
  ValueId compare_expr(const json& node, Block& out) {
    const auto& ops = node["ops"];
    const auto& comparators = node["comparators"];
    const ValueId left = expr(node["left"], out);
    if (ops.size() == 1) return compare_one(kind_of(ops[0]), left, expr(comparators[0], out), node, out);
    const std::string result = temp();
    std::function<void(Block&, std::size_t, ValueId)> step = [&](Block& b, std::size_t i, ValueId l) {
      const ValueId right = expr(comparators[i], b);
      const ValueId held = truth(b, compare_one(kind_of(ops[i]), l, right, node, b), node);
      store(b, result, held, node);
      if (i + 1 == ops.size()) return;
      branch(b, held, node, [&](Block& then) { step(then, i + 1, right); }, [](Block&) {});
    };
    step(out, 0, left);
    return load(out, result, node);
  }

  ValueId compare_one(const std::string& op, ValueId left, ValueId right, const json& node, Block& out) {
    if (op == "In") return call(out, "operator.contains", {right, left}, node);
    if (op == "NotIn") return call(out, "operator.not_", {call(out, "operator.contains", {right, left}, node)}, node);
    auto it = compare_ops().find(op);
    if (it == compare_ops().end()) fail(node, "unsupported comparison " + op);
    return call(out, "operator." + it->second, {left, right}, node);
  }

  // `a and b` / `a or b`: Python's values (the deciding operand), evaluated left to right with
  // short circuit. Operands of different types give a tagged union, as the value's type depends on
  // the path.
  ValueId bool_op(const json& node, Block& out) {
    const bool is_and = kind_of(node["op"]) == "And";
    const auto& values = node["values"];
    const std::string result = temp();
    const ValueId first = expr(values[0], out);
    store(out, result, first, node);
    std::function<void(Block&, std::size_t, ValueId)> step = [&](Block& b, std::size_t i, ValueId last) {
      if (i == values.size()) return;
      const ValueId t = truth(b, last, node);
      const ValueId go_on = is_and ? t : call(b, "operator.not_", {t}, node);
      branch(b, go_on, node,
             [&](Block& then) {
               const ValueId v = expr(values[i], then);
               store(then, result, v, node);
               step(then, i + 1, v);
             },
             [](Block&) {});
    };
    step(out, 1, first);
    return load(out, result, node);
  }

  ValueId if_expr(const json& node, Block& out) {
    const ValueId cond = condition(node["test"], out);
    const std::string result = temp();
    branch(out, cond, node, [&](Block& b) { store(b, result, expr(node["body"], b), node); },
           [&](Block& b) { store(b, result, expr(node["orelse"], b), node); });
    return load(out, result, node);
  }

  ValueId sequence_expr(const json& node, Block& out, bool is_list) {
    if (is_list && node["elts"].empty()) return empty_container(out, node, false, "[]");
    std::vector<ValueId> items;
    std::vector<Type> types;
    bool any_union = false;
    for (const auto& e : node["elts"]) {
      items.push_back(expr(e, out));
      if (!type_of(items.back()).known()) return unknown_use(out, items.back(), e);
      if (type_of(items.back()).is_union()) {
        if (is_list)
          fail(e, "a list element that is " + to_string(type_of(items.back())) +
                      " (its type depends on the path) is not supported");
        any_union = true;
        continue;
      }
      types.push_back(plain(items.back()));
    }
    if (any_union) {  // a tuple of a union element is a union of tuples: one per path
      auto v = dispatch(out, items, node, [&](Block& b, const std::vector<ValueId>& narrowed) -> std::optional<ValueId> {
        return plain_tuple(b, narrowed, node);
      });
      return v ? *v : dead_value(out);
    }
    Instr i;
    i.kind = is_list ? Instr::Kind::MakeList : Instr::Kind::MakeTuple;
    i.args = items;
    i.loc = loc_of(node);
    if (!is_list) return emit(out, std::move(i), IrType::of(Type::tuple(types)));
    for (const auto& t : types)
      if (!(t == types[0])) fail(node, "a list literal mixes " + to_string(types[0]) + " and " + to_string(t));
    return emit(out, std::move(i), IrType::of(Type::list(types[0])));
  }

  ValueId dict_expr(const json& node, Block& out) {
    std::vector<ValueId> items;
    const auto& keys = node["keys"];
    const auto& values = node["values"];
    if (keys.empty()) return empty_container(out, node, true, "{}");
    std::optional<Type> key_type, value_type;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].is_null()) fail(node, "** in a dict literal is not supported");
      items.push_back(expr(keys[i], out));
      items.push_back(expr(values[i], out));
      for (ValueId v : {items[items.size() - 2], items.back()}) {
        if (!type_of(v).known()) return unknown_use(out, v, keys[i]);
        if (type_of(v).is_union()) fail(keys[i], "a dict literal entry whose type depends on the path is not supported");
      }
      const Type kt = plain(items[items.size() - 2]);
      const Type vt = plain(items.back());
      if (!key_type) key_type = kt, value_type = vt;
      if (!(kt == *key_type) || !(vt == *value_type)) fail(keys[i], "a dict literal mixes key or value types");
    }
    Instr i;
    i.kind = Instr::Kind::MakeDict;
    i.args = items;
    i.loc = loc_of(node);
    return emit(out, std::move(i), IrType::of(Type::dict(*key_type, *value_type)));
  }

  // An empty [] or {} takes the annotated type.
  ValueId typed_empty(const json& node, const Type& type, Block& out) {
    Instr i;
    i.kind = kind_of(node) == "List" ? Instr::Kind::MakeList : Instr::Kind::MakeDict;
    i.loc = loc_of(node);
    if ((i.kind == Instr::Kind::MakeList && type.kind != TypeKind::List) ||
        (i.kind == Instr::Kind::MakeDict && type.kind != TypeKind::Dict))
      fail(node, "the annotation says " + to_string(type));
    return emit(out, std::move(i), IrType::of(type));
  }

  // ---- calls ----
  struct CallArgs {
    std::vector<ValueId> positional;
    std::vector<std::pair<std::string, ValueId>> keywords;
  };
  // The call's arguments, evaluated left to right as Python does.
  // `dtype_at`: the positional index of a dtype parameter, if the callee has one; a `dtype=` keyword
  // always is one.
  CallArgs call_args(const json& node, Block& out, std::optional<std::size_t> dtype_at = std::nullopt,
                     bool display_as_tuple = false, bool consumes_iterables = false) {
    CallArgs a;
    for (const auto& e : node["args"]) {
      if (kind_of(e) == "Starred") fail(e, "*args in a call is not supported");
      if (display_as_tuple && a.positional.empty() && kind_of(e) == "List") {
        a.positional.push_back(expr(lists_as_tuples(e), out));
        continue;
      }
      if (consumes_iterables) {
        a.positional.push_back(consumed_iterable(e, out));
        continue;
      }
      a.positional.push_back(dtype_at == a.positional.size() ? dtype_argument(e, out) : expr(e, out));
    }
    for (const auto& kw : node["keywords"]) {
      if (kw["arg"].is_null()) fail(kw, "**kwargs in a call is not supported");
      const std::string name = kw["arg"];
      a.keywords.emplace_back(name, name == "dtype" ? dtype_argument(kw["value"], out) : expr(kw["value"], out));
    }
    return a;
  }

  // np.array([1, 2, 3]) and np.asarray([[a, b], [c, d]]): numpy reads a list display and a tuple display
  // alike, and as a tuple its length, hence the array's shape and dtype, is part of the type (an empty
  // list would make np.array's dtype depend on the value: float64 for [], int64 for [1]).
  static bool reads_display_as_array(const std::string& qualname) {
    return qualname == "numpy.array" || qualname == "numpy.asarray";
  }
  static json lists_as_tuples(json e) {
    if (kind_of(e) != "List") return e;
    e["_"] = "Tuple";
    for (auto& item : e["elts"]) item = lists_as_tuples(item);
    return e;
  }

  // An argument where numpy expects a dtype: `float`, 'f8' and np.float64 all name float64 there.
  ValueId dtype_argument(const json& e, Block& out) {
    if (kind_of(e) == "Name") {
      const std::string id = e["id"];
      if (!is_local(id) && !scope_.defs.count(id) && !scope_.aliases.count(id) && !scope_.constants.count(id))
        if (auto dtype = builtin_as_dtype(id)) return dtype_constant(out, *dtype, e);
    }
    if (kind_of(e) == "Constant" && e["kind"] == "str") {
      auto dtype = dtype_from_string(e["value"].get<std::string>());
      if (!dtype) fail(e, "'" + e["value"].get<std::string>() + "' is not a dtype opsynth supports (" + dtype_names_text() + ")");
      return dtype_constant(out, *dtype, e);
    }
    return expr(e, out);
  }

  // The builtins that consume an iterable argument at once, so that a dict view passed to them can be
  // the snapshot they would take of it.
  static bool consumes_iterables(const std::string& qualname) {
    static const std::set<std::string> names{"builtins.sorted", "builtins.list", "builtins.tuple", "builtins.sum",
                                             "builtins.min",    "builtins.max",  "builtins.len",   "builtins.any",
                                             "builtins.all",    "builtins.enumerate", "builtins.zip"};
    return names.count(qualname) > 0;
  }

  // d.keys(), d.values(), d.items() of a dict: a view, which the type language has no type for.
  static std::optional<std::string> dict_view_method(const json& e) {
    if (kind_of(e) != "Call" || kind_of(e["func"]) != "Attribute" || !e["args"].empty() || !e["keywords"].empty())
      return std::nullopt;
    const std::string method = e["func"]["attr"];
    if (method == "keys" || method == "values" || method == "items") return method;
    return std::nullopt;
  }

  // What a name that is neither a local nor a function of this file calls: an imported function, else
  // the builtin of that name.
  std::string free_name_qualname(const std::string& id) const {
    return scope_.aliases.count(id) ? scope_.aliases.at(id) : "builtins." + id;
  }

  // An argument that the callee consumes at once: a dict view becomes the list it would read from it
  // (list(d), opsynth.ops.dict_values, opsynth.ops.dict_items); anything else is evaluated as usual.
  ValueId consumed_iterable(const json& e, Block& out) {
    // range(...), zip(...) and enumerate(...) read whole (list(range(n)), sorted(range(n), key=...),
    // sum(range(a, b)), list(zip(xs, ys))): the type language has no type for these iterators, so each is
    // the list [t for t in <it>], which every one of these consumers reads alike (the same items in the
    // same order; only the memory differs).
    if (is_builtin_call(e, "range") || is_builtin_call(e, "zip") || is_builtin_call(e, "enumerate")) {
      const json item = located({{"_", "Name"}, {"id", temp()}}, e);
      return comprehension(located({{"_", "ListComp"}, {"elt", item}, {"generators", json::array({generator_node(item, e)})}}, e), out, false);
    }
    const auto method = dict_view_method(e);
    if (!method || dotted_name(e["func"]["value"])) return expr(e, out);  // not a method (`mod.items()`)
    const ValueId receiver = expr(e["func"]["value"], out);
    if (!is_plain_kind(receiver, TypeKind::Dict))
      return method_call(receiver, *method, CallArgs{}, e, out);
    const std::string op = *method == "keys" ? "builtins.list" : "opsynth.ops.dict_" + *method;
    return call(out, op, {receiver}, e);
  }

  // sum(xs[a:b]) of a list of ints as opsynth.ops.sum_slice(xs, a, b), which adds the items in place
  // instead of copying the slice first (a chunked or moving sum made a list per step). The same values
  // are evaluated in the same order as the plain call; another receiver takes the plain call.
  std::optional<ValueId> sum_of_slice(const json& node, Block& out) {
    if (node["args"].size() != 1 || !node["keywords"].empty()) return std::nullopt;
    const json& arg = node["args"][0];
    if (kind_of(arg) != "Subscript" || kind_of(arg["slice"]) != "Slice" || !arg["slice"]["step"].is_null())
      return std::nullopt;
    if (index_grid_object(arg["value"])) return std::nullopt;
    const ValueId obj = expr(arg["value"], out);
    const std::vector<ValueId> sliced = slice_args(obj, arg["slice"], out);  // obj, start, stop, step (None)
    const bool int_list = is_plain_kind(obj, TypeKind::List) && plain(obj).args.size() == 1 &&
                          plain(obj).args[0].kind == TypeKind::Int;
    if (int_list) return call(out, "opsynth.ops.sum_slice", {sliced[0], sliced[1], sliced[2]}, node);
    CallArgs plain_call;
    plain_call.positional.push_back(call(out, "opsynth.ops.getslice", sliced, arg));
    return bound_call(with_specified_contents("builtins.sum"), {}, plain_call, node, out);
  }

  // len(s.split()) of a str as opsynth.ops.split_count(s), which counts the words instead of building a
  // list of them first (a word count per line made a list per line). The receiver is evaluated once, as
  // in the plain call; a receiver of another type (or a split with arguments) takes the plain call.
  std::optional<ValueId> len_of_split(const json& node, Block& out) {
    if (node["args"].size() != 1 || !node["keywords"].empty()) return std::nullopt;
    const json& arg = node["args"][0];
    if (kind_of(arg) != "Call" || kind_of(arg["func"]) != "Attribute" || arg["func"]["attr"] != "split" ||
        !arg["args"].empty() || !arg["keywords"].empty() || dotted_name(arg["func"]["value"]))
      return std::nullopt;
    const ValueId receiver = expr(arg["func"]["value"], out);
    if (is_plain_kind(receiver, TypeKind::Str))
      return call(out, "opsynth.ops.split_count", {receiver}, node);
    CallArgs plain_call;
    plain_call.positional.push_back(method_call(receiver, "split", CallArgs{}, arg, out));
    return bound_call(with_specified_contents("builtins.len"), {}, plain_call, node, out);
  }

  // sep.join(sorted(s)) of two strs as opsynth.ops.join_sorted(sep, s), which sorts the characters
  // without making a one-character str of each (an anagram key per word made a list per word). `sorted`
  // must be the builtin, called with one positional argument; sep is evaluated before s, as in the plain
  // call, and other types take the plain call.
  std::optional<ValueId> join_of_sorted(ValueId sep, const json& node, Block& out) {
    if (node["args"].size() != 1 || !node["keywords"].empty()) return std::nullopt;
    const json& arg = node["args"][0];
    if (kind_of(arg) != "Call" || kind_of(arg["func"]) != "Name" || arg["args"].size() != 1 ||
        !arg["keywords"].empty() || kind_of(arg["args"][0]) == "Starred")
      return std::nullopt;
    const std::string id = arg["func"]["id"];
    if (is_local(id) || scope_.defs.count(id) || free_name_qualname(id) != "builtins.sorted")
      return std::nullopt;
    const ValueId chars = expr(arg["args"][0], out);
    if (is_plain_kind(sep, TypeKind::Str) && is_plain_kind(chars, TypeKind::Str)) return call(out, "opsynth.ops.join_sorted", {sep, chars}, node);
    CallArgs sorting;
    sorting.positional.push_back(chars);
    CallArgs joining;
    joining.positional.push_back(bound_call(with_specified_contents("builtins.sorted"), {}, sorting, arg, out));
    return method_call(sep, "join", joining, node, out);
  }

  // sorted(xs, key=f, reverse=r), min(xs, key=f), max(xs, key=f): the builtins take list(xs), compute
  // every key first, in order, and compare keys only; so do these, the keys as a list comprehension
  // ([f(x) for x in items], a lambda's body inlined), then opsynth.ops.sorted_by_keys (min_by_keys,
  // max_by_keys) sorts or picks by them. Functions never cross as values.
  std::optional<ValueId> keyed_builtin(const std::string& qualname, const json& node, Block& out) {
    if (qualname != "builtins.sorted" && qualname != "builtins.min" && qualname != "builtins.max") return std::nullopt;
    const std::string name = qualname.substr(std::string("builtins.").size());
    const json* key = nullptr;
    const json* reverse = nullptr;
    const json* default_value = nullptr;
    for (const auto& kw : node["keywords"]) {
      if (kw["arg"] == "key") key = &kw["value"];
      else if (kw["arg"] == "reverse" && name == "sorted") reverse = &kw["value"];
      else if (kw["arg"] == "default" && name != "sorted") default_value = &kw;
      else return std::nullopt;
    }
    if (key == nullptr || (kind_of(*key) == "Constant" && (*key)["kind"] == "None")) return std::nullopt;
    if (default_value != nullptr)
      fail(*default_value, name + "() with key= and default= is not supported: test for an empty sequence first");
    if (node["args"].size() != 1 || kind_of(node["args"][0]) == "Starred")
      fail(node, name + "() with key= takes one iterable here");
    if (reverse != nullptr && kind_of(*reverse) != "Constant" && kind_of(*reverse) != "Name")
      fail(*reverse, "reverse= takes a name or a constant here");
    auto at = [&](json j) { return located(std::move(j), node); };
    auto name_node = [&](const std::string& id) { return at({{"_", "Name"}, {"id", id}}); };
    const std::string items = temp();
    const json listed = at({{"_", "Call"}, {"func", name_node("list")}, {"args", json::array({node["args"][0]})},
                            {"keywords", json::array()}});
    store(out, items, expr(listed, out), node);
    json target, elt;
    if (kind_of(*key) == "Lambda") {
      const json& a = (*key)["args"];
      if (a["args"].size() != 1 || !a["posonlyargs"].empty() || !a["vararg"].is_null() || !a["kwonlyargs"].empty() ||
          !a["kwarg"].is_null() || !a["defaults"].empty())
        fail(*key, "a key= lambda takes one parameter here (lambda x: ...)");
      target = name_node(a["args"][0]["arg"].get<std::string>());
      elt = (*key)["body"];
    } else {
      const std::string item = temp();
      target = name_node(item);
      const json& f = *key;
      // key=str.lower: the method called on each item.
      if (kind_of(f) == "Attribute" && kind_of(f["value"]) == "Name" && !is_local(f["value"]["id"].get<std::string>()) &&
          !scope_.aliases.count(f["value"]["id"].get<std::string>()) &&
          (f["value"]["id"] == "str" || f["value"]["id"] == "list" || f["value"]["id"] == "tuple" || f["value"]["id"] == "dict"))
        elt = at({{"_", "Call"}, {"func", at({{"_", "Attribute"}, {"value", name_node(item)}, {"attr", f["attr"]}})},
                  {"args", json::array()}, {"keywords", json::array()}});
      else
        elt = at({{"_", "Call"}, {"func", f}, {"args", json::array({name_node(item)})}, {"keywords", json::array()}});
    }
    const json comp = at({{"_", "ListComp"}, {"elt", elt}, {"generators", json::array({generator_node(target, name_node(items))})}});
    const ValueId keys = comprehension(comp, out, false);
    std::vector<ValueId> args = {load(out, items, node), keys};
    if (name != "sorted") return call(out, "opsynth.ops." + name + "_by_keys", args, node);
    args.push_back(expr(reverse != nullptr ? *reverse : at({{"_", "Constant"}, {"kind", "bool"}, {"value", "False"}}), out));
    return call(out, "opsynth.ops.sorted_by_keys", args, node);
  }

  ValueId call_expr(const json& node, Block& out) {
    const json& callee = node["func"];
    // A function of this file.
    if (kind_of(callee) == "Name" && !is_local(callee["id"].get<std::string>())) {
      const std::string id = callee["id"];
      if (scope_.defs.count(id)) return user_call(id, node, out);
      const std::string qualname = free_name_qualname(id);
      if (qualname == "builtins.sum") {
        if (auto total = sum_of_slice(node, out)) return *total;
      }
      if (qualname == "builtins.len") {
        if (auto words = len_of_split(node, out)) return *words;
      }
      if (auto keyed = keyed_builtin(qualname, node, out)) return *keyed;
      // dict(zip(ks, vs)): the dict comprehension {k: v for k, v in zip(ks, vs)}, which stores the same
      // pairs in the same order (CPython's dict takes no signature to verify an overload against).
      if (qualname == "builtins.dict" && node["args"].size() == 1 && node["keywords"].empty() &&
          is_builtin_call(node["args"][0], "zip") && node["args"][0]["args"].size() == 2) {
        const json key = located({{"_", "Name"}, {"id", temp()}}, node), value = located({{"_", "Name"}, {"id", temp()}}, node);
        const json pair = located({{"_", "Tuple"}, {"elts", json::array({key, value})}}, node);
        const json generators = json::array({generator_node(pair, node["args"][0])});
        return comprehension(located({{"_", "DictComp"}, {"key", key}, {"value", value}, {"generators", generators}}, node), out, true);
      }
      if (qualname == "builtins.range" || qualname == "builtins.zip" || qualname == "builtins.enumerate")
        fail(node, id + "(...) is an iterator, which opsynth supports as a for loop's or a comprehension's iterable and "
                   "as the argument of list(), sorted(), tuple(), sum(), min(), max(), len(), any(), all(), enumerate() "
                   "and zip(); write list(" + id + "(...)) to keep its items");
      CallArgs args = call_args(node, out, dtype_parameter_position(qualname), reads_display_as_array(qualname),
                                consumes_iterables(qualname));
      // dict(d) of a dict is d.copy(): CPython gives the type dict no signature to verify a builtins.dict
      // overload against, while dict.copy has one.
      if (qualname == "builtins.dict" && args.positional.size() == 1 && args.keywords.empty() &&
          is_plain_kind(args.positional[0], TypeKind::Dict))
        return call(out, "dict.copy", {args.positional[0]}, node);
      return bound_call(with_specified_contents(qualname), {}, args, node, out);
    }
    if (kind_of(callee) == "Attribute") {
      if (auto module = dotted_name(callee["value"])) {
        const std::string qualname = *module + "." + callee["attr"].get<std::string>();
        CallArgs args = call_args(node, out, dtype_parameter_position(qualname), reads_display_as_array(qualname));
        // np.dtype(x) of a dtype spelling is that dtype, folded like the spelling itself.
        if (qualname == "numpy.dtype" && args.positional.size() == 1 && args.keywords.empty() &&
            is_dtype_constant(args.positional[0]))
          return args.positional[0];
        return bound_call(with_specified_contents(qualname), {}, args, node, out);
      }
      // A method: the receiver is the first argument of "<type>.<method>".
      const ValueId receiver = expr(callee["value"], out);
      const std::string method = callee["attr"];
      if (method == "join") {
        if (auto joined = join_of_sorted(receiver, node, out)) return *joined;
      }
      if (dict_view_method(node) && is_plain_kind(receiver, TypeKind::Dict))
        fail(node, "d." + method + "() is a view, which opsynth supports as a for loop's iterable and as the argument "
                   "of sorted(), list(), tuple(), sum(), min(), max(), len(), any(), all(), enumerate() and zip(); "
                   "write list(d." + method + "()) to keep a copy");
      return method_call(receiver, method, call_args(node, out, dtype_parameter_position("numpy.ndarray." + method)), node, out);
    }
    fail(callee, "only functions of this file, imported functions and methods can be called");
  }

  // a.reshape(2, 3) and a.transpose(1, 0): numpy also takes the ints one by one; they are the tuple
  // the method's shape (axes) parameter takes.
  CallArgs shape_as_tuple(Block& out, const CallArgs& args, const json& node) {
    for (ValueId v : args.positional)
      if (!is_plain(v) || plain(v).kind != TypeKind::Int)
        fail(node, "a shape given one int at a time must be all ints; this one is " + to_string(type_of(v)));
    CallArgs packed;
    packed.positional = {plain_tuple(out, args.positional, node)};
    packed.keywords = args.keywords;
    return packed;
  }

  ValueId method_call(ValueId receiver, const std::string& method, const CallArgs& args, const json& node, Block& out) {
    const IrType t = type_of(receiver);
    if (!t.known()) {
      if (t.derived || !sites_.count(t.open_site)) return unknown_use(out, receiver, node);
      return bound_call((sites_.at(t.open_site).is_dict ? "dict." : "list.") + method, {receiver}, args, node, out);
    }
    auto v = dispatch(out, {receiver}, node, [&](Block& b, const std::vector<ValueId>& narrowed) -> std::optional<ValueId> {
      auto owner = method_owner(plain(narrowed[0]));
      if (!owner) fail(node["func"], "methods of " + to_string(plain(narrowed[0])) + " are not supported");
      const std::string qualname = *owner + "." + method;
      const bool ints_one_by_one =
          (qualname == "numpy.ndarray.reshape" || qualname == "numpy.ndarray.transpose") && args.positional.size() > 1;
      const CallArgs bound = ints_one_by_one ? shape_as_tuple(b, args, node) : args;
      if (auto function = method_as_function(qualname)) return bound_call(*function, narrowed, bound, node, b);
      return bound_call(qualname, narrowed, bound, node, b);
    });
    return v ? *v : dead_value(out);
  }

  // A call of a function of this file, bound as Python binds it: positional, then keywords by name,
  // then the defaults of the parameters left (errors read like Python's TypeError, at compile time).
  // The instance called is the one at the arguments' types (one per path of a tagged union).
  ValueId user_call(const std::string& name, const json& node, Block& out) {
    const DefShape& target = scope_.shape(name);
    const std::size_t n = target.names.size();
    if (node["args"].size() > n)
      fail(node, name + "() takes " + std::to_string(n) + " positional arguments but " +
                     std::to_string(node["args"].size()) + " were given");
    std::vector<std::optional<ValueId>> bound(n);
    for (std::size_t i = 0; i < node["args"].size(); ++i) {
      if (kind_of(node["args"][i]) == "Starred") fail(node["args"][i], "*args in a call is not supported");
      bound[i] = expr(node["args"][i], out);
    }
    for (const auto& kw : node["keywords"]) {
      if (kw["arg"].is_null()) fail(kw, "**kwargs in a call is not supported");
      const std::string kw_name = kw["arg"];
      auto p = std::find(target.names.begin(), target.names.end(), kw_name);
      if (p == target.names.end()) fail(kw, name + "() got an unexpected keyword argument '" + kw_name + "'");
      auto& slot_value = bound[static_cast<std::size_t>(p - target.names.begin())];
      if (slot_value) fail(kw, name + "() got multiple values for argument '" + kw_name + "'");
      slot_value = expr(kw["value"], out);
    }
    std::vector<ValueId> args;
    for (std::size_t i = 0; i < n; ++i) {
      if (!bound[i]) {
        if (!target.defaults[i]) fail(node, name + "() missing required argument: '" + target.names[i] + "'");
        bound[i] = expr(json{{"_", "Constant"}, {"kind", target.defaults[i]->first}, {"value", target.defaults[i]->second},
                             {"line", node.value("line", 0)}, {"col", node.value("col", 0)}}, out);
      }
      args.push_back(*bound[i]);
      if (!type_of(args.back()).known()) return unknown_use(out, args.back(), node);
    }
    auto v = dispatch(out, args, node, [&](Block& b, const std::vector<ValueId>& narrowed) -> std::optional<ValueId> {
      std::vector<Type> types;
      for (ValueId a : narrowed) types.push_back(plain(a));
      Function& callee = scope_.instance(name, types, node);
      if (&callee == &f_) recursive_ = true;
      if (!callee.result.known())
        return placeholder(b, IrType{}, node, "cannot tell the result type of " + name + " here: it calls itself "
                                              "(directly or through another function) before a return gives its type; "
                                              "annotate its result");
      Instr i;
      i.kind = Instr::Kind::CallUser;
      i.name = callee.symbol;
      i.args = narrowed;
      i.loc = loc_of(node);
      return emit(b, std::move(i), callee.result);
    });
    return v ? *v : dead_value(out);
  }

  // Binds positional and keyword arguments to the callable's parameters (inspect.signature), filling
  // the gaps before the last bound one with their defaults as Literal constants (DESIGN §2).
  ValueId bound_call(const std::string& qualname, const std::vector<ValueId>& leading, const CallArgs& given,
                     const json& node, Block& out) {
    const CallableInfo& info = scope_.callable(qualname);
    if (!info.found) fail(node, qualname + ": " + info.why_not);
    std::vector<ValueId> positional = leading;
    positional.insert(positional.end(), given.positional.begin(), given.positional.end());
    if (given.keywords.empty()) return call(out, qualname, positional, node);
    if (!info.signature_known)
      fail(node, qualname + " has no inspectable signature, so its keyword arguments cannot be bound; pass them by position");
    std::vector<std::optional<ValueId>> slots(info.params.size());
    std::size_t p = 0;
    for (ValueId v : positional) {
      while (p < info.params.size() && !info.params[p].positional && !info.params[p].star) ++p;
      if (p < info.params.size() && info.params[p].star) {
        // the verifier passes every argument from a *args parameter on by position, so an overload has no
        // place for the keyword-only parameters after it (np.meshgrid(x, y, indexing='ij')) unless an
        // opsynth.ops shim takes them first
        if (auto shimmed = keyword_first_call(qualname, info, positional, p, given, node, out)) return *shimmed;
        fail(node, qualname + " takes *" + info.params[p].name + ": keyword arguments after it are not supported (" +
                       given.keywords.front().first + "=); leave them at their defaults");
      }
      if (p >= info.params.size()) fail(node, qualname + ": too many positional arguments");
      slots[p++] = v;
    }
    for (const auto& [name, v] : given.keywords) {
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
      args.push_back(default_argument(qualname, info.params[i], node, out));
    }
    return call(out, qualname, args, node, /*prefer_literals=*/true);
  }

  // The constant a parameter left out of a call takes: its default as a Literal, or the reason there is none.
  ValueId default_argument(const std::string& qualname, const ParamInfo& q, const json& node, Block& out) {
    if (!q.has_default) fail(node, qualname + ": missing argument '" + q.name + "'");
    if (!q.default_type)
      fail(node, qualname + ": '" + q.name + "' defaults to " + q.default_repr +
                     ", which has no Literal spelling; pass it explicitly");
    return default_value(*q.default_type, node, out);
  }

  // f(*xi, k=v) as opsynth.ops's shim of f, which takes f's keyword-only parameters first and then the
  // *xi arguments (compiler/python/opsynth/ops.py), each keyword-only parameter given or at its default.
  // Only callables with such a shim; nullopt otherwise.
  std::optional<ValueId> keyword_first_call(const std::string& qualname, const CallableInfo& info,
                                            const std::vector<ValueId>& positional, std::size_t star,
                                            const CallArgs& given, const json& node, Block& out) {
    static const std::map<std::string, std::string> kShims = {{"numpy.meshgrid", "opsynth.ops.meshgrid"}};
    const auto shim = kShims.find(qualname);
    if (shim == kShims.end()) return std::nullopt;
    const CallableInfo& shim_info = scope_.callable(shim->second);
    if (!shim_info.found) fail(node, shim->second + ": " + shim_info.why_not);
    std::vector<ValueId> args;
    for (const ParamInfo& first : shim_info.params) {  // the shim's parameters before its *xi, in its order
      if (first.star) break;
      const auto q_it = std::find_if(info.params.begin() + static_cast<std::ptrdiff_t>(star) + 1, info.params.end(),
                                     [&](const ParamInfo& q) { return q.name == first.name; });
      if (q_it == info.params.end()) fail(node, shim->second + ": " + qualname + " has no parameter '" + first.name + "'");
      const ParamInfo& q = *q_it;
      const auto it = std::find_if(given.keywords.begin(), given.keywords.end(),
                                   [&](const auto& kw) { return kw.first == q.name; });
      args.push_back(it != given.keywords.end() ? it->second : default_argument(qualname, q, node, out));
    }
    for (const auto& [name, v] : given.keywords) {
      const bool known = std::any_of(info.params.begin() + static_cast<std::ptrdiff_t>(star) + 1, info.params.end(),
                                     [&](const ParamInfo& q) { return q.name == name; });
      if (!known) fail(node, qualname + " has no keyword parameter '" + name + "' after *" + info.params[star].name);
    }
    args.insert(args.end(), positional.begin() + static_cast<std::ptrdiff_t>(star), positional.end());
    return call(out, shim->second, args, node, /*prefer_literals=*/true);
  }

  // A parameter's default (None or a Literal) as the constant Python would pass.
  ValueId default_value(const Type& t, const json& node, Block& out) {
    json c = {{"line", node.value("line", 0)}, {"col", node.value("col", 0)}};
    TypeKind kind = TypeKind::None;
    std::string text = "None";
    if (t.kind == TypeKind::Literal) {
      const LiteralValue& v = t.literal;
      switch (v.kind) {
        case LiteralValue::Kind::Bool: kind = TypeKind::Bool, text = v.b ? "True" : "False"; break;
        case LiteralValue::Kind::Int: kind = TypeKind::Int, text = std::to_string(v.i); break;
        case LiteralValue::Kind::Str: kind = TypeKind::Str, text = v.s; break;
        case LiteralValue::Kind::Float: kind = TypeKind::Float, text = repr(Value(v.f)); break;
      }
    }
    static const std::map<TypeKind, const char*> kinds = {
        {TypeKind::None, "None"}, {TypeKind::Bool, "bool"}, {TypeKind::Int, "int"}, {TypeKind::Str, "str"}, {TypeKind::Float, "float"}};
    c["kind"] = kinds.at(kind);
    c["value"] = text;
    return constant(out, text, scalar(kind), c);
  }

  // ---- statements ----
  void block(const json& body, Block& out) {
    for (const auto& s : body) {
      if (!env_) return;  // after return, break, continue or raise: Python never runs the rest
      statement(s, out);
    }
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
    if (k == "Break" || k == "Continue") return jump(s, out, k == "Break");
    if (k == "Raise") return raise_statement(s, out);
    if (k == "Assert") return assert_statement(s, out);
    if (k == "Pass") return;
    fail(s, unsupported_message(k));
  }

  // `raise E`, `raise E()` or `raise E(message)` with E one of Python's built-in exception classes the
  // runtime has, and a str message (any str value: a constant, an f-string). The path ends there.
  void raise_statement(const json& s, Block& out) {
    if (s["exc"].is_null())
      fail(s, "a bare raise (re-raising) is not supported: raise an exception class, e.g. raise ValueError('...')");
    if (!s["cause"].is_null()) fail(s, "raise ... from ... is not supported: raise the exception without a cause");
    const json& exc = s["exc"];
    const json* cls = &exc;
    const json* message = nullptr;
    if (kind_of(exc) == "Call") {
      if (!exc["keywords"].empty() || exc["args"].size() > 1)
        fail(exc, "an exception raised here takes one argument at most, its message (a str)");
      cls = &exc["func"];
      if (!exc["args"].empty()) message = &exc["args"][0];
    }
    if (kind_of(*cls) != "Name" || !is_raisable((*cls)["id"].get<std::string>()))
      fail(*cls, "raise takes one of Python's built-in exception classes here (" + raisable_list() + ")");
    Instr i;
    i.kind = Instr::Kind::Raise;
    i.name = (*cls)["id"].get<std::string>();
    i.loc = loc_of(s);
    if (message) {
      const ValueId m = expr(*message, out);
      if (!env_) return;
      if (!is_plain(m) || plain(m).kind != TypeKind::Str)
        fail(*message, "an exception's message must be a str here, not " + to_string(type_of(m)) +
                           " (format it into one: f'... {value}')");
      i.args = {m};
    }
    emit_effect(out, std::move(i));
    env_ = std::nullopt;
  }

  // `assert test[, message]`: if not test: raise AssertionError(message), as CPython runs it (no -O).
  void assert_statement(const json& s, Block& out) {
    const ValueId cond = condition(s["test"], out);
    if (!env_) return;
    json exc = {{"_", "Call"}, {"func", {{"_", "Name"}, {"id", "AssertionError"}}}, {"keywords", json::array()},
                {"args", s["msg"].is_null() ? json::array() : json::array({s["msg"]})}};
    const json raise = {{"_", "Raise"}, {"exc", exc}, {"cause", nullptr}, {"line", s.value("line", 0)}, {"col", s.value("col", 0)}};
    branch(out, cond, s, [](Block&) {}, [&](Block& b) { raise_statement(raise, b); });
  }

  // break/continue: this path's variables move into the types after the loop or at its head.
  void jump(const json& s, Block& out, bool is_break) {
    if (loops_.empty()) fail(s, is_break ? "'break' outside a loop" : "'continue' outside a loop");
    LoopFrame& frame = loops_.back();
    if (is_break) {
      frame.breaks = join(frame.breaks, loop_carried(*env_, frame.head));
      if (frame.after) widen(out, *env_, *frame.after);
    } else {
      frame.continues = join(frame.continues, loop_carried(*env_, frame.head));
      widen(out, *env_, frame.head);
    }
    Node n;
    n.kind = is_break ? Node::Kind::Break : Node::Kind::Continue;
    n.loc = loc_of(s);
    out.push_back(std::move(n));
    env_ = std::nullopt;
  }

  // `a, b = xs` of a list (X, Y = np.meshgrid(x, y)) or an array along its first axis
  // (X, Y = np.mgrid[0:n, 0:m]), lowered as the Python it means: CPython's ValueError when the length
  // differs from the number of names, then xs[0], xs[1], ...
  void unpack_sequence(const json& target, ValueId v, Block& out, const json& s) {
    const std::size_t n = target["elts"].size();
    const std::string list = temp();
    store(out, list, v, s);
    const auto at = [&](json j) {
      j["line"] = target.value("line", 0);
      j["col"] = target.value("col", 0);
      return j;
    };
    const auto integer = [&](std::size_t k) { return at({{"_", "Constant"}, {"kind", "int"}, {"value", std::to_string(k)}}); };
    const json length = at({{"_", "Call"}, {"func", at({{"_", "Name"}, {"id", "len"}})},
                            {"args", json::array({at({{"_", "Name"}, {"id", list}})})}, {"keywords", json::array()}});
    const auto raise_when = [&](const char* op, std::size_t k, const std::string& message) {
      const json exc = at({{"_", "Call"}, {"func", at({{"_", "Name"}, {"id", "ValueError"}})}, {"keywords", json::array()},
                           {"args", json::array({at({{"_", "Constant"}, {"kind", "str"}, {"value", message}})})}});
      const json test = at({{"_", "Compare"}, {"left", length}, {"ops", json::array({json{{"_", op}}})},
                            {"comparators", json::array({integer(k)})}});
      statement(at({{"_", "If"}, {"test", test}, {"body", json::array({at({{"_", "Raise"}, {"exc", exc}, {"cause", nullptr}})})},
                    {"orelse", json::array()}}),
                out);
    };
    const std::string expected = "(expected " + std::to_string(n);
    raise_when("Gt", n, "too many values to unpack " + expected + ")");
    for (std::size_t k = 0; k < n; ++k) raise_when("Eq", k, "not enough values to unpack " + expected + ", got " + std::to_string(k) + ")");
    for (std::size_t i = 0; i < n; ++i) {
      if (!env_) return;
      const ValueId item = expr(at({{"_", "Subscript"}, {"value", at({{"_", "Name"}, {"id", list}})}, {"slice", integer(i)}}), out);
      assign_to(target["elts"][i], item, out, s);
    }
  }

  void assign_to(const json& target, ValueId v, Block& out, const json& s) {
    const std::string& k = kind_of(target);
    if (k == "Name") return store(out, target["id"], v, s);
    if (k == "Tuple" || k == "List") {
      const IrType t = type_of(v);
      if (!t.known()) {
        for (const auto& e : target["elts"]) assign_to(e, unknown_use(out, v, target), out, s);
        return;
      }
      if (t.is_union()) fail(target, "unpacking a value that is " + to_string(t) + " (its type depends on the path) is not supported");
      if (t.plain().kind == TypeKind::List || (t.plain().kind == TypeKind::NDArray && t.plain().ndim >= 1))
        return unpack_sequence(target, v, out, s);
      if (t.plain().kind != TypeKind::Tuple || t.plain().args.size() != target["elts"].size())
        fail(target, "cannot unpack " + to_string(t) + " into " + std::to_string(target["elts"].size()) + " names");
      for (std::size_t i = 0; i < t.plain().args.size(); ++i) {
        Instr get;
        get.kind = Instr::Kind::TupleGet;
        get.args = {v};
        get.text = std::to_string(i);
        get.loc = loc_of(target);
        const ValueId item = emit(out, std::move(get), IrType::of(t.plain().args[i]));
        assign_to(target["elts"][i], item, out, s);
      }
      return;
    }
    if (k == "Subscript") {
      const ValueId obj = expr(target["value"], out);
      if (is_array(obj)) return set_index(out, obj, array_index(target["slice"], out), v, target);
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

  // `x: T = value`: the value must be a T (Python does not check; opsynth takes the annotation as a
  // contract at this assignment). Later assignments may give x another type.
  void ann_assign(const json& s, Block& out) {
    if (kind_of(s["target"]) != "Name") fail(s, "only names can be annotated");
    const std::string name = s["target"]["id"];
    Type type;
    Annotation a;
    try {
      a = read_annotation(s["annotation"], scope_.aliases);
    } catch (const AnnotationError& e) {
      throw LowerError{e.loc, e.message};
    }
    if (s["value"].is_null()) return;
    const json& value = s["value"];
    if (!a.type) {
      // `peaks: list = []`, `out: np.ndarray = ...`: the value gives the rest, as without the annotation.
      const ValueId v = expr(value, out);
      if (type_of(v).known() && !type_of(v).is_union() && !a.admits(type_of(v).plain()))
        fail(s, "'" + name + "' is annotated " + a.text + " but is assigned " + to_string(type_of(v)));
      store(out, name, v, s);
      return;
    }
    type = *a.type;
    ValueId v;
    if ((kind_of(value) == "List" && value["elts"].empty()) || (kind_of(value) == "Dict" && value["keys"].empty()))
      v = typed_empty(value, type, out);
    else
      v = expr(value, out);
    if (type_of(v).known() && !(type_of(v) == IrType::of(type)))
      fail(s, "'" + name + "' is annotated " + to_string(type) + " but is assigned " + to_string(type_of(v)) +
                  " (write e.g. float(...), or change the annotation)");
    store(out, name, v, s);
  }

  // The operator for `current op= value`: in place (operator.iadd) for lists, dicts and arrays,
  // else the plain one, as CPython falls back from __iadd__ to __add__.
  std::optional<ValueId> augmented(Block& out, const std::string& op, ValueId current, ValueId value, const json& s) {
    if (!type_of(current).known()) return call_value(out, "operator.i" + op, {current, value}, s);
    return dispatch(out, {current}, s, [&](Block& b, const std::vector<ValueId>& narrowed) {
      return call_value(b, "operator." + (immutable(plain(narrowed[0])) ? op : "i" + op), {narrowed[0], value}, s);
    });
  }

  void aug_assign(const json& s, Block& out) {
    auto op = binary_ops().find(kind_of(s["op"]));
    if (op == binary_ops().end()) fail(s, "unsupported operator " + kind_of(s["op"]));
    const json& target = s["target"];
    if (kind_of(target) == "Name") {
      const ValueId current = load(out, target["id"], target);
      const ValueId value = expr(s["value"], out);
      auto result = augmented(out, op->second, current, value, s);
      if (result) store(out, target["id"], *result, s);
      return;
    }
    if (kind_of(target) == "Subscript") {
      const ValueId obj = expr(target["value"], out);
      if (is_array(obj)) {  // numpy: get the element or view, the in-place operator on it, set it back
        const ArrayIndex index = array_index(target["slice"], out);
        const ValueId current = get_index(out, obj, index, target);
        const ValueId value = expr(s["value"], out);
        auto result = augmented(out, op->second, current, value, s);
        if (result) set_index(out, obj, index, *result, target);
        return;
      }
      const ValueId index = expr(target["slice"], out);
      const ValueId current = call(out, "operator.getitem", {obj, index}, target);
      const ValueId value = expr(s["value"], out);
      auto result = augmented(out, op->second, current, value, s);
      if (result) (void)call(out, "operator.setitem", {obj, index, *result}, target);
      return;
    }
    fail(target, "cannot assign to " + kind_of(target));
  }

  void return_statement(const json& s, Block& out) {
    const ValueId v = s["value"].is_null() ? none_constant(out) : expr(s["value"], out);
    return_value(out, v, s);
  }

  // A return: its type joins the function's result; when the result is a union (known from an
  // earlier pass) the value converts into it.
  void return_value(Block& out, ValueId v, const json& s) {
    if (!env_) return;
    const IrType t = type_of(v);
    Node n;
    n.kind = Node::Kind::Return;
    n.loc = loc_of(s);
    n.value = v;
    env_ = std::nullopt;
    if (!t.known()) {
      (void)unknown_use(out, v, s);
      out.push_back(std::move(n));
      return;
    }
    if (result_annotation_ && !(result_annotation_->type ? IrType::of(*result_annotation_->type) == t
                                                          : !t.is_union() && result_annotation_->admits(t.plain())))
      fail(s, "returns " + to_string(t) + " where the annotation says " + result_annotation_->text +
                  " (Python does not convert on return: convert explicitly, e.g. float(...))");
    returns_ = join(returns_, t);
    if (assumed_result_.is_union() && !(t == assumed_result_) && subsumes(assumed_result_, t)) {
      Instr c;
      c.kind = Instr::Kind::Convert;
      c.args = {v};
      c.loc = loc_of(s);
      n.value = emit(out, std::move(c), assumed_result_);
    }
    out.push_back(std::move(n));
  }

  void if_statement(const json& s, Block& out) {
    const ValueId cond = condition(s["test"], out);
    branch(out, cond, s, [&](Block& b) { block(s["body"], b); }, [&](Block& b) { block(s["orelse"], b); });
  }

  // ---- loops ----
  // Lowers a loop again until the environment at its head (its entry joined with its back edges) and
  // after it (its normal exit joined with its breaks) settle; then the entry converts into the head's
  // types, the back edges and breaks already do. `header` lowers the head's test into the node (for a
  // Loop) and returns the environment of the normal exit (nullopt: `while True`); `body` and `step`
  // fill the body (where a for loop binds its target) and the step.
  void loop(Block& out, Node prototype, const json& node, const std::function<std::optional<Env>(Node&)>& header,
            const std::function<void(Block&)>& body, const std::function<void(Block&)>& step) {
    if (!env_) return;
    const Env entry = *env_;
    Env head = entry;
    std::optional<Env> after;
    const std::size_t ops_mark = f_.ops.size();
    const auto incomplete_mark = incomplete_;
    const auto deferred_mark = deferred_;
    const int temps_mark = temps_, comprehensions_mark = comprehensions_;
    const bool is_range = prototype.kind == Node::Kind::ForRange;
    for (int round = 0;; ++round) {
      // A discarded round's code is gone, and so are the operators it used; temporaries are named
      // again from the same number, so the rounds' environments compare.
      f_.ops.resize(ops_mark);
      incomplete_ = incomplete_mark;
      deferred_ = deferred_mark;
      temps_ = temps_mark;
      comprehensions_ = comprehensions_mark;
      Node n = prototype;
      n.blocks.assign(is_range ? 2 : 4, Block{});
      env_ = head;
      const std::optional<Env> exit = header(n);
      loops_.push_back(LoopFrame{head, after, std::nullopt, std::nullopt});
      body(n.blocks[is_range ? 0 : 1]);
      if (env_) {
        loops_.back().continues = join(loops_.back().continues, loop_carried(*env_, head));
        widen(n.blocks[is_range ? 0 : 1], *env_, head);
      }
      LoopFrame frame = std::move(loops_.back());
      loops_.pop_back();
      if (!is_range) {
        env_ = head;
        step(n.blocks[2]);
      }
      const Env next_head = *join(head, frame.continues);
      const std::optional<Env> next_after = join(exit, frame.breaks);
      const bool after_settled = !frame.breaks || next_after == after;
      if (next_head == head && after_settled) {
        if (loops_.empty() && deferred_) throw *deferred_;
        widen(out, entry, head);
        if (exit && next_after) widen(n.blocks[is_range ? 1 : 3], *exit, *next_after);
        out.push_back(std::move(n));
        env_ = next_after;
        return;
      }
      if (round + 1 == kMaxRounds)
        fail(node, "the types in this loop do not settle: " + describe_difference(head, next_head));
      head = next_head;
      after = next_after;
    }
  }

  // A back edge's or break's environment without the temporaries the body made for its own
  // expressions (they die there); the loop's own ($t index, sequences) were made before it.
  static Env loop_carried(const Env& e, const Env& head) {
    Env out;
    for (const auto& [name, state] : e)
      if (!name.starts_with("$") || head.count(name)) out.emplace(name, state);
    return out;
  }

  // A general loop (header, body, step) at statement s, for loop() to fill.
  Node loop_node(const json& s) const {
    Node n;
    n.kind = Node::Kind::Loop;
    n.loc = loc_of(s);
    return n;
  }

  void while_statement(const json& s, Block& out) {
    if (!s["orelse"].empty()) fail(s, "while ... else is not supported");
    const bool endless = kind_of(s["test"]) == "Constant" && s["test"]["value"] == "True";
    loop(out, loop_node(s), s,
         [&](Node& n) -> std::optional<Env> {
           n.cond = condition(s["test"], n.blocks[0]);
           if (endless) return std::nullopt;
           return env_;
         },
         [&](Block& b) { block(s["body"], b); }, [](Block&) {});
  }

  void for_statement(const json& s, Block& out) {
    if (!s["orelse"].empty()) fail(s, "for ... else is not supported");
    for_loop(s["target"], s["iter"], s, out, [&](Block& body) { block(s["body"], body); });
  }

  bool is_builtin_call(const json& node, const char* name) const {
    return kind_of(node) == "Call" && kind_of(node["func"]) == "Name" && node["func"]["id"] == name &&
           !is_local(name) && !scope_.aliases.count(name) && !scope_.defs.count(name) && node["keywords"].empty();
  }

  // A for loop over `iter` binding `target`, with the body lowered by `body`.
  //   range(...)                  a counted loop with Python's range rules
  //   a list, str or ndarray      by index, re-reading the length each time as CPython's iterators do,
  //                               through the builtins.len and operator.getitem operators (a str's
  //                               items by byte offset: opsynth.ops.str_char_at and str_after)
  //   enumerate(seq[, start])     the same, binding (index, item)
  //   zip(a, b, ...)              the same over the shortest, binding (a[i], b[i], ...)
  //   a dict, d.keys(), d.values(), d.items()
  //                               by entry position, as CPython's dict iterator (dict_loop)
  void for_loop(const json& target, const json& iter, const json& s, Block& out, const std::function<void(Block&)>& body) {
    if (is_builtin_call(iter, "range")) return range_loop(target, iter, s, out, body);
    enum class Bind { Item, Enumerate, Zip } bind = Bind::Item;
    std::vector<ValueId> sequences;
    ValueId start_index = -1;
    auto iterable = [&](ValueId v, const json& where) {
      if (type_of(v).is_union())
        fail(where, "iterating over a value that is " + to_string(type_of(v)) + " (its type depends on the path) is not supported");
      return v;
    };
    if (is_builtin_call(iter, "enumerate")) {
      const auto& a = iter["args"];
      if (a.empty() || a.size() > 2) fail(iter, "enumerate() takes 1 or 2 arguments");
      sequences.push_back(iterable(consumed_iterable(a[0], out), a[0]));
      if (a.size() == 2) start_index = expr(a[1], out);
      bind = Bind::Enumerate;
    } else if (is_builtin_call(iter, "zip")) {
      if (iter["args"].size() < 2) fail(iter, "zip() needs at least two sequences here");
      for (const auto& a : iter["args"]) sequences.push_back(iterable(consumed_iterable(a, out), a));
      bind = Bind::Zip;
    } else {
      std::string method;
      ValueId source = -1;
      const auto view = dict_view_method(iter);
      if (view && !dotted_name(iter["func"]["value"])) {  // not a module's function (`mod.items()`)
        source = expr(iter["func"]["value"], out);
        if (is_plain_kind(source, TypeKind::Dict)) method = *view;
        else source = method_call(source, *view, CallArgs{}, iter, out);  // iterate its result
      } else {
        source = expr(iter, out);
      }
      source = iterable(source, iter);
      if (is_plain_kind(source, TypeKind::Dict)) return dict_loop(target, source, method, iter, s, out, body);
      sequences.push_back(source);
    }
    std::vector<std::string> names;
    // A str is walked by UTF-8 byte offset as well (str_char_at, str_after): s[i] would look for the
    // i-th character's bytes anew on every step. The index still counts the steps, so the header is the
    // same. A str cannot change while the loop runs.
    std::vector<std::string> offsets;
    for (ValueId v : sequences) {
      names.push_back(temp());
      store(out, names.back(), v, s);
      offsets.push_back(is_plain_kind(v, TypeKind::Str) ? temp() : std::string());
      if (!offsets.back().empty()) store(out, offsets.back(), int_constant(out, 0), s);
    }
    const std::string index = temp();
    store(out, index, int_constant(out, 0), s);
    loop(out, loop_node(s), s,
         [&](Node& n) -> std::optional<Env> {
           Block& header = n.blocks[0];
           ValueId length = call(header, "builtins.len", {load(header, names[0], s)}, iter);
           for (std::size_t k = 1; k < names.size(); ++k)
             length = call(header, "builtins.min", {length, call(header, "builtins.len", {load(header, names[k], s)}, iter)}, iter);
           n.cond = call(header, "operator.lt", {load(header, index, s), length}, iter);
           return env_;
         },
         [&](Block& b) {
           const ValueId i = load(b, index, s);
           std::vector<ValueId> items;
           for (std::size_t k = 0; k < names.size(); ++k)
             items.push_back(offsets[k].empty()
                                 ? call(b, "operator.getitem", {load(b, names[k], s), i}, iter)
                                 : call(b, "opsynth.ops.str_char_at", {load(b, names[k], s), load(b, offsets[k], s)}, iter));
           ValueId bound = items[0];
           auto tuple = [&](const std::vector<ValueId>& parts) {
             for (ValueId v : parts)
               if (!type_of(v).known()) return unknown_use(b, v, iter);
             return plain_tuple(b, parts, iter);
           };
           switch (bind) {
             case Bind::Item: break;
             case Bind::Enumerate:
               bound = tuple({start_index < 0 ? i : call(b, "operator.add", {start_index, i}, iter), items[0]});
               break;
             case Bind::Zip: bound = tuple(items); break;
           }
           assign_to(target, bound, b, s);
           body(b);
         },
         [&](Block& step) {
           store(step, index, call(step, "operator.add", {load(step, index, s), int_constant(step, 1)}, iter), s);
           for (std::size_t k = 0; k < names.size(); ++k)
             if (!offsets[k].empty())
               store(step, offsets[k], call(step, "opsynth.ops.str_after", {load(step, names[k], s), load(step, offsets[k], s)}, iter), s);
         });
  }

  // A loop over a dict (`method` "", "keys", "values" or "items") keeps a position in its entries, as
  // CPython's dict iterator does: before each step opsynth.ops.dict_next makes the iterator's checks (the
  // size it began with, keys replaced) and finds the next item at or after the position, and
  // dict_key_at / dict_value_at read it. No snapshot of the keys is made and no key is looked up: an
  // earlier version walked list(d) and read each value by key (a copy of every key and a compare per
  // step). A value changed by the body is read as it is then, as CPython reads it.
  void dict_loop(const json& target, ValueId dict, const std::string& method, const json& iter, const json& s, Block& out,
                 const std::function<void(Block&)>& body) {
    const ValueId size = call(out, "builtins.len", {dict}, iter);
    const std::string position = temp(), steps = temp();
    store(out, position, int_constant(out, 0), s);
    store(out, steps, int_constant(out, 0), s);
    loop(out, loop_node(s), s,
         [&](Node& n) -> std::optional<Env> {
           Block& header = n.blocks[0];
           const ValueId at =
               call(header, "opsynth.ops.dict_next", {dict, load(header, position, s), size, load(header, steps, s)}, iter);
           store(header, position, at, s);
           n.cond = call(header, "operator.ge", {at, int_constant(header, 0)}, iter);
           return env_;
         },
         [&](Block& b) {
           const ValueId at = load(b, position, s);
           auto key = [&] { return call(b, "opsynth.ops.dict_key_at", {dict, at}, iter); };
           auto value = [&] { return call(b, "opsynth.ops.dict_value_at", {dict, at}, iter); };
           ValueId bound = -1;
           if (method == "values") {
             bound = value();
           } else if (method == "items") {
             const ValueId k = key(), v = value();
             for (ValueId part : {k, v})
               if (!type_of(part).known()) bound = unknown_use(b, part, iter);
             if (bound < 0) bound = plain_tuple(b, {k, v}, iter);
           } else {
             bound = key();
           }
           assign_to(target, bound, b, s);
           body(b);
         },
         [&](Block& step) {
           for (const std::string& counter : {position, steps})
             store(step, counter, call(step, "operator.add", {load(step, counter, s), int_constant(step, 1)}, iter), s);
         });
  }

  void range_loop(const json& target, const json& iter, const json& s, Block& out, const std::function<void(Block&)>& body) {
    if (kind_of(target) != "Name") fail(target, "the variable of a range loop must be a name");
    const auto& a = iter["args"];
    if (a.empty() || a.size() > 3) fail(iter, "range() takes 1 to 3 arguments");
    std::vector<ValueId> bounds;
    for (const auto& e : a) {
      bounds.push_back(expr(e, out));
      const IrType t = type_of(bounds.back());
      if (t.known() && !(t == IrType::of(scalar(TypeKind::Int))))
        fail(e, "range() arguments must be int, not " + to_string(t));
    }
    const std::string var = target["id"];
    Node prototype;
    prototype.kind = Node::Kind::ForRange;
    prototype.loc = loc_of(s);
    prototype.var = slot(var, IrType::of(scalar(TypeKind::Int)));
    prototype.start = a.size() == 1 ? int_constant(out, 0) : bounds[0];
    prototype.stop = a.size() == 1 ? bounds[0] : bounds[1];
    prototype.stride = a.size() == 3 ? bounds[2] : int_constant(out, 1);
    loop(out, prototype, s, [&](Node&) -> std::optional<Env> { return env_; },
         [&](Block& b) {
           (*env_)[var] = VarState{IrType::of(scalar(TypeKind::Int)), false};  // the loop assigns it each step
           body(b);
         },
         [](Block&) {});
  }

  // Comprehensions: the generators as nested loops and ifs around `inner`.
  void comprehension_loops(const json& generators, std::size_t g, const json& node, Block& out,
                           const std::function<void(Block&)>& inner) {
    if (g == generators.size()) return inner(out);
    const json& gen = generators[g];
    if (gen.value("is_async", 0) != 0) fail(node, "async comprehensions are not supported");
    for_loop(gen["target"], gen["iter"], node, out, [&](Block& body) { conditions(gen["ifs"], 0, generators, g, node, body, inner); });
  }
  void conditions(const json& ifs, std::size_t k, const json& generators, std::size_t g, const json& node, Block& out,
                  const std::function<void(Block&)>& inner) {
    if (k == ifs.size()) return comprehension_loops(generators, g + 1, node, out, inner);
    const ValueId held = condition(ifs[k], out);
    branch(out, held, ifs[k], [&](Block& b) { conditions(ifs, k + 1, generators, g, node, b, inner); }, [](Block&) {});
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

  // [elt for ...] and {k: v for ...}: an empty list or dict filled with list.append / operator.setitem;
  // what it holds is learned like any empty container's.
  ValueId comprehension(const json& original, Block& out, bool is_dict) {
    const json node = scoped_comprehension(original);
    const std::string result = temp();
    store(out, result, empty_container(out, original, is_dict, is_dict ? "dict comprehension" : "list comprehension"), node);
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
      if (spec.empty() && is_plain_kind(v, TypeKind::Str)) {
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

  // The slots the final IR uses, in the order they were made.
  void collect_locals() {
    std::set<std::string> used;
    std::function<void(const Block&)> walk = [&](const Block& b) {
      for (const Node& n : b) {
        if (n.kind == Node::Kind::Op) {
          const Instr& i = n.instr;
          if (i.kind == Instr::Kind::Load || i.kind == Instr::Kind::Store) used.insert(i.name);
          if (i.kind == Instr::Kind::Widen) used.insert(i.name), used.insert(i.text);
        }
        if (n.kind == Node::Kind::ForRange) used.insert(n.var);
        for (const Block& inner : n.blocks) walk(inner);
      }
    };
    walk(f_.body);
    f_.locals.clear();
    for (const Local& l : slot_order_)
      if (used.count(l.slot)) f_.locals.push_back(l);
  }

  ModuleScope& scope_;
  Function& f_;
  const json& def_;
  std::optional<Annotation> result_annotation_;
  std::set<std::string> local_names_;  // bound somewhere in the body: local everywhere in it (Python's rule)
  std::optional<Env> env_;
  std::vector<LoopFrame> loops_;
  std::vector<IrType> types_;
  std::map<ValueId, json> constants_;
  std::map<ValueId, std::string> loaded_slot_;  // a Load's slot, for narrowing two loads of it together
  std::map<std::string, std::string> slots_;  // (name, type) -> slot
  std::map<std::string, int> slot_counts_;
  std::vector<Local> slot_order_;
  std::map<std::string, OpenSite> sites_;  // what each empty container holds, kept across passes
  IrType returns_;                         // the returns' types joined, this pass
  IrType assumed_result_;                  // the result type this pass assumes
  std::optional<Incomplete> incomplete_;   // the first use of a value this pass could not type
  std::optional<LowerError> deferred_;     // a call CPython refuses in a loop whose types have not settled yet
  bool learned_ = false;                   // this pass learned what an empty container holds
  bool recursive_ = false;                 // this pass called this very instance
  int narrowed_depth_ = 0;                 // > 0 inside a branch of a tagged union's dispatch
  int temps_ = 0;
  int comprehensions_ = 0;  // numbers each comprehension's scope ("$c3_x")
};

Function& ModuleScope::lower_instance(const std::string& name, const std::vector<Type>& params, bool exported) {
  const json& def = *defs.at(name);
  const DefShape& s = shape(name);
  Function& f = functions.emplace_back();
  f.name = name;
  f.loc = loc_of(def);
  f.exported = exported;
  auto& list = instances[name];
  f.symbol = exported ? name : name + "__" + std::to_string(list.size() + 1);
  for (std::size_t i = 0; i < params.size(); ++i) {
    Param p{s.names[i], params[i], "", ""};
    if (s.defaults[i]) p.default_kind = s.defaults[i]->first, p.default_text = s.defaults[i]->second;
    f.params.push_back(std::move(p));
  }
  list.push_back(Instance{params, &f, true});
  const std::size_t index = list.size() - 1;
  FunctionLowerer(*this, f, def, s.result).lower();
  instances[name][index].in_progress = false;
  return f;
}

Function& ModuleScope::instance(const std::string& name, const std::vector<Type>& args, const json& call) {
  for (const Instance& i : instances[name])
    if (i.params == args) return *i.function;
  const DefShape& s = shape(name);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = s.annotations[i];
    if (a && !a->admits(args[i]))
      fail(call, name + "() parameter '" + s.names[i] + "' is " + a->text + ", the argument " + to_string(args[i]));
  }
  return lower_instance(name, args, false);
}

Function& ModuleScope::export_function(const std::string& name, const std::vector<Type>& params) {
  for (Instance& i : instances[name]) {
    if (i.params == params) {  // an earlier export called it at these types already
      i.function->exported = true;
      return *i.function;
    }
  }
  return lower_instance(name, params, true);
}

// Module level: imports, constants and functions; anything else is refused.
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
      scope.defs[s["name"].get<std::string>()] = &s;
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

// An exported function's parameter types: from `given` (--sig or examples), which must agree with
// every annotation and completes NDArray's rank, else from the annotations, which must be complete.
std::vector<Type> export_params(const json& def, const DefShape& s, const GivenSignature* given) {
  const std::string name = def["name"];
  // Parameters past the given ones take their defaults' types (an example that leaves `k=3.0` out),
  // or their annotations'.
  std::size_t required = s.names.size();
  while (required > 0 && s.defaults[required - 1]) --required;
  if (given && (given->params.size() > s.names.size() || given->params.size() < required))
    fail(def, given->origin + " gives " + std::to_string(given->params.size()) + " parameter types but " + name + " has " +
                  std::to_string(s.names.size()) +
                  (required < s.names.size() ? " (" + std::to_string(required) + " without defaults)" : std::string()));
  std::vector<Type> out;
  for (std::size_t i = 0; i < s.names.size(); ++i) {
    const json& node = *s.nodes[i];
    const auto& a = s.annotations[i];
    if (given && i >= given->params.size()) {
      std::optional<Type> t = a && a->type ? a->type : constant_kind_type(s.defaults[i]->first);
      if (!t)
        fail(node, "the default of '" + s.names[i] + "' (" + s.defaults[i]->second + ") gives no type: give it in " +
                       given->origin);
      out.push_back(*t);
      continue;
    }
    if (given) {
      const Type& g = given->params[i];
      if (a && a->open && !a->admits(g))
        fail(node["annotation"], given->origin + " gives " + to_string(g) + " where the annotation says " + a->text +
                                     " (" + a->complete_spelling() + ")");
      if (a && a->type && !(*a->type == g))
        fail(node, given->origin + " gives parameter '" + s.names[i] + "' the type " + to_string(g) +
                       " but its annotation says " + a->text);
      if (s.defaults[i] && !(*constant_kind_type(s.defaults[i]->first) == g))
        fail(node, "the default of '" + s.names[i] + "' is " + s.defaults[i]->first + " but " + given->origin + " gives " +
                       to_string(g));
      out.push_back(g);
      continue;
    }
    if (!a)
      fail(node, name + ": parameter '" + s.names[i] + "' needs a type annotation (or compile FILE.py::" + name +
                     " with --sig or --example)");
    if (!a->type) {
      const std::string wanted = a->complete_spelling();
      fail(node["annotation"], a->text + " does not give the " + a->missing() +
                                   ": compile this function with --sig or --example, giving " + wanted +
                                   " with its " + a->missing() + " (or annotate \"" + wanted + "\")");
    }
    out.push_back(*a->type);
  }
  return out;
}

// The functions reachable from the exported ones (earlier passes may have made instances nobody calls now).
std::vector<Function> reachable_functions(ModuleScope& scope) {
  std::set<std::string> wanted;
  std::vector<const Function*> todo;
  for (const Function& f : scope.functions)
    if (f.exported) todo.push_back(&f), wanted.insert(f.symbol);
  while (!todo.empty()) {
    const Function* f = todo.back();
    todo.pop_back();
    std::function<void(const Block&)> walk = [&](const Block& b) {
      for (const Node& n : b) {
        if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::CallUser && wanted.insert(n.instr.name).second) {
          for (const Function& g : scope.functions)
            if (g.symbol == n.instr.name) todo.push_back(&g);
        }
        for (const Block& inner : n.blocks) walk(inner);
      }
    };
    walk(f->body);
  }
  std::vector<Function> out;
  for (const Function& f : scope.functions)
    if (wanted.count(f.symbol)) out.push_back(f);
  // Exported functions first, in the order they were asked for; their helpers after.
  std::stable_partition(out.begin(), out.end(), [](const Function& f) { return f.exported; });
  return out;
}

}  // namespace

std::vector<OpUse> missing_overloads(const Module& module) {
  std::vector<OpUse> missing;
  for (const Function& f : module.functions) {
    for (const OpUse& use : f.ops) {
      if (use.available) continue;
      const bool seen = std::any_of(missing.begin(), missing.end(), [&](const OpUse& m) {
        return m.qualname == use.qualname && m.signature == use.signature;
      });
      if (!seen) missing.push_back(use);
    }
  }
  return missing;
}

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
    auto defined = [&] {  // "(the file defines: f, g)" for a message naming a function it lacks
      std::string known;
      for (const json* d : defs) known += (known.empty() ? "" : ", ") + (*d)["name"].get<std::string>();
      return " (the file defines: " + (known.empty() ? std::string("none") : known) + ")";
    };
    for (const auto& name : options.only) {
      if (!scope.defs.count(name)) return Error{options.file + ": no function '" + name + "'" + defined(), name};
    }
    for (const auto& [name, given] : options.given) {
      const bool named = options.only.empty() ||
                         std::find(options.only.begin(), options.only.end(), name) != options.only.end();
      if (!scope.defs.count(name) || !named)
        return Error{given.origin + " names '" + name + "', which " +
                         (scope.defs.count(name) ? "is not the function being compiled" : "the file does not define") +
                         defined(),
                     name};
    }
    auto given_for = [&](const std::string& name) -> const GivenSignature* {
      auto it = options.given.find(name);
      return it == options.given.end() ? nullptr : &it->second;
    };
    Lowered lowered;
    // The exported functions: the ones named, or every function whose parameters are all annotated.
    std::vector<std::pair<std::string, std::vector<Type>>> exports;
    if (!options.only.empty()) {
      for (const auto& name : options.only) {
        exports.emplace_back(name, export_params(*scope.defs.at(name), scope.shape(name), given_for(name)));
      }
    } else {
      std::optional<LowerError> first_refusal;
      for (const json* def : defs) {
        const std::string name = (*def)["name"];
        const DefShape& s = scope.shape(name);
        const bool annotated = std::all_of(s.annotations.begin(), s.annotations.end(), [](const auto& a) { return a.has_value(); });
        if (const GivenSignature* given = given_for(name)) {
          exports.emplace_back(name, export_params(*def, s, given));
          continue;
        }
        if (!annotated) {
          try {
            (void)export_params(*def, s, nullptr);
          } catch (const LowerError& e) {
            if (!first_refusal) first_refusal = e;
            lowered.notes.push_back(Diagnostic{options.file, e.loc, "not exported: " + e.message}.text());
          }
          continue;
        }
        exports.emplace_back(name, export_params(*def, s, nullptr));
      }
      if (exports.empty() && first_refusal) throw *first_refusal;
    }
    // Unsupported syntax anywhere the exported functions may reach fails before any typing.
    std::set<std::string> scanned;
    std::vector<std::string> to_scan;
    for (const auto& e : exports) to_scan.push_back(e.first);
    while (!to_scan.empty()) {
      const std::string name = to_scan.back();
      to_scan.pop_back();
      if (!scanned.insert(name).second) continue;
      const json& def = *scope.defs.at(name);
      if (auto bad = first_unsupported(def)) throw LowerError{bad->loc, bad->message};
      std::set<std::string> mentioned;
      std::function<void(const json&)> names = [&](const json& j) {
        if (j.is_array()) for (const auto& e : j) names(e);
        if (!j.is_object()) return;
        if (kind_of(j) == "Name") mentioned.insert(j["id"].get<std::string>());
        for (const auto& [key, value] : j.items())
          if (value.is_object() || value.is_array()) names(value);
      };
      names(def["body"]);
      for (const auto& m : mentioned)
        if (scope.defs.count(m)) to_scan.push_back(m);
    }
    for (const auto& [name, params] : exports) {
      Function& f = scope.export_function(name, params);
      const GivenSignature* given = given_for(name);
      if (given && given->result && !(f.result == IrType::of(*given->result)))
        fail(*scope.defs.at(name), given->origin + " gives the result type " + to_string(*given->result) + " but " +
                                       name + " returns " + to_string(f.result));
    }
    lowered.module.file = options.file;
    lowered.module.functions = reachable_functions(scope);
    if (lowered.module.functions.empty()) return Error{options.file + ": no function to compile", options.file};
    for (Function& f : lowered.module.functions) {
      plan_reduction_lanes(f, resolver);
      plan_min_max_pairs(f, resolver);
      plan_setdefault_empty(f, resolver);
      plan_dict_list_appends(f, resolver);
      plan_loop_reserve(f, resolver);  // last: its call is one more operator no array reader knows
      drop_unused_ops(f);
    }
    lowered.missing = missing_overloads(lowered.module);
    return lowered;
  } catch (const LowerError& e) {
    return Error{Diagnostic{options.file, e.loc, e.message}.text(), options.file};
  } catch (const json::exception& e) {
    return Error{options.file + ": unexpected syntax tree (" + std::string(e.what()) + ")", options.file};
  }
}

}  // namespace opsynth::compiler

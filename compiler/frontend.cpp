// CPython's ast and inspect, seen from C++ (see frontend.hpp).
#include "compiler/frontend.hpp"

#include <pybind11/embed.h>

namespace opsynth::compiler {
namespace py = pybind11;
namespace {

// Runs once per interpreter: the helpers live in a private module so user code never sees them.
constexpr const char* kHelpers = R"PY(
import ast, importlib, inspect, json, math, builtins, operator

def _dump(node):
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool): kind, text = "bool", "True" if v else "False"
        elif isinstance(v, int): kind, text = "int", str(v)
        elif isinstance(v, float): kind, text = "float", repr(v)
        elif isinstance(v, complex): kind, text = "complex", repr(v)
        elif isinstance(v, str): kind, text = "str", v
        elif v is None: kind, text = "None", "None"
        elif isinstance(v, bytes): kind, text = "bytes", v.hex()
        else: kind, text = type(v).__name__, repr(v)
        d = {"_": "Constant", "kind": kind, "value": text}
    elif isinstance(node, ast.AST):
        d = {"_": type(node).__name__}
        for name, value in ast.iter_fields(node):
            d[name] = _dump(value)
    elif isinstance(node, list):
        return [_dump(x) for x in node]
    elif node is None or isinstance(node, (str, int, float, bool)):
        return node
    else:
        return repr(node)
    if hasattr(node, "lineno"):
        d["line"] = node.lineno
        d["col"] = node.col_offset + 1
        d["end_line"] = getattr(node, "end_lineno", node.lineno)
        d["end_col"] = (getattr(node, "end_col_offset", node.col_offset) or 0) + 1
    return d

def parse_file(path):
    with open(path, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        return {"error": "%s:%s:%s: SyntaxError: %s" % (path, e.lineno or 0, e.offset or 0, e.msg)}
    except ValueError as e:
        return {"error": "%s: %s" % (path, e)}
    return json.dumps(_dump(_folded_constants(_consumed_generators_as_lists(tree))))

# Arithmetic on constants alone (math.pi ** 1.5, 2 * np.pi, -0.5 / 3) is computed here, by CPython
# itself, so the result is the value the original computes at run time; a step whose type depends on the
# values (float ** float is complex for a negative base) then meets no operator. Only number results are
# kept: a step that raises (1 / 0) or gives a complex or an int past 64 bits stays for run time.
_MODULE_CONSTANTS = {"math": ("pi", "e", "tau", "inf", "nan"), "numpy": ("pi", "e", "inf", "nan", "euler_gamma")}
_FOLDABLE = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
             ast.USub: operator.neg, ast.UAdd: operator.pos}

def _folded_constants(tree):
    assigned = {x.id for x in ast.walk(tree) if isinstance(x, ast.Name) and isinstance(x.ctx, (ast.Store, ast.Del))}
    assigned |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    modules, names = {}, {}
    for n in tree.body:
        if isinstance(n, ast.Import):
            for a in n.names:
                if a.name in _MODULE_CONSTANTS and (a.asname or a.name) not in assigned:
                    modules[a.asname or a.name] = a.name
        elif isinstance(n, ast.ImportFrom) and n.module in _MODULE_CONSTANTS and n.level == 0:
            for a in n.names:
                if a.name in _MODULE_CONSTANTS[n.module] and (a.asname or a.name) not in assigned:
                    names[a.asname or a.name] = getattr(importlib.import_module(n.module), a.name)

    def value_of(node):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and node.attr in _MODULE_CONSTANTS[modules[node.value.id]]:
            return float(getattr(importlib.import_module(modules[node.value.id]), node.attr))
        if isinstance(node, ast.Name) and node.id in names:
            return float(names[node.id])
        return None

    class Folder(ast.NodeTransformer):
        def fold(self, node, operands):
            values = [value_of(x) for x in operands]
            if any(v is None for v in values) or type(node.op) not in _FOLDABLE:
                return node
            if isinstance(node.op, ast.Pow) and all(type(v) is int for v in values) and abs(values[1]) > 64 \
                    and abs(values[0]) > 1:
                return node  # past 64 bits anyway; 10 ** 10 ** 8 would stall the compile
            try:
                result = _FOLDABLE[type(node.op)](*values)
            except Exception:
                return node
            if type(result) not in (int, float) or (type(result) is int and not -2**63 <= result < 2**63):
                return node
            return ast.copy_location(ast.Constant(result), node)

        def visit_BinOp(self, node):
            self.generic_visit(node)
            return self.fold(node, [node.left, node.right])

        def visit_UnaryOp(self, node):
            self.generic_visit(node)
            return self.fold(node, [node.operand])

    return Folder().visit(tree)

# Builtins that consume an iterable whole and keep nothing lazy: handed a generator expression, each gives
# what it gives for the list comprehension of the same parts (the items are computed in the same order,
# and an exception in one stops it the same way). any()/all() are not among them: they stop early.
_CONSUMERS = {"sum", "min", "max", "sorted", "list", "tuple"}

def _consumed_generators_as_lists(tree):
    shadowed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for n in tree.body:
        if isinstance(n, (ast.Assign, ast.AnnAssign)):
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                shadowed |= {x.id for x in ast.walk(t) if isinstance(x, ast.Name)}
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            shadowed |= {(a.asname or a.name).split(".")[0] for a in n.names}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.GeneratorExp):
            continue
        f = node.func
        consumer = (isinstance(f, ast.Name) and f.id in _CONSUMERS and f.id not in shadowed) or \
                   (isinstance(f, ast.Attribute) and f.attr == "join" and isinstance(f.value, ast.Constant) and isinstance(f.value.value, str))
        if consumer:
            g = node.args[0]
            node.args[0] = ast.copy_location(ast.ListComp(elt=g.elt, generators=g.generators), g)
    return tree
)PY";

// The part of the helpers that resolves names: the longest importable module prefix, then getattr.
constexpr const char* kResolve = R"PY(
def resolve(qualname):
    parts = qualname.split(".")
    obj = None
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        rest = parts[cut:]
        break
    else:
        obj, rest = builtins, parts
    for p in rest:
        obj = getattr(obj, p)
    return obj

def _literal(v):
    if v is None: return "None"
    if isinstance(v, bool): return "Literal[%s]" % ("True" if v else "False")
    if isinstance(v, int): return "Literal[%d]" % v
    if isinstance(v, str): return "Literal[%r]" % v
    if isinstance(v, float):
        if v == math.inf: return "Literal[inf]"
        if v == -math.inf: return "Literal[-inf]"
    return None

class _SourceDefault:
    """A default the docstring spells as code (dtype=float): shown, never passed."""
    def __init__(self, text): self.text = text
    def __repr__(self): return self.text

def _docstring_signature(obj, name):
    """The signature C functions (np.zeros, ufuncs) give on their docstring's first line, as
    "zeros(shape, dtype=float, order='C', *, like=None)"; None when there is none."""
    doc = getattr(obj, "__doc__", None) or ""
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    import re
    m = re.match(r"\s*(?:[\w.]+\.)?" + re.escape(name) + r"\((.*)\)", first)
    if not m:
        return None
    text = re.sub(r"\[,[^\]]*\]", "", m.group(1))  # ufuncs' optional "[, signature, extobj]"
    # a sequence written as a tuple first, "concatenate((a1, a2, ...), axis=0, ...)": one positional-only parameter
    text = re.sub(r"^\s*\([^()]*\)\s*,", "seq, /,", text)
    try:
        a = ast.parse("def f(" + text + "): pass").body[0].args
    except SyntaxError:
        return None
    def default(node):
        try:
            return ast.literal_eval(node)
        except (ValueError, SyntaxError):
            return _SourceDefault(ast.unparse(node))
    P = inspect.Parameter
    positional = [(x.arg, P.POSITIONAL_ONLY) for x in a.posonlyargs] + [(x.arg, P.POSITIONAL_OR_KEYWORD) for x in a.args]
    first_default = len(positional) - len(a.defaults)
    params = [P(n, k, default=default(a.defaults[i - first_default]) if i >= first_default else P.empty)
              for i, (n, k) in enumerate(positional)]
    if a.vararg:
        params.append(P(a.vararg.arg, P.VAR_POSITIONAL))
    params += [P(x.arg, P.KEYWORD_ONLY, default=P.empty if d is None else default(d)) for x, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        params.append(P(a.kwarg.arg, P.VAR_KEYWORD))
    try:
        return inspect.Signature(params)
    except ValueError:
        return None

def describe(qualname):
    try:
        obj = resolve(qualname)
    except Exception as e:
        return {"found": False, "why": "%s: %s" % (type(e).__name__, e)}
    if not callable(obj):
        return {"found": False, "why": "%s is not callable (a %s)" % (qualname, type(obj).__name__)}
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        sig = _docstring_signature(obj, qualname.rsplit(".", 1)[-1])
        if sig is None:
            return {"found": True, "known": False, "params": []}
    params = []
    for p in sig.parameters.values():
        d = {"name": p.name,
             "positional": p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD),
             "keyword": p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY),
             "variadic": p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD),
             "star": p.kind == p.VAR_POSITIONAL,
             "has_default": p.default is not p.empty}
        if d["has_default"]:
            d["default_type"] = _literal(p.default)
            d["default_repr"] = repr(p.default)
        params.append(d)
    return {"found": True, "known": True, "params": params}

def sample_call(qualname, exprs):
    import numpy
    values = [eval(e, {"numpy": numpy, "inf": math.inf, "nan": math.nan}) for e in exprs]
    try:
        resolve(qualname)(*values)
    except Exception as e:
        return {"exception": type(e).__name__, "message": str(e)}
    return None

def constant(qualname):
    try:
        v = resolve(qualname)
    except Exception:
        return None
    if v is None: return {"kind": "None", "value": "None"}  # np.newaxis
    if isinstance(v, bool): return {"kind": "bool", "value": "True" if v else "False"}
    if isinstance(v, int): return {"kind": "int", "value": str(v)}
    if isinstance(v, float): return {"kind": "float", "value": repr(v)}
    if isinstance(v, str): return {"kind": "str", "value": v}
    return None
)PY";

// Made once per process and never destroyed: a py::object outliving the interpreter must not decref.
py::object helpers() {
  static py::object* module = nullptr;
  if (!module) {
    py::object m = py::module_::import("types").attr("ModuleType")("_opsynth_frontend");
    py::dict ns = m.attr("__dict__");
    py::exec(std::string(kHelpers) + kResolve, ns);
    module = new py::object(m);
  }
  return *module;
}

// A Python expression for a small value of type t (the value itself does not matter: only the type).
std::string sample_expression(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool: return "True";
    case TypeKind::Int: return "1";
    case TypeKind::Float: return "1.5";
    case TypeKind::Complex: return "1.5j";
    case TypeKind::Str: return "'a'";
    case TypeKind::None: return "None";
    case TypeKind::List: return "[" + sample_expression(t.args.at(0)) + "]";
    case TypeKind::Dict: return "{" + sample_expression(t.args.at(0)) + ": " + sample_expression(t.args.at(1)) + "}";
    case TypeKind::Tuple: {
      std::string out = "(";
      for (const Type& a : t.args) out += sample_expression(a) + ",";
      return out + ")";
    }
    case TypeKind::NDArray: {
      std::string shape = "(";
      for (int k = 0; k < t.ndim; ++k) shape += "1,";
      return "numpy.ones(" + shape + "), dtype='" + std::string(dtype_name(t.dtype)) + "')";
    }
    case TypeKind::NpScalar: return t.dtype == Dtype::Bool ? "numpy.bool_(1)" : "numpy." + std::string(dtype_name(t.dtype)) + "(1)";
    case TypeKind::Literal: {
      const std::string text = to_string(t);  // Literal[...]
      return text.substr(8, text.size() - 9);
    }
  }
  return "None";
}

}  // namespace

std::optional<PythonRaise> sample_call_raises(const std::string& qualname, const std::vector<Type>& args) {
  py::gil_scoped_acquire gil;
  py::list exprs;
  for (const Type& t : args) exprs.append(sample_expression(t));
  py::object out = helpers().attr("sample_call")(qualname, exprs);
  if (out.is_none()) return std::nullopt;
  return PythonRaise{py::str(out["exception"]).cast<std::string>(), py::str(out["message"]).cast<std::string>()};
}

Result<nlohmann::json> parse_python_file(const std::string& path) {
  py::gil_scoped_acquire gil;
  try {
    py::object out = helpers().attr("parse_file")(path);
    if (py::isinstance<py::dict>(out)) return Error{py::str(out["error"]).cast<std::string>(), path};
    return nlohmann::json::parse(out.cast<std::string>());
  } catch (const py::error_already_set& e) {
    return Error{std::string("cannot read ") + path + ": " + e.what(), path};
  }
}

CallableInfo describe_callable(const std::string& qualname) {
  py::gil_scoped_acquire gil;
  CallableInfo info;
  info.qualname = qualname;
  const auto j = nlohmann::json::parse(
      py::module_::import("json").attr("dumps")(helpers().attr("describe")(qualname)).cast<std::string>());
  info.found = j.value("found", false);
  info.why_not = j.value("why", "");
  info.signature_known = j.value("known", false);
  for (const auto& p : j.value("params", nlohmann::json::array())) {
    ParamInfo param;
    param.name = p["name"];
    param.positional = p["positional"];
    param.keyword = p["keyword"];
    param.variadic = p["variadic"];
    param.star = p.value("star", false);
    param.has_default = p["has_default"];
    param.default_repr = p.value("default_repr", "");
    if (p.contains("default_type") && p["default_type"].is_string()) {
      auto t = parse_type(p["default_type"].get<std::string>());
      if (t) param.default_type = *t;
    }
    info.params.push_back(std::move(param));
  }
  return info;
}

std::optional<ConstantInfo> module_constant(const std::string& qualname) {
  py::gil_scoped_acquire gil;
  py::object out = helpers().attr("constant")(qualname);
  if (out.is_none()) return std::nullopt;
  return ConstantInfo{py::str(out["kind"]).cast<std::string>(), py::str(out["value"]).cast<std::string>()};
}

}  // namespace opsynth::compiler

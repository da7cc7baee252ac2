// Which list and dict parameters a function never changes (see readonly_params.hpp).
#include "compiler/readonly_params.hpp"

#include <set>
#include <string>

namespace opsynth::compiler {
namespace {

// Operators that, in Python, read their list and dict arguments and never change them. The verifier
// checks every operator's arguments after the call against CPython's, so a verified one does not
// change them either.
const std::set<std::string>& reading_operators() {
  static const std::set<std::string> names{
      "builtins.len",      "builtins.list",   "builtins.sorted",    "builtins.sum",       "builtins.min",
      "builtins.max",      "builtins.any",    "builtins.all",       "builtins.bool",      "builtins.str",
      "builtins.repr",     "builtins.format", "operator.getitem",   "operator.contains",  "operator.not_",
      "operator.truth",    "operator.eq",     "operator.ne",        "operator.lt",        "operator.le",
      "operator.gt",       "operator.ge",     "operator.add",       "operator.mul",       "dict.get",
      "dict.copy",         "list.copy",       "list.count",         "list.index",         "str.join",
      "opsynth.ops.getslice", "opsynth.ops.getindex", "opsynth.ops.dict_iteration_check",
      "opsynth.ops.dict_getitem_hinted", "opsynth.ops.sum_slice", "opsynth.ops.dict_next", "opsynth.ops.dict_key_at",
      "opsynth.ops.dict_value_at"};
  return names;
}

// Operators that change only their first argument and copy the elements of the others: the
// parameter may be a later argument (`out.extend(xs)`, `out += xs`, `d.update(other)`).
const std::set<std::string>& copying_into_first() {
  static const std::set<std::string> names{"list.extend", "operator.iadd", "dict.update"};
  return names;
}

bool immutable(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool: case TypeKind::Int: case TypeKind::Float: case TypeKind::Complex: case TypeKind::Str:
    case TypeKind::None: case TypeKind::NpScalar: case TypeKind::Literal:
      return true;
    case TypeKind::Tuple: case TypeKind::Union:
      for (const Type& a : t.args)
        if (!immutable(a)) return false;
      return true;
    default:
      return false;
  }
}

bool holds_container(const Type& t) {
  if (t.kind == TypeKind::List || t.kind == TypeKind::Dict) return true;
  for (const Type& a : t.args)
    if (holds_container(a)) return true;
  return false;
}

bool holds_container(const IrType& t) {
  if (!t.known()) return true;  // unknown: assume the worst
  for (const Type& a : t.alternatives)
    if (holds_container(a)) return true;
  return false;
}

// The values and variables that may be one parameter, grown to a fixpoint over the whole body.
class AliasWalk {
 public:
  // `immutable_elements`: the parameter's elements are values (ints, strs, ...), so copying them into
  // another container shares nothing; lists or dicts inside it are shared by such a copy.
  AliasWalk(std::string param, bool immutable_elements) : immutable_elements_(immutable_elements) {
    names_.insert(std::move(param));
  }

  // False as soon as a value that may be the parameter meets a use that may change it.
  bool read_only(const Block& body) {
    for (bool grew = true; grew;) {
      const std::size_t before = names_.size() + values_.size();
      if (!walk(body)) return false;
      grew = names_.size() + values_.size() != before;
    }
    return true;
  }

 private:
  bool walk(const Block& b) {
    for (const Node& n : b) {
      if (n.kind == Node::Kind::Op && !instr(n.instr)) return false;
      for (const Block& inner : n.blocks)
        if (!walk(inner)) return false;
    }
    return true;
  }

  bool instr(const Instr& i) {
    if ((i.kind == Instr::Kind::Param || i.kind == Instr::Kind::Load) && names_.count(python_name(i.name))) {
      values_.insert(i.result);
      return true;
    }
    if (i.kind == Instr::Kind::Widen) {
      if (names_.count(python_name(i.name))) names_.insert(python_name(i.text));
      return true;
    }
    bool uses = false;
    for (ValueId a : i.args) uses = uses || values_.count(a) > 0;
    if (!uses) return true;
    switch (i.kind) {
      case Instr::Kind::Store:
        names_.insert(python_name(i.name));
        return true;
      case Instr::Kind::Convert: case Instr::Kind::UnionGet:
        values_.insert(i.result);
        return true;
      // A tuple, list or dict built around it, or an element taken out of such a tuple, shares its
      // storage: followed like the parameter itself (so `for k, row in enumerate(rows)` reads rows).
      case Instr::Kind::MakeTuple: case Instr::Kind::MakeList: case Instr::Kind::MakeDict: case Instr::Kind::TupleGet:
        if (i.result >= 0 && holds_container(i.type)) values_.insert(i.result);
        return true;
      case Instr::Kind::UnionIs:
        return true;
      case Instr::Kind::Call:
        if (copying_into_first().count(i.name)) {
          // `out.extend(rows)` copies rows' elements into out: harmless for values, sharing for lists.
          for (std::size_t k = 0; k < i.args.size(); ++k)
            if (values_.count(i.args[k]) && (k == 0 || !immutable_elements_)) return false;
          return true;
        }
        if (!reading_operators().count(i.name)) return false;
        // What it returns may share the parameter's storage (an operator may return its argument).
        if (i.result >= 0 && holds_container(i.type)) values_.insert(i.result);
        return true;
      default:
        return false;  // a helper call, a container built around it, ...
    }
  }

  bool immutable_elements_;
  std::set<std::string> names_;
  std::set<ValueId> values_;
};

}  // namespace

std::vector<bool> read_only_params(const Function& f) {
  std::vector<bool> out;
  for (const Param& p : f.params) {
    const bool container = p.type.kind == TypeKind::List || p.type.kind == TypeKind::Dict;
    bool elements_immutable = true;
    for (const Type& a : p.type.args) elements_immutable = elements_immutable && immutable(a);
    out.push_back(container && AliasWalk(p.name, elements_immutable).read_only(f.body));
  }
  return out;
}

}  // namespace opsynth::compiler

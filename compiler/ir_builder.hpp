// Appending instructions to a lowered function's blocks, for the passes that rewrite a function after
// lowering (reduction_lanes, min_max_pairs): fresh value ids and temporaries, calls that name the
// operator overload they use, and the operators added to the function's table.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir.hpp"
#include "compiler/lower.hpp"

namespace opsynth::compiler {

class IrBuilder {
 public:
  explicit IrBuilder(Function& f) : f_(f) {}

  // The overload of qualname at these argument types when oplib holds it verified; pending or missing
  // ones are not used (a rewrite never makes a compile wait on a verification or fail).
  static std::optional<OpUse> available(OpResolver& resolver, const std::string& qualname, const std::vector<Type>& args) {
    auto use = resolver.resolve(qualname, args);
    if (!use || !use->available) return std::nullopt;
    return *use;
  }
  int add_op(const OpUse& use) {
    f_.ops.push_back(use);
    return static_cast<int>(f_.ops.size()) - 1;
  }

  // A fresh lowering temporary ("$tN" past every one the function has).
  std::string new_slot(const IrType& type) {
    int next = 0;
    for (const Local& l : f_.locals)
      if (l.slot.starts_with("$t") && l.slot.find('\'') == std::string::npos)
        next = std::max(next, std::stoi(l.slot.substr(2)) + 1);
    const std::string slot = "$t" + std::to_string(next);
    f_.locals.push_back(Local{slot, slot, type});
    return slot;
  }

  static Node node_of(Instr i) {
    Node n;
    n.kind = Node::Kind::Op;
    n.loc = i.loc;
    n.instr = std::move(i);
    return n;
  }
  // An instruction appended to b; `result` keeps a value id the replaced instruction had (-1: a new one).
  ValueId op(Block& b, Instr::Kind kind, const std::string& name, std::vector<ValueId> args, IrType type,
             ValueId result = -1) {
    Instr i;
    i.kind = kind;
    i.name = name;
    i.args = std::move(args);
    i.type = std::move(type);
    i.result = result >= 0 ? result : f_.next_value++;
    b.push_back(node_of(i));
    return i.result;
  }
  ValueId call(Block& b, const std::string& qualname, int op_index, std::vector<ValueId> args, IrType type) {
    const ValueId v = op(b, Instr::Kind::Call, qualname, std::move(args), std::move(type));
    b.back().instr.op = op_index;
    return v;
  }
  // A constant of `type` whose text is `text`, as lowering writes constants.
  ValueId constant(Block& b, const std::string& text, IrType type) {
    const ValueId v = op(b, Instr::Kind::Const, "", {}, std::move(type));
    b.back().instr.text = text;
    return v;
  }
  // Element k of a tuple value; `result` as for op().
  ValueId tuple_get(Block& b, ValueId tuple, std::size_t k, IrType type, ValueId result = -1) {
    const ValueId v = op(b, Instr::Kind::TupleGet, "", {tuple}, std::move(type), result);
    b.back().instr.text = std::to_string(k);
    return v;
  }
  void store(Block& b, const std::string& slot, ValueId v) {
    Instr i;
    i.kind = Instr::Kind::Store;
    i.name = slot;
    i.args = {v};
    b.push_back(node_of(i));
  }

 protected:
  Function& f_;
};

}  // namespace opsynth::compiler

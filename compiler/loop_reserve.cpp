#include "compiler/loop_reserve.hpp"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir_builder.hpp"

namespace opsynth::compiler {

namespace {

const char* const kReserve = "opsynth.ops.reserve_appends";

// Whether b may end its loop's pass or the loop itself early: a return anywhere, or a break or continue
// of that loop (not of a loop nested in it).
bool leaves_early(const Block& b, bool in_nested_loop) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::Return) return true;
    if (!in_nested_loop && (n.kind == Node::Kind::Break || n.kind == Node::Kind::Continue)) return true;
    const bool nested = in_nested_loop || n.kind == Node::Kind::Loop || n.kind == Node::Kind::ForRange;
    for (const Block& inner : n.blocks)
      if (leaves_early(inner, nested)) return true;
  }
  return false;
}

// The instruction of b (top level) that produces v, or null.
const Instr* defining(const Block& b, ValueId v) {
  for (const Node& n : b)
    if (n.kind == Node::Kind::Op && n.instr.result == v) return &n.instr;
  return nullptr;
}

bool defined_in(const Block& b, ValueId v) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::Op && n.instr.result == v) return true;
    for (const Block& inner : n.blocks)
      if (defined_in(inner, v)) return true;
  }
  return false;
}

// A value whose length builtins.len reads without raising (an array of rank 0 would raise).
bool sized(const Type* t) {
  if (!t) return false;
  switch (t->kind) {
    case TypeKind::List: case TypeKind::Str: case TypeKind::Dict: case TypeKind::Tuple: return true;
    case TypeKind::NDArray: return t->ndim >= 1;
    default: return false;
  }
}

class Reserve : IrBuilder {
 public:
  explicit Reserve(Function& f) : IrBuilder(f) { value_types(f.body, types_); }

  // `assigned`: the slots stored on every path to b's first node.
  int run(Block& b, std::set<std::string> assigned, OpResolver& resolver) {
    int added = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
      for (std::size_t j = 0; j < b[k].blocks.size(); ++j) {
        std::set<std::string> inside = assigned;
        if (b[k].kind == Node::Kind::ForRange && j == 0) inside.insert(b[k].var);  // the body
        added += run(b[k].blocks[j], std::move(inside), resolver);
      }
      if (b[k].kind == Node::Kind::Loop || b[k].kind == Node::Kind::ForRange) {
        auto [before, calls] = reservations(b[k], assigned, resolver);
        const std::size_t n = before.size();
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(k), std::make_move_iterator(before.begin()),
                 std::make_move_iterator(before.end()));
        k += n;
        added += calls;
      }
      const Node& n = b[k];
      if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Store) assigned.insert(n.instr.name);
      if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Widen) assigned.insert(n.instr.text);
    }
    return added;
  }

 private:
  // The nodes to put before `loop` and how many reservations they make (none: an empty block).
  std::pair<Block, int> reservations(const Node& loop, const std::set<std::string>& assigned, OpResolver& resolver) {
    for (const Block& b : loop.blocks)
      if (leaves_early(b, false)) return {};
    std::set<std::string> stored;  // Python names: a name the loop never assigns holds one value through it
    for (const Block& b : loop.blocks) stored_names(b, stored);
    if (loop.kind == Node::Kind::ForRange) stored.insert(python_name(loop.var));
    const Block& body = loop.kind == Node::Kind::Loop ? loop.blocks.at(1) : loop.blocks.at(0);
    const std::vector<std::pair<std::string, Type>> lists = appended_lists(body, stored, assigned);
    if (lists.empty()) return {};

    Block out;
    const auto range = trip_range(loop, stored, assigned, out);
    if (!range) return {};
    int calls = 0;
    for (const auto& [slot, list] : lists) {
      const Type int_type = Type::scalar(TypeKind::Int);
      const auto use = available(resolver, kReserve, {list, int_type, int_type, int_type});
      if (!use || use->signature.result.kind != TypeKind::None) continue;
      const ValueId handle = op(out, Instr::Kind::Load, slot, {}, IrType::of(list));
      call(out, kReserve, op_index(*use), {handle, (*range)[0], (*range)[1], (*range)[2]}, IrType::of(Type::scalar(TypeKind::None)));
      ++calls;
    }
    if (calls == 0) return {};
    return {std::move(out), calls};
  }

  // The list slots the body appends to on every pass: a `list.append` on a load of the slot at the body's
  // top level or in both branches of an `if` there, the slot assigned before the loop and never stored
  // inside it.
  std::vector<std::pair<std::string, Type>> appended_lists(const Block& body, const std::set<std::string>& stored,
                                                           const std::set<std::string>& assigned) const {
    std::map<std::string, Type> every_pass;
    appended_on_every_path(body, every_pass);
    std::vector<std::pair<std::string, Type>> lists;
    for (const auto& [slot, type] : every_pass)
      if (!stored.count(python_name(slot)) && assigned.count(slot)) lists.emplace_back(slot, type);
    return lists;
  }

  // The list slots every path through b appends to, with their types.
  static void appended_on_every_path(const Block& b, std::map<std::string, Type>& slots) {
    for (const Node& n : b) {
      if (n.kind == Node::Kind::If && n.blocks.size() == 2) {
        std::map<std::string, Type> then_slots, else_slots;
        appended_on_every_path(n.blocks[0], then_slots);
        appended_on_every_path(n.blocks[1], else_slots);
        for (const auto& [slot, type] : then_slots)
          if (else_slots.count(slot)) slots.emplace(slot, type);
      }
      if (n.kind != Node::Kind::Op || n.instr.kind != Instr::Kind::Call || n.instr.name != "list.append" ||
          n.instr.args.size() != 2)
        continue;
      const Instr* load = defining(b, n.instr.args[0]);
      if (load && load->kind == Instr::Kind::Load && load->type.known() && !load->type.is_union() &&
          load->type.plain().kind == TypeKind::List)
        slots.emplace(load->name, load->type.plain());
    }
  }

  // start, stop and step of the range the loop runs through, as values computed in `out` (which goes
  // before the loop) or before it: a range loop's own bounds; 0, n, 1 for a loop lowering made over a
  // sequence (its header compares a counter of its own with n, computed from lengths of values the loop
  // never stores) or over a dict (dict_next's size, taken before the loop).
  std::optional<std::array<ValueId, 3>> trip_range(const Node& loop, const std::set<std::string>& stored,
                                                   const std::set<std::string>& assigned, Block& out) {
    if (loop.kind == Node::Kind::ForRange) {
      for (const ValueId v : {loop.start, loop.stop, loop.stride}) {
        const Type* t = plain_type(types_, v);
        if (!t || t->kind != TypeKind::Int) return std::nullopt;
      }
      return std::array<ValueId, 3>{loop.start, loop.stop, loop.stride};
    }
    const Block& header = loop.blocks.at(0);
    const Instr* cond = defining(header, loop.cond);
    if (!cond || cond->kind != Instr::Kind::Call || cond->args.size() != 2) return std::nullopt;
    std::optional<ValueId> stop;
    if (cond->name == "operator.lt") {
      const Instr* counter = defining(header, cond->args[0]);
      if (!counter || counter->kind != Instr::Kind::Load || is_user_variable(counter->name)) return std::nullopt;
      std::map<ValueId, ValueId> copies;
      stop = copy_before(loop, cond->args[1], stored, assigned, out, copies);
    } else if (cond->name == "operator.ge") {
      const Instr* next = defining(header, cond->args[0]);
      if (!next || next->kind != Instr::Kind::Call || next->name != "opsynth.ops.dict_next" || next->args.size() != 4)
        return std::nullopt;
      bool inside = false;
      for (const Block& b : loop.blocks) inside = inside || defined_in(b, next->args[2]);
      if (!inside) stop = next->args[2];
    }
    const Type* t = stop ? plain_type(types_, *stop) : nullptr;
    if (!t || t->kind != TypeKind::Int) return std::nullopt;
    const IrType int_type = IrType::of(Type::scalar(TypeKind::Int));
    const ValueId start = constant(out, "0", int_type);
    const ValueId step = constant(out, "1", int_type);
    return std::array<ValueId, 3>{start, *stop, step};
  }

  // v of the loop's header computed again in `out`, before the loop: only constants, loads of slots
  // assigned before the loop and never stored in it, and builtins.len / builtins.min of those, which
  // neither raise nor change anything. A value from before the loop is itself.
  std::optional<ValueId> copy_before(const Node& loop, ValueId v, const std::set<std::string>& stored,
                                     const std::set<std::string>& assigned, Block& out, std::map<ValueId, ValueId>& copies) {
    if (const auto it = copies.find(v); it != copies.end()) return it->second;
    const Instr* i = defining(loop.blocks.at(0), v);
    if (!i) {
      for (const Block& b : loop.blocks)
        if (defined_in(b, v)) return std::nullopt;
      return v;
    }
    Instr copy = *i;
    switch (i->kind) {
      case Instr::Kind::Const:
        break;
      case Instr::Kind::Load:
        if (stored.count(python_name(i->name)) || !assigned.count(i->name)) return std::nullopt;
        break;
      case Instr::Kind::Call: {
        const bool len = i->name == "builtins.len" && i->args.size() == 1 && sized(plain_type(types_, i->args[0]));
        const bool min = i->name == "builtins.min" && i->args.size() == 2;
        if (!len && !min) return std::nullopt;
        for (ValueId& a : copy.args) {
          if (min && !(plain_type(types_, a) && plain_type(types_, a)->kind == TypeKind::Int)) return std::nullopt;
          const auto c = copy_before(loop, a, stored, assigned, out, copies);
          if (!c) return std::nullopt;
          a = *c;
        }
        break;
      }
      default:
        return std::nullopt;
    }
    copy.result = f_.next_value++;
    types_[copy.result] = copy.type;
    out.push_back(node_of(copy));
    return copies[v] = copy.result;
  }

  int op_index(const OpUse& use) {
    const std::string key = to_string(use.signature);
    if (const auto it = ops_.find(key); it != ops_.end()) return it->second;
    return ops_[key] = add_op(use);
  }

  std::map<ValueId, IrType> types_;
  std::map<std::string, int> ops_;
};

}  // namespace

int plan_loop_reserve(Function& f, OpResolver& resolver) {
  Reserve pass(f);
  return pass.run(f.body, {}, resolver);
}

}  // namespace opsynth::compiler

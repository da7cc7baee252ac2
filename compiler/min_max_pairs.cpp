#include "compiler/min_max_pairs.hpp"

#include <map>
#include <optional>
#include <string>

#include "compiler/ir_builder.hpp"

namespace opsynth::compiler {

namespace {

// `%a = load X; %r = call numpy.min(%a) | numpy.max(%a); store S, %r` at b[k..k+2].
struct Reduction {
  std::string array;  // X
  bool is_max = false;
  ValueId result = -1;
  std::string stored;  // S
  IrType type;         // the scalar result
};

class Pairs : IrBuilder {
 public:
  explicit Pairs(Function& f) : IrBuilder(f) { count_uses(f.body, uses_); }

  int run(Block& b, OpResolver& resolver) {
    int rewritten = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
      for (Block& inner : b[k].blocks) rewritten += run(inner, resolver);
      const auto first = reduction_at(b, k);
      const auto second = first ? reduction_at(b, k + 3) : std::nullopt;
      if (!second || second->array != first->array || second->is_max == first->is_max ||
          first->stored == first->array || !(first->type == second->type))
        continue;
      if (rewrite(b, k, *first, *second, resolver)) ++rewritten;
    }
    return rewritten;
  }

 private:

  std::optional<Reduction> reduction_at(const Block& b, std::size_t k) const {
    if (k + 2 >= b.size()) return std::nullopt;
    const auto op_of = [&](std::size_t j) -> const Instr* {
      return b[j].kind == Node::Kind::Op ? &b[j].instr : nullptr;
    };
    const Instr *load = op_of(k), *call = op_of(k + 1), *store = op_of(k + 2);
    if (!load || !call || !store || load->kind != Instr::Kind::Load || call->kind != Instr::Kind::Call ||
        store->kind != Instr::Kind::Store)
      return std::nullopt;
    if ((call->name != "numpy.min" && call->name != "numpy.max") || call->args.size() != 1 ||
        call->args[0] != load->result || store->args.at(0) != call->result || !used_once(uses_, load->result) ||
        !used_once(uses_, call->result))
      return std::nullopt;
    const Type& array = load->type.plain();
    if (load->type.is_union() || array.kind != TypeKind::NDArray || array.ndim < 1 || !call->type.known() ||
        call->type.is_union())
      return std::nullopt;
    return Reduction{load->name, call->name == "numpy.max", call->result, store->name, call->type};
  }

  bool rewrite(Block& b, std::size_t k, const Reduction& first, const Reduction& second, OpResolver& resolver) {
    const Type array = b[k].instr.type.plain();
    const Type flag = Type::scalar(TypeKind::Bool);
    const auto use = available(resolver, "opsynth.ops.min_max", {array, flag});
    const Type pair = Type::tuple({first.type.plain(), first.type.plain()});
    if (!use || !(IrType::of(use->signature.result) == IrType::of(pair))) return false;
    const int index = add_op(*use);
    const SourceLoc loc = b[k + 1].instr.loc;
    Block with;
    with.push_back(b[k]);  // the load of the array
    const ValueId max_first = constant(with, first.is_max ? "True" : "False", IrType::of(flag));
    const ValueId both = call(with, "opsynth.ops.min_max", index, {b[k].instr.result, max_first}, IrType::of(pair));
    // (min, max): each result keeps its value id and its store, in the order the function had them.
    for (const Reduction* r : {&first, &second}) {
      tuple_get(with, both, r->is_max ? 1 : 0, r->type, r->result);
      store(with, r->stored, r->result);
    }
    for (Node& n : with) n.loc = n.instr.loc = loc;
    b.erase(b.begin() + static_cast<std::ptrdiff_t>(k), b.begin() + static_cast<std::ptrdiff_t>(k + 6));
    b.insert(b.begin() + static_cast<std::ptrdiff_t>(k), with.begin(), with.end());
    return true;
  }

  std::map<ValueId, int> uses_;
};

}  // namespace

int plan_min_max_pairs(Function& f, OpResolver& resolver) {
  Pairs pairs(f);
  return pairs.run(f.body, resolver);
}

}  // namespace opsynth::compiler

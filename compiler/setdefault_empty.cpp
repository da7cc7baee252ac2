#include "compiler/setdefault_empty.hpp"

#include <map>
#include <string>

#include "compiler/ir_builder.hpp"

namespace opsynth::compiler {

namespace {

class EmptyDefaults : IrBuilder {
 public:
  explicit EmptyDefaults(Function& f) : IrBuilder(f) {
    count_uses(f.body, uses_);
    value_types(f.body, types_);
  }

  int run(Block& b, OpResolver& resolver) {
    int rewritten = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
      for (Block& inner : b[k].blocks) rewritten += run(inner, resolver);
      const std::ptrdiff_t made = empty_default_of(b, k);
      if (made < 0 || !rewrite(b[k].instr, resolver)) continue;
      b.erase(b.begin() + made);  // the `[]` or `{}` no one else reads
      --k;
      ++rewritten;
    }
    return rewritten;
  }

 private:
  // Where in b the empty container that b[k], a `dict.setdefault(d, k, v)`, takes as v is made: a list
  // or dict display without items, earlier in the same block, read by this call alone. -1: none.
  std::ptrdiff_t empty_default_of(const Block& b, std::size_t k) const {
    const Node& n = b[k];
    if (n.kind != Node::Kind::Op || n.instr.kind != Instr::Kind::Call || n.instr.name != "dict.setdefault" ||
        n.instr.args.size() != 3)
      return -1;
    const ValueId v = n.instr.args[2];
    if (!used_once(uses_, v)) return -1;
    for (std::size_t j = k; j-- > 0;) {
      const Instr& i = b[j].instr;
      if (b[j].kind != Node::Kind::Op || i.result != v) continue;
      const bool empty = (i.kind == Instr::Kind::MakeList || i.kind == Instr::Kind::MakeDict) && i.args.empty();
      return empty ? static_cast<std::ptrdiff_t>(j) : -1;
    }
    return -1;
  }

  bool rewrite(Instr& call, OpResolver& resolver) {
    const Type* dict = plain_type(types_, call.args[0]);
    const Type* key = plain_type(types_, call.args[1]);
    if (!dict || !key || dict->kind != TypeKind::Dict || dict->args.size() != 2) return false;
    const TypeKind value = dict->args[1].kind;
    if (value != TypeKind::List && value != TypeKind::Dict) return false;
    const std::string qualname = value == TypeKind::List ? "opsynth.ops.setdefault_list" : "opsynth.ops.setdefault_dict";
    const auto use = available(resolver, qualname, {*dict, *key});
    if (!use || !(IrType::of(use->signature.result) == call.type)) return false;
    call.name = qualname;
    call.args.pop_back();
    call.op = add_op(*use);
    return true;
  }

  std::map<ValueId, int> uses_;
  std::map<ValueId, IrType> types_;
};

}  // namespace

int plan_setdefault_empty(Function& f, OpResolver& resolver) {
  EmptyDefaults pass(f);
  return pass.run(f.body, resolver);
}

}  // namespace opsynth::compiler

#include "compiler/dict_list_appends.hpp"

#include <map>
#include <set>
#include <string>

#include "compiler/ir_builder.hpp"

namespace opsynth::compiler {

namespace {

// The call that reads the list out of the dict, and what it fuses into.
const std::map<std::string, std::string>& fused_names() {
  static const std::map<std::string, std::string> names{{"operator.getitem", "opsynth.ops.append_at"},
                                                        {"opsynth.ops.setdefault_list", "opsynth.ops.setdefault_append"}};
  return names;
}

class Appends : IrBuilder {
 public:
  explicit Appends(Function& f) : IrBuilder(f) {
    count_uses(f.body, uses_);
    value_types(f.body, types_);
  }

  // `assigned`: the Python variables stored on every path to b's first node.
  int run(Block& b, std::set<std::string> assigned, OpResolver& resolver) {
    int rewritten = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
      for (std::size_t j = 0; j < b[k].blocks.size(); ++j) {
        std::set<std::string> inside = assigned;
        if (b[k].kind == Node::Kind::ForRange && j == 0) inside.insert(python_name(b[k].var));  // the body
        rewritten += run(b[k].blocks[j], std::move(inside), resolver);
      }
      if (const std::ptrdiff_t read = list_read_for(b, k, assigned); read >= 0 && rewrite(b[read].instr, b[k].instr, resolver)) {
        b.erase(b.begin() + read);
        --k;
        ++rewritten;
      }
      if (b[k].kind == Node::Kind::Op && b[k].instr.kind == Instr::Kind::Store) assigned.insert(python_name(b[k].instr.name));
    }
    return rewritten;
  }

 private:
  // Where in b the list that b[k], a `list.append(l, x)`, appends to is read out of a dict (a getitem
  // or a setdefault_list whose value only this append uses), with only constants and reads of assigned
  // variables between; -1: nowhere.
  std::ptrdiff_t list_read_for(const Block& b, std::size_t k, const std::set<std::string>& assigned) const {
    const Node& n = b[k];
    if (n.kind != Node::Kind::Op || n.instr.kind != Instr::Kind::Call || n.instr.name != "list.append" ||
        n.instr.args.size() != 2 || !used_once(uses_, n.instr.args[0]))
      return -1;
    for (std::size_t j = k; j-- > 0;) {
      if (b[j].kind != Node::Kind::Op) return -1;
      const Instr& i = b[j].instr;
      if (i.result == n.instr.args[0])
        return i.kind == Instr::Kind::Call && fused_names().count(i.name) && i.args.size() == 2 ? static_cast<std::ptrdiff_t>(j) : -1;
      const bool harmless = i.kind == Instr::Kind::Const ||
                            (i.kind == Instr::Kind::Load && (!is_user_variable(i.name) || assigned.count(python_name(i.name))));
      if (!harmless) return -1;
    }
    return -1;
  }

  bool rewrite(const Instr& read, Instr& append, OpResolver& resolver) {
    const Type* dict = plain_type(types_, read.args[0]);
    const Type* key = plain_type(types_, read.args[1]);
    const Type* item = plain_type(types_, append.args[1]);
    if (!dict || !key || !item || dict->kind != TypeKind::Dict || dict->args.size() != 2 ||
        dict->args[1].kind != TypeKind::List || !(dict->args[1].args.at(0) == *item))
      return false;
    const std::string qualname = fused_names().at(read.name);
    const auto use = available(resolver, qualname, {*dict, *key, *item});
    if (!use || use->signature.result.kind != TypeKind::None) return false;
    append.name = qualname;
    append.args = {read.args[0], read.args[1], append.args[1]};
    append.op = add_op(*use);
    return true;
  }

  std::map<ValueId, int> uses_;
  std::map<ValueId, IrType> types_;
};

}  // namespace

int plan_dict_list_appends(Function& f, OpResolver& resolver) {
  Appends pass(f);
  return pass.run(f.body, {}, resolver);
}

}  // namespace opsynth::compiler

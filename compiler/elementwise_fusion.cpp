#include "compiler/elementwise_fusion.hpp"

#include <array>
#include <string_view>

#include "compiler/array_readers.hpp"

namespace opsynth::compiler {

FusionRole fusion_role(const std::string& text) {
  const bool node = text.find("rt::ufunc::apply<") != std::string::npos;
  const bool root = text.find("rt::ufunc::apply_runs<") != std::string::npos;
  if (node == root) return FusionRole::none;  // neither, or both in one header
  // Reading an operand other than through apply. A root's own run may loop (over its run's pointers);
  // a node must be nothing but apply, since what it returns is computed later.
  static constexpr std::array<std::string_view, 6> reads{"rt::ndarray<", ".shape(", ".size(", ".data(", ".strides(", "ndim"};
  static constexpr std::array<std::string_view, 3> loops{"for (", "while (", "goto"};
  for (std::string_view token : reads)
    if (text.find(token) != std::string::npos) return FusionRole::none;
  if (root) return FusionRole::root;
  for (std::string_view token : loops)
    if (text.find(token) != std::string::npos) return FusionRole::none;
  return FusionRole::node;
}

namespace {

bool is_array(const IrType& t) { return t.known() && !t.is_union() && t.plain().kind == TypeKind::NDArray; }

class Finder {
 public:
  Finder(const std::map<int, FusionRole>& roles, const std::map<ValueId, int>& uses) : roles_(roles), uses_(uses) {}

  void types(const Block& b) { value_types(b, types_); }

  void block(const Block& b) {
    for (std::size_t k = 0; k < b.size(); ++k) {
      for (const Block& inner : b[k].blocks) block(inner);
      if (role(b[k]) != FusionRole::node || !used_once(uses_, b[k].instr.result)) continue;
      for (std::size_t j = k + 1; j < b.size(); ++j) {
        const Node& n = b[j];
        if (n.kind == Node::Kind::Op && uses_value(n.instr, b[k].instr.result)) {
          if (role(n) != FusionRole::none) {
            fusion_.deferred.insert(b[k].instr.result);
            fusion_.roots.insert(n.instr.result);
          }
          break;
        }
        if (!harmless(n)) break;
      }
    }
  }

  Fusion result() const {
    Fusion out = fusion_;
    for (ValueId v : out.deferred) out.roots.erase(v);  // a deferred node's own consumer computes it
    return out;
  }

 private:
  FusionRole role(const Node& n) const {
    if (n.kind != Node::Kind::Op || n.instr.kind != Instr::Kind::Call || n.instr.result < 0 || !is_array(n.instr.type))
      return FusionRole::none;
    const auto it = roles_.find(n.instr.op);
    return it == roles_.end() ? FusionRole::none : it->second;
  }
  static bool uses_value(const Instr& i, ValueId v) {
    for (ValueId a : i.args)
      if (a == v) return true;
    return false;
  }
  // What may run between a deferred call and its consumer: nothing that writes into an array (a deferred
  // node holds its arrays, not their values). What it raises is no matter: a deferred node raises nothing
  // later than the eager call would.
  bool harmless(const Node& n) const {
    if (n.kind != Node::Kind::Op) return false;
    switch (n.instr.kind) {
      case Instr::Kind::Const: case Instr::Kind::Param: case Instr::Kind::Load: case Instr::Kind::MakeTuple:
      case Instr::Kind::TupleGet:
        return true;
      case Instr::Kind::Call:
        return role(n) != FusionRole::none || reads_arrays_only(n.instr);
      default:
        return false;
    }
  }
  // An operator that cannot write into an array: none of its arguments holds one, or it only reads them.
  bool reads_arrays_only(const Instr& i) const {
    std::vector<IrType> arg_types;
    for (ValueId a : i.args) {
      const auto t = types_.find(a);
      arg_types.push_back(t == types_.end() ? IrType::unknown() : t->second);
    }
    return !may_write_arrays(i.name, arg_types);
  }

  const std::map<int, FusionRole>& roles_;
  const std::map<ValueId, int>& uses_;
  std::map<ValueId, IrType> types_;
  Fusion fusion_;
};

}  // namespace

Fusion find_fusions(const Function& f, const std::map<int, FusionRole>& roles, const std::map<ValueId, int>& uses) {
  Finder finder(roles, uses);
  finder.types(f.body);
  finder.block(f.body);
  return finder.result();
}

}  // namespace opsynth::compiler

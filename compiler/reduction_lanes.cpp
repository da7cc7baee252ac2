#include "compiler/reduction_lanes.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/array_readers.hpp"
#include "compiler/ir_builder.hpp"

namespace opsynth::compiler {

namespace {

constexpr std::size_t kMaxLanes = 3;  // the plans the library holds verified instances of

const Type& vector_type() {
  static const Type t = Type::ndarray(Dtype::Float64, 1);
  return t;
}
const Type& float64_type() {
  static const Type t = Type::np_scalar(Dtype::Float64);
  return t;
}
bool is_plain(const IrType& t, const Type& want) { return t.known() && !t.is_union() && t.plain() == want; }

// One sum: 'n' over one array variable, 'd' over two.
struct Lane {
  char kind = 'n';
  std::vector<std::string> vars;
  bool operator==(const Lane&) const = default;
};

// A call the lanes serve, where it sits.
struct Site {
  Block* block = nullptr;
  std::size_t index = 0;
  Lane lane;
};

class Planner : IrBuilder {
 public:
  explicit Planner(Function& f) : IrBuilder(f) {}

  bool run(OpResolver& resolver) {
    index(f_.body);
    for (std::size_t k = 0; k < f_.body.size(); ++k) {
      const Node& n = f_.body[k];
      if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Store) top_store_.emplace(n.instr.name, k);
    }
    const std::set<std::string> fixed = fixed_vectors();
    if (writes_arrays_ || fixed.empty()) return false;
    std::vector<Site> sites;
    find_sites(f_.body, fixed, sites);
    if (sites.size() < 2) return false;
    // The lanes are computed before the first site and serve the sites after it in its block, each
    // array's variable already holding the value it keeps.
    const Site first = sites.front();
    const std::size_t first_top = top_level_index(first);
    std::vector<Site> served;
    std::vector<Lane> lanes;
    for (const Site& s : sites) {
      if (!after_in(first, s)) continue;
      const bool assigned_before = std::all_of(s.lane.vars.begin(), s.lane.vars.end(), [&](const std::string& v) {
        const auto at = top_store_.find(v);
        return at != top_store_.end() && at->second < first_top;
      });
      if (!assigned_before) continue;
      if (std::find(lanes.begin(), lanes.end(), s.lane) == lanes.end()) {
        if (lanes.size() == kMaxLanes) continue;
        lanes.push_back(s.lane);
      }
      served.push_back(s);
    }
    if (lanes.size() < 2) return false;
    std::string plan;
    std::vector<Type> arg_types{Type::literal_of(LiteralValue{LiteralValue::Kind::Str, false, 0, 0.0, ""})};
    for (const Lane& l : lanes) {
      plan += l.kind;
      for (std::size_t k = 0; k < l.vars.size(); ++k) arg_types.push_back(vector_type());
    }
    arg_types[0].literal.s = plan;
    // Every operator the rewrite calls must be in the library, verified at these types.
    const auto lanes_op = available(resolver, "opsynth.ops.reduction_lanes", arg_types);
    const bool any_dot = std::any_of(lanes.begin(), lanes.end(), [](const Lane& l) { return l.kind == 'd'; });
    const auto len_op = any_dot ? available(resolver, "builtins.len", {vector_type()}) : std::nullopt;
    const auto eq_op = any_dot ? available(resolver, "operator.eq", {Type::scalar(TypeKind::Int), Type::scalar(TypeKind::Int)})
                               : std::nullopt;
    if (!lanes_op || (any_dot && (!len_op || !eq_op))) return false;
    if (!is_plain(IrType::of(lanes_op->signature.result), Type::tuple(std::vector<Type>(lanes.size(), float64_type()))))
      return false;
    const int lanes_index = add_op(*lanes_op);
    const int len_index = any_dot ? add_op(*len_op) : -1;
    const int eq_index = any_dot ? add_op(*eq_op) : -1;

    const IrType lanes_type = IrType::of(lanes_op->signature.result);
    const std::string lanes_slot = new_slot(lanes_type);
    // Later sites first: an insertion shifts only what comes after it in its block.
    for (auto s = served.rbegin(); s != served.rend(); ++s) {
      const int j = static_cast<int>(std::find(lanes.begin(), lanes.end(), s->lane) - lanes.begin());
      replace_site(*s, j, lanes_slot, lanes_type, len_index, eq_index);
    }
    // The lanes themselves, just before the first site.
    Block before;
    std::vector<ValueId> args{constant(before, plan, IrType::of(Type::scalar(TypeKind::Str)))};
    for (const Lane& l : lanes)
      for (const std::string& p : l.vars) args.push_back(op(before, Instr::Kind::Load, p, {}, IrType::of(vector_type())));
    const ValueId tuple = call(before, "opsynth.ops.reduction_lanes", lanes_index, args, lanes_type);
    store(before, lanes_slot, tuple);
    first.block->insert(first.block->begin() + static_cast<std::ptrdiff_t>(first.index), before.begin(), before.end());
    return true;
  }

 private:
  // Types of values, what each load reads, and whether anything may write into an array.
  void index(const Block& b) {
    for (const Node& n : b) {
      if (n.kind == Node::Kind::Op) {
        const Instr& i = n.instr;
        if (i.result >= 0) types_[i.result] = i.type;
        if (i.kind == Instr::Kind::Load) loaded_[i.result] = i.name;
        if (i.kind == Instr::Kind::Param) params_[i.result] = i.name;
        if (i.kind == Instr::Kind::Store) stores_[i.name].push_back(i.args.at(0));
        if (i.kind == Instr::Kind::Widen) stores_[i.text].push_back(-1);
        if (i.kind == Instr::Kind::CallUser && any_array_arg(i)) writes_arrays_ = true;
        if (i.kind == Instr::Kind::Call && may_write_arrays(i.name, arg_types(i))) writes_arrays_ = true;
      }
      if (n.kind == Node::Kind::ForRange) stores_[n.var].push_back(-1);
      for (const Block& inner : n.blocks) index(inner);
    }
  }
  std::vector<IrType> arg_types(const Instr& i) const {
    std::vector<IrType> out;
    for (ValueId a : i.args) {
      const auto t = types_.find(a);
      out.push_back(t == types_.end() ? IrType::unknown() : t->second);
    }
    return out;
  }
  bool any_array_arg(const Instr& i) const {
    const std::vector<IrType> types = arg_types(i);
    return std::any_of(types.begin(), types.end(), [](const IrType& t) { return holds_array(t); });
  }

  // Variables that hold one 1-D float64 array for the whole call: stored once, by a statement at the
  // function's top level (a parameter's own store, or `xc = x - x.mean()`), never in a loop or branch.
  std::set<std::string> fixed_vectors() const {
    std::set<std::string> out;
    for (const Local& l : f_.locals) {
      if (!is_plain(l.type, vector_type())) continue;
      const auto s = stores_.find(l.slot);
      if (s != stores_.end() && s->second.size() == 1 && top_store_.count(l.slot)) out.insert(l.slot);
    }
    return out;
  }
  // The position in the function's top-level block of the statement that holds the site.
  std::size_t top_level_index(const Site& s) const {
    if (s.block == &f_.body) return s.index;
    for (std::size_t k = 0; k < f_.body.size(); ++k)
      if (contains(f_.body[k], s.block)) return k;
    return f_.body.size();
  }

  // The variable a value is read from, when it is one of `fixed` (a load, or a parameter's value).
  std::optional<std::string> variable_of(ValueId v, const std::set<std::string>& fixed) const {
    if (const auto l = loaded_.find(v); l != loaded_.end() && fixed.count(l->second)) return l->second;
    if (const auto p = params_.find(v); p != params_.end() && fixed.count(p->second)) return p->second;
    return std::nullopt;
  }

  void find_sites(Block& b, const std::set<std::string>& fixed, std::vector<Site>& out) {
    for (std::size_t k = 0; k < b.size(); ++k) {
      Node& n = b[k];
      if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Call && is_plain(n.instr.type, float64_type())) {
        const Instr& i = n.instr;
        std::vector<std::string> on;
        for (ValueId a : i.args)
          if (auto p = variable_of(a, fixed); p && is_plain(types_.at(a), vector_type())) on.push_back(*p);
        if (i.name == "numpy.linalg.norm" && i.args.size() == 1 && on.size() == 1) out.push_back(Site{&b, k, Lane{'n', on}});
        if (i.name == "numpy.dot" && i.args.size() == 2 && on.size() == 2) out.push_back(Site{&b, k, Lane{'d', on}});
      }
      for (Block& inner : n.blocks) find_sites(inner, fixed, out);
    }
  }

  // s sits after `first` in first's block, or inside a node after it there.
  static bool after_in(const Site& first, const Site& s) {
    if (s.block == first.block) return s.index >= first.index;
    for (std::size_t k = first.index + 1; k < first.block->size(); ++k)
      if (contains((*first.block)[k], s.block)) return true;
    return false;
  }
  static bool contains(const Node& n, const Block* b) {
    for (const Block& inner : n.blocks)
      if (&inner == b) return true;
    for (const Block& inner : n.blocks)
      for (const Node& m : inner)
        if (contains(m, b)) return true;
    return false;
  }

  // The site's value from lane j: a norm's directly; a dot's where the lengths agree, else np.dot.
  void replace_site(const Site& s, int j, const std::string& lanes_slot, const IrType& lanes_type, int len_index,
                    int eq_index) {
    const Instr call_instr = (*s.block)[s.index].instr;
    const IrType value_type = IrType::of(float64_type());
    auto lane_value = [&](Block& b, ValueId result) {
      const ValueId tuple = op(b, Instr::Kind::Load, lanes_slot, {}, lanes_type);
      const ValueId v = tuple_get(b, tuple, static_cast<std::size_t>(j), value_type, result);
      b.back().loc = b.back().instr.loc = call_instr.loc;
      return v;
    };
    Block with;
    if (s.lane.kind == 'n') {
      lane_value(with, call_instr.result);
    } else {
      const std::string value_slot = new_slot(value_type);
      const IrType int_type = IrType::of(Type::scalar(TypeKind::Int));
      const ValueId n0 = call(with, "builtins.len", len_index, {call_instr.args[0]}, int_type);
      const ValueId n1 = call(with, "builtins.len", len_index, {call_instr.args[1]}, int_type);
      Node branch;
      branch.kind = Node::Kind::If;
      branch.cond = call(with, "operator.eq", eq_index, {n0, n1}, IrType::of(Type::scalar(TypeKind::Bool)));
      branch.loc = call_instr.loc;
      branch.blocks.resize(2);
      store(branch.blocks[0], value_slot, lane_value(branch.blocks[0], -1));
      Instr again = call_instr;
      again.result = f_.next_value++;
      branch.blocks[1].push_back(node_of(again));
      store(branch.blocks[1], value_slot, again.result);
      with.push_back(branch);
      op(with, Instr::Kind::Load, value_slot, {}, value_type, call_instr.result);
    }
    for (Node& n : with) n.loc = n.instr.loc = call_instr.loc;
    s.block->erase(s.block->begin() + static_cast<std::ptrdiff_t>(s.index));
    s.block->insert(s.block->begin() + static_cast<std::ptrdiff_t>(s.index), with.begin(), with.end());
  }

  std::map<ValueId, IrType> types_;
  std::map<ValueId, std::string> loaded_, params_;
  std::map<std::string, std::vector<ValueId>> stores_;
  std::map<std::string, std::size_t> top_store_;  // a variable's store in the top-level block, by position
  bool writes_arrays_ = false;
};

}  // namespace

bool plan_reduction_lanes(Function& f, OpResolver& resolver) { return Planner(f).run(resolver); }

}  // namespace opsynth::compiler

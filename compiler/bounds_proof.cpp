// Loop versioning's proof (see bounds_proof.hpp).
#include "compiler/bounds_proof.hpp"

#include <charconv>
#include <optional>

namespace opsynth::compiler {
namespace {

// Far inside int64 after any sum of a few: constants beyond it are left to the operators.
constexpr long long kConstantLimit = 1LL << 40;

void collect_definitions(const Block& b, std::map<ValueId, const Instr*>& out) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::Op && n.instr.result >= 0) out[n.instr.result] = &n.instr;
    for (const Block& inner : n.blocks) collect_definitions(inner, out);
  }
}

bool is_int(const Type& t) { return t.kind == TypeKind::Int; }
bool is_int(const IrType& t) { return t.known() && !t.is_union() && is_int(t.plain()); }

// What every loop's proof reads of its function: each value's definition and each slot's type.
struct FunctionFacts {
  explicit FunctionFacts(const Function& f) {
    collect_definitions(f.body, definitions);
    for (const Local& l : f.locals) slot_types[l.slot] = l.type;
  }
  std::map<ValueId, const Instr*> definitions;
  std::map<std::string, IrType> slot_types;
};

class Prover {
 public:
  Prover(const Function& f, const FunctionFacts& facts, const Node& loop)
      : f_(f), loop_(loop), definitions_(facts.definitions), slot_types_(facts.slot_types) {
    for (const Block& b : loop.blocks) stored_names(b, stored_);
  }

  LoopProof run() {
    LoopProof proof;
    if (stored_.count(python_name(loop_.var))) return proof;  // the body reassigns the counter: its loads are not the range's values
    walk(loop_.blocks.at(0), proof);
    return proof;
  }

 private:
  // The body, and the ifs and while loops inside it; a nested range loop proves its own accesses.
  void walk(const Block& b, LoopProof& proof) {
    for (const Node& n : b) {
      if (n.kind == Node::Kind::ForRange) continue;
      if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Call) consider(n.instr, proof);
      for (const Block& inner : n.blocks) walk(inner, proof);
    }
  }

  const Instr* definition(ValueId v) const {
    const auto it = definitions_.find(v);
    return it == definitions_.end() ? nullptr : it->second;
  }

  // The array variable an argument loads, when the loop never assigns it.
  std::optional<std::string> invariant_array(ValueId v) const {
    const Instr* d = definition(v);
    if (!d || d->kind != Instr::Kind::Load || stored_.count(python_name(d->name))) return std::nullopt;
    const auto type = slot_types_.find(d->name);
    if (type == slot_types_.end() || !type->second.known() || type->second.is_union() ||
        type->second.plain().kind != TypeKind::NDArray)
      return std::nullopt;
    return d->name;
  }

  std::optional<AffineIndex> affine(ValueId v, int depth = 0) const {
    const Instr* d = definition(v);
    if (!d || depth > 8 || !is_int(d->type)) return std::nullopt;
    switch (d->kind) {
      case Instr::Kind::Const: {
        long long c = 0;
        const auto* end = d->text.data() + d->text.size();
        const auto [ptr, ec] = std::from_chars(d->text.data(), end, c);
        if (ec != std::errc{} || ptr != end || c > kConstantLimit || c < -kConstantLimit) return std::nullopt;
        return AffineIndex{0, c, "", 0};
      }
      case Instr::Kind::Load:
        if (d->name == loop_.var) return AffineIndex{1, 0, "", 0};
        if (stored_.count(python_name(d->name)) || !is_int(slot_types_.at(d->name))) return std::nullopt;
        return AffineIndex{0, 0, d->name, 1};
      case Instr::Kind::Call: {
        const bool add = d->name == "operator.add", sub = d->name == "operator.sub";
        const Signature& sig = f_.ops.at(static_cast<std::size_t>(d->op)).signature;
        if ((!add && !sub) || d->args.size() != 2 || sig.params.size() != 2 || !is_int(sig.params[0]) ||
            !is_int(sig.params[1]) || !is_int(sig.result))
          return std::nullopt;
        auto a = affine(d->args[0], depth + 1), b = affine(d->args[1], depth + 1);
        if (!a || !b) return std::nullopt;
        if (sub) {
          b->coeff = -b->coeff;
          b->constant = -b->constant;
          b->sign = -b->sign;
        }
        AffineIndex sum{a->coeff + b->coeff, a->constant + b->constant, a->slot, a->sign};
        if (!b->slot.empty()) {
          if (!a->slot.empty()) return std::nullopt;  // one variable at most
          sum.slot = b->slot;
          sum.sign = b->sign;
        }
        if (sum.coeff < -1 || sum.coeff > 1 || sum.constant > kConstantLimit || sum.constant < -kConstantLimit)
          return std::nullopt;
        return sum;
      }
      default:
        return std::nullopt;
    }
  }

  // What a proven store may write: what operator.setitem converts without an error of its own.
  static bool storable(Dtype into, const Type& value) {
    auto scalar_of = [&](std::initializer_list<Dtype> dtypes) {
      if (value.kind != TypeKind::NpScalar) return false;
      for (Dtype d : dtypes)
        if (value.dtype == d) return true;
      return false;
    };
    switch (into) {
      case Dtype::Float64:
        return value.kind == TypeKind::Float || value.kind == TypeKind::Int || value.kind == TypeKind::Bool ||
               scalar_of({Dtype::Float64, Dtype::Float32, Dtype::Int64, Dtype::Int32, Dtype::Bool});
      case Dtype::Int64:
        return value.kind == TypeKind::Int || value.kind == TypeKind::Bool || scalar_of({Dtype::Int64, Dtype::Int32, Dtype::Bool});
      case Dtype::Bool:
        return value.kind == TypeKind::Float || value.kind == TypeKind::Int || value.kind == TypeKind::Bool ||
               scalar_of({Dtype::Float64, Dtype::Int64, Dtype::Bool});
      default:
        return false;
    }
  }

  void consider(const Instr& call, LoopProof& proof) const {
    const bool load = call.name == "operator.getitem", store = call.name == "operator.setitem";
    if (!load && !store) return;
    const Signature& sig = f_.ops.at(static_cast<std::size_t>(call.op)).signature;
    if (call.args.size() != (store ? 3u : 2u) || sig.params.size() != call.args.size()) return;
    const Type& array = sig.params[0];
    if (array.kind != TypeKind::NDArray || array.ndim < 1) return;
    const auto slot = invariant_array(call.args[0]);
    if (!slot) return;
    if (load) {
      // An element, as a numpy scalar of the array's dtype (not a view of a row).
      if (!call.type.known() || call.type.is_union() || call.type.plain().kind != TypeKind::NpScalar ||
          call.type.plain().dtype != array.dtype)
        return;
    } else if (!storable(array.dtype, sig.params[2])) {
      return;
    }
    std::vector<ValueId> values;
    if (array.ndim == 1 && is_int(sig.params[1])) {
      values.push_back(call.args[1]);
    } else {
      const Type& index = sig.params[1];
      if (index.kind != TypeKind::Tuple || static_cast<int>(index.args.size()) != array.ndim) return;
      for (const Type& t : index.args)
        if (!is_int(t)) return;
      const Instr* tuple = definition(call.args[1]);
      if (!tuple || tuple->kind != Instr::Kind::MakeTuple || static_cast<int>(tuple->args.size()) != array.ndim) return;
      values = tuple->args;
    }
    ProvenAccess access{&call, *slot, array, store, values, {}};
    for (ValueId v : values) {
      auto form = affine(v);
      if (!form) return;
      access.index.push_back(*form);
    }
    for (ValueId v : values) {
      const Instr* d = definition(v);
      if (d->kind == Instr::Kind::Call && definition(d->args[0])->kind != Instr::Kind::Call &&
          definition(d->args[1])->kind != Instr::Kind::Call)
        proof.plain_arithmetic.insert(d);
    }
    proof.accesses.push_back(std::move(access));
  }

  const Function& f_;
  const Node& loop_;
  const std::map<ValueId, const Instr*>& definitions_;
  const std::map<std::string, IrType>& slot_types_;
  std::set<std::string> stored_;  // Python names
};

void prove_all(const Function& f, const FunctionFacts& facts, const Block& b, std::map<const Node*, LoopProof>& out) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::ForRange) out.emplace(&n, Prover(f, facts, n).run());
    for (const Block& inner : n.blocks) prove_all(f, facts, inner, out);
  }
}

}  // namespace

std::map<const Node*, LoopProof> prove_loops(const Function& f) {
  const FunctionFacts facts(f);
  std::map<const Node*, LoopProof> out;
  prove_all(f, facts, f.body, out);
  return out;
}

}  // namespace opsynth::compiler

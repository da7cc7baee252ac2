// C++ from the IR (see codegen.hpp).
#include "compiler/codegen.hpp"

#include "compiler/bounds_proof.hpp"
#include "compiler/elementwise_fusion.hpp"
#include "compiler/readonly_params.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

namespace opsynth::compiler {
namespace {

std::string value_name(ValueId v) { return "t" + std::to_string(v); }

// Python names become py_<name>, lowering's temporaries ($t3) tmp_3, comprehension variables ($c3_x)
// cmp_3_x: never a C++ keyword or rt name. A variable's later slots ("x'2", one per type it takes) put
// their number in the prefix (py2_x), where no Python name can reach.
std::string variable_name(const std::string& slot) {
  const auto cut = slot.find('\'');
  const std::string name = slot.substr(0, cut);
  const std::string number = cut == std::string::npos ? "" : slot.substr(cut + 1);
  if (name.starts_with("$c")) return "cmp" + number + "_" + name.substr(2);  // a comprehension's variable: "$c3_x"
  if (!name.empty() && name[0] == '$') return "tmp" + number + "_" + name.substr(2);
  return "py" + number + "_" + name;
}

// The file's functions become fn_<symbol>: a Python function may be called `double` or `new`.
std::string function_name(const std::string& symbol) { return "fn_" + symbol; }

std::string bound_flag(const std::string& slot) { return "bound_" + python_name(slot); }

// `value` (of type `from`) as a value of the union `to` that holds each of from's alternatives.
std::string converted(const IrType& from, const IrType& to, const std::string& value) {
  const std::string target = to_cpp(to);
  if (!from.is_union())
    return target + "(std::in_place_index<" + std::to_string(alternative_index(to, from.plain())) + ">, " + value + ")";
  std::string out = "[&]() -> " + target + " { switch (" + value + ".index()) {";
  for (std::size_t k = 0; k < from.alternatives.size(); ++k)
    out += " case " + std::to_string(k) + ": return " + target + "(std::in_place_index<" +
           std::to_string(alternative_index(to, from.alternatives[k])) + ">, *std::get_if<" + std::to_string(k) + ">(&" +
           value + "));";
  return out + " } __builtin_unreachable(); }()";
}

std::string cpp_string_literal(const std::string& bytes) {
  std::string out = "std::string_view(\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {
      out += static_cast<char>(c);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%03o", c);  // octal: never swallows following hex digits
      out += buffer;
    }
  }
  return out + "\", " + std::to_string(bytes.size()) + ")";
}

// One operator header per namespace, includes hoisted.
struct OpHeaders {
  std::map<std::string, int> index;  // header path -> namespace number
  std::set<std::string> includes;
  std::vector<std::string> bodies;

  Result<int> add(const std::string& path, const std::map<std::string, std::string>& headers) {
    if (auto it = index.find(path); it != index.end()) return it->second;
    auto text = headers.find(path);
    if (text == headers.end()) return Error{"no text for operator header " + path, path};
    std::istringstream in(text->second);
    std::string line, body;
    while (std::getline(in, line)) {
      const auto first = line.find_first_not_of(" \t");
      const std::string trimmed = first == std::string::npos ? "" : line.substr(first);
      if (trimmed.rfind("#include", 0) == 0) {
        includes.insert(trimmed);
      } else if (trimmed.rfind("#pragma once", 0) == 0) {
        // the wrapping namespace is included once anyway
      } else {
        body += line + "\n";
      }
    }
    const int n = static_cast<int>(bodies.size());
    bodies.push_back(std::move(body));
    index[path] = n;
    return n;
  }
};

// ---- loads bound by reference ----
// `const T& t = py_x` instead of a copy saves a refcount round trip per read of an array, list or
// str variable. It is sound when every use of t comes before the next store to x (later in the same
// block, or inside a later node that does not itself store to x); otherwise t must keep the old value.

void collect_uses(const Node& n, std::set<ValueId>& out);
void collect_uses(const Block& b, std::set<ValueId>& out) {
  for (const Node& n : b) collect_uses(n, out);
}
void collect_uses(const Node& n, std::set<ValueId>& out) {
  for (ValueId v : n.instr.args) out.insert(v);
  for (ValueId v : {n.cond, n.value, n.start, n.stop, n.stride})
    if (v >= 0) out.insert(v);
  for (const Block& b : n.blocks) collect_uses(b, out);
}

bool stores_to(const Node& n, const std::string& name) {
  if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Store && n.instr.name == name) return true;
  if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Widen && n.instr.text == name) return true;
  if (n.kind == Node::Kind::ForRange && n.var == name) return true;
  for (const Block& b : n.blocks)
    for (const Node& inner : b)
      if (stores_to(inner, name)) return true;
  return false;
}

bool copy_is_cheap(const IrType& u) {
  if (u.is_union()) return false;
  const Type& t = u.plain();
  switch (t.kind) {
    case TypeKind::NDArray: case TypeKind::List: case TypeKind::Dict: case TypeKind::Str: case TypeKind::Tuple:
      return false;
    default:
      return true;
  }
}

void find_reference_loads(const Block& b, std::set<ValueId>& out) {
  for (std::size_t k = 0; k < b.size(); ++k) {
    const Node& n = b[k];
    for (const Block& inner : n.blocks) find_reference_loads(inner, out);
    if (n.kind != Node::Kind::Op || n.instr.kind != Instr::Kind::Load || copy_is_cheap(n.instr.type)) continue;
    bool safe = true, stored = false;
    for (std::size_t j = k + 1; j < b.size() && safe; ++j) {
      std::set<ValueId> uses;
      collect_uses(b[j], uses);
      const bool used = uses.count(n.instr.result) > 0;
      if (used && stored) safe = false;                            // a use after the store
      if (stores_to(b[j], n.instr.name)) stored = true;
      if (used && stored) safe = false;                            // a store and a use in one node
    }
    if (safe) out.insert(n.instr.result);
  }
}

// `x = op(x, y)` as the lowerer gives `x += y` and `x = x + y`: a Load of x whose only use is the first
// argument of a Call whose only use is the Store into x right after it, no other argument read from x,
// and x's slot of the call's type. Such a call may take x's value (std::move): x is dead between the
// call and the store, and no try/except can observe it in between (an exception leaves the function).
// An operator that takes its first parameter by value then owns the value; rt::str's += grows it in
// place, which keeps a string built a character at a time linear, as CPython's resize-in-place does.
struct Accumulation {
  ValueId load;
  std::string slot;
};

void find_accumulations(const Block& b, const std::map<ValueId, int>& uses,
                        const std::map<std::string, IrType>& slot_types, std::map<ValueId, Accumulation>& out) {
  std::map<ValueId, std::string> loaded;  // value -> slot, for loads in this block
  for (std::size_t k = 0; k < b.size(); ++k) {
    const Node& n = b[k];
    for (const Block& inner : n.blocks) find_accumulations(inner, uses, slot_types, out);
    if (n.kind != Node::Kind::Op) continue;
    const Instr& i = n.instr;
    if (i.kind == Instr::Kind::Load) loaded[i.result] = i.name;
    if (i.kind != Instr::Kind::Call || i.args.empty() || k + 1 >= b.size()) continue;
    const Node& next = b[k + 1];
    if (next.kind != Node::Kind::Op || next.instr.kind != Instr::Kind::Store || next.instr.args[0] != i.result) continue;
    const auto from = loaded.find(i.args[0]);
    if (from == loaded.end() || from->second != next.instr.name || !used_once(uses, i.args[0]) ||
        !used_once(uses, i.result))
      continue;
    const auto slot = slot_types.find(from->second);
    if (slot == slot_types.end() || !(slot->second == i.type)) continue;
    bool reads_slot = false;
    for (std::size_t a = 1; a < i.args.size(); ++a) {
      const auto other = loaded.find(i.args[a]);
      reads_slot = reads_slot || (other != loaded.end() && other->second == from->second);
    }
    if (!reads_slot) out[i.result] = {i.args[0], from->second};
  }
}

// `x = f(...)` whose value goes only into x's slot, stored right after: the instruction assigns the slot
// itself (`py_x = f(...);`) instead of a `const T t = f(...); py_x = t;` pair, one copy fewer of a
// str, list or array per assignment (a loop over a list of strs copied each item twice). Nothing runs
// between the instruction and the store, so no one can see x change earlier than before; the slot must
// have the value's own type, so no conversion moves.
void find_direct_stores(const Block& b, const std::map<ValueId, int>& uses, const std::map<std::string, IrType>& slot_types,
                        std::map<ValueId, std::string>& out) {
  for (std::size_t k = 0; k < b.size(); ++k) {
    const Node& n = b[k];
    for (const Block& inner : n.blocks) find_direct_stores(inner, uses, slot_types, out);
    if (n.kind != Node::Kind::Op || n.instr.result < 0 || k + 1 >= b.size()) continue;
    const Instr& i = n.instr;
    switch (i.kind) {
      case Instr::Kind::Const: case Instr::Kind::Param: case Instr::Kind::Load: case Instr::Kind::Convert:
      case Instr::Kind::Call: case Instr::Kind::CallUser: case Instr::Kind::MakeList: case Instr::Kind::MakeTuple:
      case Instr::Kind::MakeDict: case Instr::Kind::TupleGet:
        break;
      default:
        continue;
    }
    if (i.type.plain().kind == TypeKind::None) continue;
    const Node& next = b[k + 1];
    if (next.kind != Node::Kind::Op || next.instr.kind != Instr::Kind::Store || next.instr.args[0] != i.result) continue;
    const auto slot = slot_types.find(next.instr.name);
    if (!used_once(uses, i.result) || slot == slot_types.end() || !(slot->second == i.type)) continue;
    out[i.result] = next.instr.name;
  }
}

// A tuple built only to be unpacked (`for k, v in d.items()`, `a, b = f(x), g(x)`): each TupleGet reads
// the element's own value, and the tuple is never made (one copy fewer of every str or list in it). Not
// when an element is a load bound by reference to its variable (`a, b = b, a` would assign a before b
// reads it), nor when a conversion happens on the way into the tuple (an element type that is not the
// value's).
void find_unpacked_tuples(const Block& b, const std::map<ValueId, int>& uses, const std::set<ValueId>& by_reference,
                          std::map<ValueId, std::vector<ValueId>>& out) {
  std::map<ValueId, std::string> cpp_type;
  std::map<ValueId, const Instr*> tuples;
  std::map<ValueId, int> gets;
  auto visit = [&](auto&& self, const Block& block) -> void {
    for (const Node& n : block) {
      for (const Block& inner : n.blocks) self(self, inner);
      if (n.kind != Node::Kind::Op) continue;
      const Instr& i = n.instr;
      if (i.result >= 0) cpp_type[i.result] = to_cpp(i.type);
      if (i.kind == Instr::Kind::MakeTuple) tuples[i.result] = &i;
      if (i.kind == Instr::Kind::TupleGet) ++gets[i.args[0]];
    }
  };
  visit(visit, b);
  for (const auto& [id, tuple] : tuples) {
    const auto used = uses.find(id);
    if (used == uses.end() || gets[id] != used->second) continue;
    std::string elements;
    bool plain = true;
    for (ValueId a : tuple->args) {
      plain = plain && !by_reference.count(a) && cpp_type.count(a);
      if (plain) elements += (elements.empty() ? "" : ",") + cpp_type[a];
    }
    if (plain && to_cpp(tuple->type) == "std::tuple<" + elements + ">") out[id] = tuple->args;
  }
}

class Emitter {
 public:
  Emitter(const Function& f, const std::map<int, int>& op_namespace, const std::map<int, FusionRole>& fusion_roles)
      : f_(f), op_namespace_(op_namespace), fusion_roles_(fusion_roles) {}

  Result<std::string> function() {
    find_reference_loads(f_.body, by_reference_);
    proofs_ = prove_loops(f_);
    // A function with a loop proven in bounds is built twice, for AVX2 and for any x86-64, and the
    // loader's CPU picks one (an ifunc): its element loops then run four doubles an instruction. AVX2
    // brings no FMA, and contraction stays off, so both copies round every operation alike.
    const bool proven_loop = std::any_of(proofs_.begin(), proofs_.end(), [](const auto& p) { return !p.second.empty(); });
    if (proven_loop) out_ << "__attribute__((target_clones(\"avx2\", \"default\"))) ";
    out_ << signature(f_) << " {\n";
    std::set<std::string> flags;
    for (const Local& l : f_.locals) {
      out_ << "  " << to_cpp(l.type) << " " << variable_name(l.slot) << "{};\n";
      slot_types_[l.slot] = l.type;
      // Python raises UnboundLocalError reading a variable no path has assigned yet; the flag (one per
      // Python name, whatever slot holds it) is folded away by the C++ compiler wherever a store
      // dominates the load.
      if (is_user_variable(l.name) && flags.insert(l.name).second) out_ << "  bool bound_" << l.name << " = false;\n";
    }
    std::map<ValueId, int> uses;
    count_uses(f_.body, uses);
    find_accumulations(f_.body, uses, slot_types_, accumulations_);
    for (const auto& [call, acc] : accumulations_) taken_loads_.insert(acc.load);
    find_direct_stores(f_.body, uses, slot_types_, direct_stores_);
    // An accumulating call assigns its variable itself; a load bound by reference declares its own name.
    for (const auto& [call, acc] : accumulations_) direct_stores_.erase(call);
    for (ValueId load : by_reference_) direct_stores_.erase(load);
    find_unpacked_tuples(f_.body, uses, by_reference_, unpacked_tuples_);
    fusion_ = find_fusions(f_, fusion_roles_, uses);
    if (auto ok = block(f_.body, 1); !ok) return ok.error();
    if (f_.result == IrType::of(Type::scalar(TypeKind::None))) out_ << "  return rt::none{};\n";
    out_ << "}\n";
    return out_.str();
  }

  static std::string signature(const Function& f) {
    std::string s = to_cpp(f.result) + " " + function_name(f.symbol) + "(";
    for (std::size_t i = 0; i < f.params.size(); ++i)
      s += (i ? ", " : "") + to_cpp_param(f.params[i].type) + " " + variable_name(f.params[i].name) + "_arg";
    return s + ")";
  }

 private:
  Result<bool> block(const Block& b, int depth) {
    for (const Node& n : b) {
      if (auto ok = node(n, depth); !ok) return ok;
    }
    return true;
  }

  std::string pad(int depth) const { return std::string(2 * depth, ' '); }

  Result<bool> node(const Node& n, int depth) {
    const std::string p = pad(depth);
    switch (n.kind) {
      case Node::Kind::Op: return instr(n.instr, p);
      case Node::Kind::If:
        out_ << p << "if (" << value_name(n.cond) << ") {\n";
        if (auto ok = block(n.blocks[0], depth + 1); !ok) return ok;
        out_ << p << "} else {\n";
        if (auto ok = block(n.blocks[1], depth + 1); !ok) return ok;
        out_ << p << "}\n";
        return true;
      case Node::Kind::Loop: {
        const int label = labels_++;
        loops_.push_back({"continue_" + std::to_string(label), "break_" + std::to_string(label)});
        out_ << p << "for (;;) {\n" << p << "  {\n";
        if (auto ok = block(n.blocks[0], depth + 2); !ok) return ok;
        out_ << p << "    if (!" << value_name(n.cond) << ") goto exit_" << label << ";\n" << p << "  }\n";
        out_ << p << "  {\n";
        if (auto ok = block(n.blocks[1], depth + 2); !ok) return ok;
        out_ << p << "  }\n" << p << "  continue_" << label << ":;\n" << p << "  {\n";
        if (auto ok = block(n.blocks[2], depth + 2); !ok) return ok;
        out_ << p << "  }\n" << p << "}\n" << p << "exit_" << label << ":;\n";
        // The normal end only: a break jumps past the conversions into the types after the loop.
        if (auto ok = block(n.blocks[3], depth); !ok) return ok;
        out_ << p << "break_" << label << ":;\n";
        loops_.pop_back();
        return true;
      }
      case Node::Kind::ForRange: return for_range(n, depth);
      case Node::Kind::Break: out_ << p << "goto " << loops_.back().on_break << ";\n"; return true;
      case Node::Kind::Continue: out_ << p << "goto " << loops_.back().on_continue << ";\n"; return true;
      case Node::Kind::Return:
        if (n.value >= 0) out_ << p << "return " << value_name(n.value) << ";\n";
        else out_ << p << "return rt::none{};\n";
        return true;
    }
    return true;
  }

  // A range loop. range() is evaluated once; the counter never overflows (a step past int64 ends the
  // loop). When the loop's element accesses are proven in bounds by a test of the whole range
  // (bounds_proof.hpp), the loop is emitted twice: a copy that reads and writes the elements
  // directly runs when the test holds, the checked loop otherwise.
  Result<bool> for_range(const Node& n, int depth) {
    const std::string p = pad(depth);
    const int label = labels_++;
    const std::string k = "range_" + std::to_string(label), on_break = "break_" + std::to_string(label);
    out_ << p << "{\n"
         << p << "  const std::int64_t " << k << "_start = " << value_name(n.start) << ", " << k << "_stop = " << value_name(n.stop)
         << ", " << k << "_step = " << value_name(n.stride) << ";\n"
         << p << "  if (" << k << "_step == 0) throw rt::ValueError(\"range() arg 3 must not be zero\");\n";
    const LoopProof& proof = proofs_.at(&n);
    int body_depth = depth + 1;
    if (!proof.empty()) {
      out_ << p << "  if (" << proof_test(proof, k) << ") {\n";
      if (holds_loop(n.blocks[0])) {
        if (auto ok = proven_copy(n, proof, k, label, depth + 2, false); !ok) return ok;
      } else {
        // An innermost loop, where vectorising pays: a third copy for the usual case of arrays whose
        // rows are contiguous, which the compiler then reads and writes a vector at a time.
        out_ << p << "    if (" << unit_stride_test(proof) << ") {\n";
        if (auto ok = proven_copy(n, proof, k, label, depth + 3, true); !ok) return ok;
        out_ << p << "    } else {\n";
        if (auto ok = proven_copy(n, proof, k, label, depth + 3, false); !ok) return ok;
        out_ << p << "    }\n";
      }
      out_ << p << "  } else {\n";
      body_depth = depth + 2;
    }
    const std::string q = pad(body_depth);
    loops_.push_back({"continue_" + std::to_string(label), on_break});
    out_ << q << "for (std::int64_t " << k << " = " << k << "_start; " << k << "_step > 0 ? " << k << " < " << k << "_stop : " << k
         << " > " << k << "_stop;) {\n"
         << q << "  " << variable_name(n.var) << " = " << k << ";\n";
    if (is_user_variable(python_name(n.var))) out_ << q << "  " << bound_flag(n.var) << " = true;\n";
    out_ << q << "  {\n";
    if (auto ok = block(n.blocks[0], body_depth + 2); !ok) return ok;
    out_ << q << "  }\n"
         << q << "  continue_" << label << ":;\n"
         << q << "  if (__builtin_add_overflow(" << k << ", " << k << "_step, &" << k << ")) break;\n"
         << q << "}\n";
    loops_.pop_back();
    if (!proof.empty()) out_ << p << "  }\n";
    out_ << p << "}\n";
    if (auto ok = block(n.blocks[1], depth); !ok) return ok;  // the normal end (a break skips it)
    out_ << p << on_break << ":;\n";
    return true;
  }

  // The test before a versioned loop: its range is countable, every array it reads or writes directly
  // is bound (and writeable where written), and every proven index lies inside its axis on every step.
  std::string proof_test(const LoopProof& proof, const std::string& k) const {
    const std::string range = k + "_start, " + k + "_stop, " + k + "_step";
    std::vector<std::string> terms{"rt::proven::range_count(" + range + ") >= 0"};
    std::set<std::string> seen;
    auto add = [&](const std::string& term) {
      if (seen.insert(term).second) terms.push_back(term);
    };
    auto bound = [&](const std::string& slot) {
      if (is_user_variable(python_name(slot))) add(bound_flag(slot));
    };
    for (const ProvenAccess& a : proof.accesses) {
      bound(a.array);
      if (a.store) add(variable_name(a.array) + ".writeable()");
      for (std::size_t axis = 0; axis < a.index.size(); ++axis) {
        const AffineIndex& x = a.index[axis];
        std::string base = "static_cast<__int128>(" + std::to_string(x.constant) + "LL)";
        if (!x.slot.empty()) {
          bound(x.slot);
          base += std::string(x.sign > 0 ? " + " : " - ") + variable_name(x.slot);
        }
        const std::string extent = variable_name(a.array) + ".shape()[" + std::to_string(axis) + "]";
        add(x.coeff == 0 ? "rt::proven::index_within(" + base + ", " + extent + ")"
                         : "rt::proven::range_within(" + std::to_string(x.coeff) + ", " + range + ", " + base + ", " + extent + ")");
      }
    }
    std::string test;
    for (const std::string& t : terms) test += (test.empty() ? "" : " &&\n      ") + t;
    return test;
  }

  static bool holds_loop(const Block& b) {
    for (const Node& n : b) {
      if (n.kind == Node::Kind::ForRange || n.kind == Node::Kind::Loop) return true;
      for (const Block& inner : n.blocks)
        if (holds_loop(inner)) return true;
    }
    return false;
  }

  // Every array the proven copy reads or writes directly has unit stride along its last axis.
  std::string unit_stride_test(const LoopProof& proof) const {
    std::set<std::string> arrays;
    std::string test;
    for (const ProvenAccess& a : proof.accesses)
      if (arrays.insert(a.array).second)
        test += (test.empty() ? "" : " && ") + std::string("rt::proven::unit_last_stride(") + variable_name(a.array) + ")";
    return test;
  }

  // The loop copy that runs once the test held: a counted loop (no overflow test per step), each
  // proven array read through a raw view declared before it (unit: its last axis known contiguous),
  // and the proven accesses and index additions emitted directly. Accesses the proof does not cover
  // keep their operators.
  Result<bool> proven_copy(const Node& n, const LoopProof& proof, const std::string& k, int label, int depth, bool unit) {
    const std::string p = pad(depth);
    std::map<std::string, std::string> views;  // array slot -> view name
    for (const ProvenAccess& a : proof.accesses) {
      if (views.count(a.array)) continue;
      const std::string view = "view_" + std::to_string(label) + "_" + std::to_string(views.size());
      views[a.array] = view;
      out_ << p << "const rt::proven::raw_view<" << dtype_cpp(a.array_type.dtype) << ", " << a.array_type.ndim
           << (unit ? ", true" : "") << "> " << view << "(" << variable_name(a.array) << ");\n";
    }
    for (const ProvenAccess& a : proof.accesses) proven_[a.call] = {views.at(a.array), &a};
    for (const Instr* add : proof.plain_arithmetic) plain_arithmetic_.insert(add);
    const std::string on_continue = "continue_" + std::to_string(label) + (unit ? "_unit" : "_proven");
    loops_.push_back({on_continue, "break_" + std::to_string(label)});
    out_ << p << "const std::int64_t " << k << "_count = rt::proven::range_count(" << k << "_start, " << k << "_stop, " << k
         << "_step);\n"
         << p << "for (std::int64_t " << k << "_n = 0; " << k << "_n < " << k << "_count; ++" << k << "_n) {\n"
         << p << "  " << variable_name(n.var) << " = rt::proven::range_value(" << k << "_start, " << k << "_step, " << k << "_n);\n";
    if (is_user_variable(python_name(n.var))) out_ << p << "  " << bound_flag(n.var) << " = true;\n";
    out_ << p << "  {\n";
    auto ok = block(n.blocks[0], depth + 2);
    out_ << p << "  }\n" << p << "  " << on_continue << ":;\n" << p << "}\n";
    loops_.pop_back();
    for (const ProvenAccess& a : proof.accesses) proven_.erase(a.call);
    for (const Instr* add : proof.plain_arithmetic) plain_arithmetic_.erase(add);
    return ok;
  }

  // A proven element read or write through its loop's raw view.
  void proven_access(const Instr& i, const ProvenAccess& a, const std::string& view, const std::string& p, const std::string& lhs) {
    std::string at = view + "(";
    for (std::size_t k = 0; k < a.index_values.size(); ++k) at += (k ? ", " : "") + value_name(a.index_values[k]);
    at += ")";
    if (a.store) {
      out_ << p << at << " = rt::proven::element<" << dtype_cpp(a.array_type.dtype) << ">(" << value_name(i.args[2]) << ");\n";
      if (i.result >= 0) out_ << p << lhs << "rt::none{};\n";
    } else {
      out_ << p << lhs << to_cpp(i.type) << "(" << at << ");\n";
    }
  }

  Result<bool> instr(const Instr& i, const std::string& p) {
    note_type(i);
    const auto direct = direct_stores_.find(i.result);
    const std::string lhs = direct != direct_stores_.end() ? variable_name(direct->second) + " = "
                            : i.result >= 0                ? "const " + to_cpp(i.type) + " " + value_name(i.result) + " = "
                                                           : "";
    switch (i.kind) {
      case Instr::Kind::Const:
        // A str constant is made once, at its first use: `ch in "aeiou"` in a loop built the str (a call)
        // every iteration. A str is immutable, and copies of it share its text safely across threads.
        if (i.type.plain().kind == TypeKind::Str && direct == direct_stores_.end() && i.result >= 0) {
          out_ << p << "static const rt::str " << value_name(i.result) << " = " << constant(i) << ";\n";
          return true;
        }
        out_ << p << lhs << constant(i) << ";\n";
        return true;
      case Instr::Kind::Param: out_ << p << lhs << variable_name(i.name) << "_arg;\n"; return true;
      case Instr::Kind::Load:
        if (is_user_variable(python_name(i.name)))
          out_ << p << "if (!" << bound_flag(i.name) << ") [[unlikely]] throw rt::UnboundLocalError(\"cannot access local variable '"
               << python_name(i.name) << "' where it is not associated with a value\");\n";
        if (taken_loads_.count(i.result)) return true;  // the accumulating call reads the variable itself
        if (by_reference_.count(i.result)) {
          out_ << p << "const " << to_cpp(i.type) << "& " << value_name(i.result) << " = " << variable_name(i.name) << ";\n";
        } else {
          out_ << p << lhs << variable_name(i.name) << ";\n";
        }
        return true;
      case Instr::Kind::Store:
        if (accumulations_.count(i.args[0])) return true;  // the call assigned the variable
        if (!direct_stores_.count(i.args[0])) out_ << p << variable_name(i.name) << " = " << value_name(i.args[0]) << ";\n";
        if (is_user_variable(python_name(i.name))) out_ << p << bound_flag(i.name) << " = true;\n";
        return true;
      case Instr::Kind::Widen:
        out_ << p << variable_name(i.text) << " = " << converted(slot_types_.at(i.name), i.type, variable_name(i.name)) << ";\n";
        return true;
      case Instr::Kind::Convert:
        out_ << p << lhs << converted(value_types_.at(i.args[0]), i.type, value_name(i.args[0])) << ";\n";
        return true;
      case Instr::Kind::UnionIs:
        out_ << p << lhs << value_name(i.args[0]) << ".index() == " << i.text << ";\n";
        return true;
      case Instr::Kind::UnionGet:
        out_ << p << "const " << to_cpp(i.type) << "& " << value_name(i.result) << " = *std::get_if<" << i.text << ">(&"
             << value_name(i.args[0]) << ");\n";
        return true;
      case Instr::Kind::Raise:
        if (i.args.empty())
          out_ << p << "throw rt::" << i.name << "(std::string(" << cpp_string_literal(i.text) << "));\n";
        else  // raise E(message): the message is a str value
          out_ << p << "throw rt::" << i.name << "(" << value_name(i.args[0]) << ".to_string());\n";
        return true;
      case Instr::Kind::Call: {
        const OpUse& use = f_.ops.at(static_cast<std::size_t>(i.op));  // available: generate() checked
        auto cpp = cpp_name(use.qualname);
        if (!cpp) return cpp.error();
        const bool none = i.type.plain().kind == TypeKind::None;
        const auto acc = accumulations_.find(i.result);
        if (acc == accumulations_.end()) {
          if (const auto proven = proven_.find(&i); proven != proven_.end()) {
            proven_access(i, *proven->second.access, proven->second.view, p, lhs);
            return true;
          }
          if (plain_arithmetic_.count(&i)) {  // an index the loop's test bounds: it cannot overflow
            out_ << p << lhs << value_name(i.args[0]) << (use.qualname == "operator.add" ? " + " : " - ") << value_name(i.args[1]) << ";\n";
            return true;
          }
        }
        const bool deferred = fusion_.deferred.count(i.result) > 0, root = fusion_.roots.count(i.result) > 0;
        const std::string target = acc != accumulations_.end() ? variable_name(acc->second.slot) + " = "
                                   : deferred                  ? "const auto " + value_name(i.result) + " = "
                                   : none                      ? ""
                                                               : lhs;
        out_ << p << target << (root ? "rt::ufunc::force(" : "") << "opsynth_op_" << op_namespace_.at(i.op)
             << "::" << cpp->ns << "::" << cpp->function << "(";
        for (std::size_t a = 0; a < i.args.size(); ++a) {
          const Type& param = use.signature.params.at(a);
          std::string arg = a == 0 && acc != accumulations_.end() ? "std::move(" + variable_name(acc->second.slot) + ")"
                                                                   : value_name(i.args[a]);
          // a deferred node's arrays are marked so that the operator defers over them
          if (deferred && param.kind == TypeKind::NDArray && !fusion_.deferred.count(i.args[a])) arg = "rt::ufunc::lazy(" + arg + ")";
          out_ << (a ? ", " : "") << (param.kind == TypeKind::Literal ? to_cpp(param) + "{}" : arg);
        }
        out_ << (root ? ")" : "") << ");\n";
        if (none && i.result >= 0) out_ << p << lhs << "rt::none{};\n";
        return true;
      }
      case Instr::Kind::CallUser: {
        out_ << p << lhs << function_name(i.name) << "(";
        for (std::size_t a = 0; a < i.args.size(); ++a) out_ << (a ? ", " : "") << value_name(i.args[a]);
        out_ << ");\n";
        return true;
      }
      case Instr::Kind::MakeList:
      case Instr::Kind::MakeTuple: {
        if (unpacked_tuples_.count(i.result)) return true;  // each TupleGet reads its element's value
        out_ << p << lhs << to_cpp(i.type) << "{";
        for (std::size_t a = 0; a < i.args.size(); ++a) out_ << (a ? ", " : "") << value_name(i.args[a]);
        out_ << "};\n";
        return true;
      }
      case Instr::Kind::MakeDict: {
        out_ << p << lhs << to_cpp(i.type) << "{";
        for (std::size_t a = 0; a + 1 < i.args.size(); a += 2)
          out_ << (a ? ", " : "") << "{" << value_name(i.args[a]) << ", " << value_name(i.args[a + 1]) << "}";
        out_ << "};\n";
        return true;
      }
      case Instr::Kind::TupleGet:
        if (const auto unpacked = unpacked_tuples_.find(i.args[0]); unpacked != unpacked_tuples_.end()) {
          out_ << p << lhs << value_name(unpacked->second.at(std::stoul(i.text))) << ";\n";
          return true;
        }
        out_ << p << lhs << "std::get<" << i.text << ">(" << value_name(i.args[0]) << ");\n";
        return true;
    }
    return true;
  }

  static std::string constant(const Instr& i) {
    switch (i.type.plain().kind) {
      case TypeKind::Int: return "std::int64_t{" + i.text + "}";
      case TypeKind::Bool: return i.text == "True" ? "true" : "false";
      case TypeKind::None: return "rt::none{}";
      case TypeKind::Str: return "rt::str(" + cpp_string_literal(i.text) + ")";
      case TypeKind::Float:
        if (i.text == "inf") return "std::numeric_limits<double>::infinity()";
        if (i.text == "-inf") return "-std::numeric_limits<double>::infinity()";
        if (i.text == "nan") return "std::numeric_limits<double>::quiet_NaN()";
        return "double(" + i.text + ")";
      default: return to_cpp(i.type) + "{}";
    }
  }

  // Every value's type, for conversions (filled as instructions are emitted, which is before use).
  void note_type(const Instr& i) {
    if (i.result >= 0) value_types_[i.result] = i.type;
  }

  const Function& f_;
  const std::map<int, int>& op_namespace_;
  const std::map<int, FusionRole>& fusion_roles_;  // by index into f_.ops (fusion_role of the header)
  Fusion fusion_;
  std::set<ValueId> by_reference_;  // loads bound as const T& (find_reference_loads)
  std::map<std::string, IrType> slot_types_;
  std::map<ValueId, Accumulation> accumulations_;  // by the call's result (find_accumulations)
  std::set<ValueId> taken_loads_;                  // the loads those calls read directly
  std::map<ValueId, std::string> direct_stores_;   // values assigned straight into a slot (find_direct_stores)
  std::map<ValueId, std::vector<ValueId>> unpacked_tuples_;  // tuples never made: their elements (find_unpacked_tuples)
  std::map<ValueId, IrType> value_types_;
  std::ostringstream out_;
  struct LoopLabels {
    std::string on_continue, on_break;
  };
  std::vector<LoopLabels> loops_;
  struct ProvenUse {
    std::string view;
    const ProvenAccess* access;
  };
  std::map<const Node*, LoopProof> proofs_;      // every range loop's (prove_loops)
  std::map<const Instr*, ProvenUse> proven_;    // accesses of the loop copy being emitted (proven_copy)
  std::set<const Instr*> plain_arithmetic_;      // and its index additions
  int labels_ = 0;
};

}  // namespace

// The refs of every operator a function runs, its callees' too: `verify --function` is exact unless
// one of these was accepted with a float tolerance.
nlohmann::json operators_reached(const Module& module, const Function& start) {
  std::set<std::string> refs, seen{start.symbol};
  std::vector<const Function*> todo{&start};
  while (!todo.empty()) {
    const Function* f = todo.back();
    todo.pop_back();
    for (const OpUse& use : f->ops) refs.insert(use.qualname + "@" + use.overload + ".v" + std::to_string(use.version) + " " + use.sha256);
    std::vector<const Block*> blocks{&f->body};
    while (!blocks.empty()) {
      const Block* b = blocks.back();
      blocks.pop_back();
      for (const Node& n : *b) {
        if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::CallUser && seen.insert(n.instr.name).second) {
          for (const Function& g : module.functions)
            if (g.symbol == n.instr.name) todo.push_back(&g);
        }
        for (const Block& inner : n.blocks) blocks.push_back(&inner);
      }
    }
  }
  return nlohmann::json(std::vector<std::string>(refs.begin(), refs.end()));
}

// The template argument of rt::abi::invoke naming the parameters whose write-back the call path may
// skip ("<5ULL>" for the first and third), or nothing.
std::string read_only_mask(const Function& f) {
  const std::vector<bool> read_only = read_only_params(f);
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < read_only.size() && i < 64; ++i)
    if (read_only[i]) mask |= std::uint64_t{1} << i;
  return mask == 0 ? "" : "<" + std::to_string(mask) + "ULL>";
}

Result<GeneratedCode> generate(const Module& module, const std::map<std::string, std::string>& headers) {
  OpHeaders ops;
  std::vector<std::map<int, int>> namespaces(module.functions.size());
  std::vector<std::map<int, FusionRole>> fusion_roles(module.functions.size());
  nlohmann::json operators = nlohmann::json::array();
  std::set<std::string> listed;
  for (std::size_t fi = 0; fi < module.functions.size(); ++fi) {
    const Function& f = module.functions[fi];
    for (std::size_t k = 0; k < f.ops.size(); ++k) {
      const OpUse& use = f.ops[k];
      if (!use.available) return Error{"operator " + use.qualname + "(" + to_string(use.signature) + ") is missing", use.qualname};
      auto n = ops.add(use.header, headers);
      if (!n) return n.error();
      namespaces[fi][static_cast<int>(k)] = *n;
      if (const FusionRole role = fusion_role(headers.at(use.header)); role != FusionRole::none)
        fusion_roles[fi][static_cast<int>(k)] = role;
      const std::string key = use.qualname + "|" + to_string(use.signature);
      if (listed.insert(key).second)
        operators.push_back({{"qualname", use.qualname},
                             {"signature", to_string(use.signature)},
                             {"overload", use.overload},
                             {"version", use.version},
                             {"sha256", use.sha256},
                             {"ref", use.qualname + "@" + use.overload + ".v" + std::to_string(use.version) + " " + use.sha256}});
    }
  }
  std::ostringstream cpp;
  cpp << "// Generated by opsynth from " << module.file << ": do not edit.\n"
      << "#include <cstdint>\n#include <limits>\n#include <string_view>\n#include <tuple>\n#include <variant>\n"
      << "#include \"rt/prelude.hpp\"\n#include \"rt/abi_bridge.hpp\"\n#include \"rt/proven_index.hpp\"\n";
  for (const auto& include : ops.includes) cpp << include << "\n";
  for (std::size_t n = 0; n < ops.bodies.size(); ++n)
    cpp << "\nnamespace opsynth_op_" << n << " {\n" << ops.bodies[n] << "}  // namespace opsynth_op_" << n << "\n";
  cpp << "\nnamespace opsynth_user {\n";
  for (const auto& f : module.functions) cpp << Emitter::signature(f) << ";\n";
  for (std::size_t fi = 0; fi < module.functions.size(); ++fi) {
    auto body = Emitter(module.functions[fi], namespaces[fi], fusion_roles[fi]).function();
    if (!body) return body.error();
    cpp << "\n" << *body;
  }
  cpp << "}  // namespace opsynth_user\n\nOPSYNTH_ABI_EXPORTS()\n";
  nlohmann::json functions = nlohmann::json::array();
  for (const auto& f : module.functions) {
    if (!f.exported) continue;
    const std::string symbol = "opsynth_fn_" + f.name;
    cpp << "\nextern \"C\" __attribute__((visibility(\"default\"))) int " << symbol
        << "(const opsynth_value* args, std::int64_t nargs, opsynth_value* out, opsynth_value* args_after) {\n"
        << "  return rt::abi::invoke" << read_only_mask(f) << "(args, nargs, out, args_after, &opsynth_user::" << function_name(f.symbol)
        << ");\n}\n";
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : f.params) {
      nlohmann::json param = {{"name", p.name}, {"type", to_string(p.type)}};
      if (!p.default_kind.empty()) param["default"] = {{"kind", p.default_kind}, {"value", p.default_text}};
      params.push_back(param);
    }
    functions.push_back({{"name", f.name}, {"symbol", symbol}, {"params", params}, {"result", to_string(f.result)},
                         {"operators", operators_reached(module, f)}});
  }
  GeneratedCode out;
  out.cpp = cpp.str();
  out.manifest = {{"schema", 1}, {"source", module.file}, {"functions", functions}, {"operators", operators}};
  return out;
}

}  // namespace opsynth::compiler

// Printing the IR (see ir.hpp): one instruction per line, blocks indented.
#include "compiler/ir.hpp"

#include <algorithm>
#include <sstream>

namespace opsynth::compiler {

IrType IrType::of(Type t) {
  IrType out;
  out.alternatives.push_back(std::move(t));
  return out;
}

IrType IrType::unknown(std::string site) {
  IrType out;
  out.open_site = std::move(site);
  return out;
}

IrType join(const IrType& a, const IrType& b) {
  if (!a.known()) return b.known() || !b.open_site.empty() ? b : a;
  if (!b.known()) return a;
  IrType out = a;
  for (const Type& t : b.alternatives)
    if (alternative_index(out, t) < 0) out.alternatives.push_back(t);
  // Canonical order, so that joining in another order gives the same union (and the same C++ type).
  std::sort(out.alternatives.begin(), out.alternatives.end(),
            [](const Type& x, const Type& y) { return to_string(x) < to_string(y); });
  return out;
}

bool subsumes(const IrType& wide, const IrType& narrow) {
  return std::all_of(narrow.alternatives.begin(), narrow.alternatives.end(),
                     [&](const Type& t) { return alternative_index(wide, t) >= 0; });
}

int alternative_index(const IrType& u, const Type& t) {
  for (std::size_t i = 0; i < u.alternatives.size(); ++i)
    if (u.alternatives[i] == t) return static_cast<int>(i);
  return -1;
}

std::string python_name(const std::string& slot) { return slot.substr(0, slot.find('\'')); }

bool is_user_variable(const std::string& name) { return name.empty() || name[0] != '$'; }

std::string to_string(const IrType& t) {
  if (!t.known()) return "?";
  std::string out;
  for (const Type& a : t.alternatives) out += (out.empty() ? "" : " | ") + to_string(a);
  return out;
}

std::string to_cpp(const IrType& t) {
  if (!t.is_union()) return t.known() ? to_cpp(t.plain()) : "void";
  std::string out = "std::variant<";
  for (std::size_t i = 0; i < t.alternatives.size(); ++i) out += (i ? "," : "") + to_cpp(t.alternatives[i]);
  return out + ">";
}

namespace {

std::string value(ValueId v) { return "%" + std::to_string(v); }

std::string args_text(const std::vector<ValueId>& args) {
  std::string out;
  for (ValueId a : args) out += (out.empty() ? "" : ", ") + value(a);
  return out;
}

void print_block(std::ostringstream& out, const Function& f, const Block& block, int depth);

void print_exit(std::ostringstream& out, const Function& f, const Block& exit, int depth) {
  if (exit.empty()) return;
  out << std::string(2 * depth, ' ') << "} exit {\n";
  print_block(out, f, exit, depth + 1);
}

void print_instr(std::ostringstream& out, const Function& f, const Instr& i, const std::string& pad) {
  out << pad;
  if (i.result >= 0) out << value(i.result) << " = ";
  switch (i.kind) {
    case Instr::Kind::Const: out << "const " << i.text; break;
    case Instr::Kind::Param: out << "param " << i.name; break;
    case Instr::Kind::Load: out << "load " << i.name; break;
    case Instr::Kind::Store: out << "store " << i.name << ", " << args_text(i.args); break;
    case Instr::Kind::Call: {
      out << "call " << i.name << "(" << args_text(i.args) << ")";
      if (i.op >= 0 && f.ops[i.op].pending) out << " [to verify]";
      else if (i.op >= 0 && !f.ops[i.op].available) out << " [missing]";
      break;
    }
    case Instr::Kind::CallUser: out << "call @" << i.name << "(" << args_text(i.args) << ")"; break;
    case Instr::Kind::MakeList: out << "list [" << args_text(i.args) << "]"; break;
    case Instr::Kind::MakeTuple: out << "tuple (" << args_text(i.args) << ")"; break;
    case Instr::Kind::MakeDict: out << "dict {" << args_text(i.args) << "}"; break;
    case Instr::Kind::TupleGet: out << "tuple_get " << args_text(i.args) << ", " << i.text; break;
    case Instr::Kind::UnionIs: out << "union_is " << args_text(i.args) << ", " << i.text; break;
    case Instr::Kind::UnionGet: out << "union_get " << args_text(i.args) << ", " << i.text; break;
    case Instr::Kind::Convert: out << "convert " << args_text(i.args); break;
    case Instr::Kind::Widen: out << "widen " << i.text << " <- " << i.name << " : " << to_string(i.type); break;
    case Instr::Kind::Raise: out << "raise " << i.name << "(" << (i.args.empty() ? i.text : args_text(i.args)) << ")"; break;
  }
  if (i.result >= 0) out << " : " << to_string(i.type);
  out << "\n";
}

void print_block(std::ostringstream& out, const Function& f, const Block& block, int depth) {
  const std::string pad(2 * depth, ' ');
  for (const Node& n : block) {
    switch (n.kind) {
      case Node::Kind::Op: print_instr(out, f, n.instr, pad); break;
      case Node::Kind::If:
        out << pad << "if " << value(n.cond) << " {\n";
        print_block(out, f, n.blocks[0], depth + 1);
        if (!n.blocks[1].empty()) {
          out << pad << "} else {\n";
          print_block(out, f, n.blocks[1], depth + 1);
        }
        out << pad << "}\n";
        break;
      case Node::Kind::Loop:
        out << pad << "loop {\n";
        print_block(out, f, n.blocks[0], depth + 1);
        out << pad << "  while " << value(n.cond) << "\n";
        print_block(out, f, n.blocks[1], depth + 1);
        if (!n.blocks[2].empty()) {
          out << pad << "} step {\n";
          print_block(out, f, n.blocks[2], depth + 1);
        }
        print_exit(out, f, n.blocks[3], depth);
        out << pad << "}\n";
        break;
      case Node::Kind::ForRange:
        out << pad << "for " << n.var << " in range(" << value(n.start) << ", " << value(n.stop) << ", "
            << value(n.stride) << ") {\n";
        print_block(out, f, n.blocks[0], depth + 1);
        print_exit(out, f, n.blocks[1], depth);
        out << pad << "}\n";
        break;
      case Node::Kind::Break: out << pad << "break\n"; break;
      case Node::Kind::Continue: out << pad << "continue\n"; break;
      case Node::Kind::Return:
        out << pad << "return" << (n.value >= 0 ? " " + value(n.value) : "") << "\n";
        break;
    }
  }
}

}  // namespace

void count_uses(const Block& b, std::map<ValueId, int>& uses) {
  for (const Node& n : b) {
    for (ValueId v : n.instr.args) ++uses[v];
    for (ValueId v : {n.cond, n.value, n.start, n.stop, n.stride})
      if (v >= 0) ++uses[v];
    for (const Block& inner : n.blocks) count_uses(inner, uses);
  }
}

void stored_names(const Block& b, std::set<std::string>& names) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Store) names.insert(python_name(n.instr.name));
    if (n.kind == Node::Kind::Op && n.instr.kind == Instr::Kind::Widen) names.insert(python_name(n.instr.text));
    if (n.kind == Node::Kind::ForRange) names.insert(python_name(n.var));
    for (const Block& inner : n.blocks) stored_names(inner, names);
  }
}

void value_types(const Block& b, std::map<ValueId, IrType>& types) {
  for (const Node& n : b) {
    if (n.kind == Node::Kind::Op && n.instr.result >= 0) types[n.instr.result] = n.instr.type;
    for (const Block& inner : n.blocks) value_types(inner, types);
  }
}

bool used_once(const std::map<ValueId, int>& uses, ValueId v) {
  const auto it = uses.find(v);
  return it != uses.end() && it->second == 1;
}

const Type* plain_type(const std::map<ValueId, IrType>& types, ValueId v) {
  const auto it = types.find(v);
  return it == types.end() || !it->second.known() || it->second.is_union() ? nullptr : &it->second.plain();
}

namespace {
template <class F>
void for_each_instr(Block& b, F&& f) {
  for (Node& n : b) {
    f(n.instr);
    for (Block& inner : n.blocks) for_each_instr(inner, f);
  }
}
}  // namespace

void drop_unused_ops(Function& f) {
  std::vector<int> renumbered(f.ops.size(), -1);
  for_each_instr(f.body, [&](const Instr& i) {
    if (i.op >= 0) renumbered.at(static_cast<std::size_t>(i.op)) = 0;
  });
  std::vector<OpUse> kept;
  for (std::size_t k = 0; k < f.ops.size(); ++k) {
    if (renumbered[k] < 0) continue;
    renumbered[k] = static_cast<int>(kept.size());
    kept.push_back(std::move(f.ops[k]));
  }
  for_each_instr(f.body, [&](Instr& i) {
    if (i.op >= 0) i.op = renumbered[static_cast<std::size_t>(i.op)];
  });
  f.ops = std::move(kept);
}

std::string print(const Function& f) {
  std::ostringstream out;
  out << "func @" << f.symbol << "(";
  for (std::size_t i = 0; i < f.params.size(); ++i)
    out << (i ? ", " : "") << f.params[i].name << ": " << to_string(f.params[i].type);
  out << ") -> " << to_string(f.result) << " {\n";
  for (const Local& l : f.locals) out << "  var " << l.slot << " : " << to_string(l.type) << "\n";
  print_block(out, f, f.body, 1);
  out << "}\n";
  return out.str();
}

std::string print(const Module& m) {
  std::string out;
  for (const auto& f : m.functions) out += print(f) + "\n";
  return out;
}

}  // namespace opsynth::compiler

// Printing the IR (see ir.hpp): one instruction per line, blocks indented.
#include "compiler/ir.hpp"

#include <sstream>

namespace opsynth::compiler {
namespace {

std::string value(ValueId v) { return "%" + std::to_string(v); }

std::string args_text(const std::vector<ValueId>& args) {
  std::string out;
  for (ValueId a : args) out += (out.empty() ? "" : ", ") + value(a);
  return out;
}

void print_block(std::ostringstream& out, const Function& f, const Block& block, int depth);

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
      if (i.op >= 0 && !f.ops[i.op].available) out << " [missing]";
      break;
    }
    case Instr::Kind::CallUser: out << "call @" << i.name << "(" << args_text(i.args) << ")"; break;
    case Instr::Kind::MakeList: out << "list [" << args_text(i.args) << "]"; break;
    case Instr::Kind::MakeTuple: out << "tuple (" << args_text(i.args) << ")"; break;
    case Instr::Kind::MakeDict: out << "dict {" << args_text(i.args) << "}"; break;
    case Instr::Kind::TupleGet: out << "tuple_get " << args_text(i.args) << ", " << i.text; break;
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
        out << pad << "}\n";
        break;
      case Node::Kind::ForRange:
        out << pad << "for " << n.var << " in range(" << value(n.start) << ", " << value(n.stop) << ", "
            << value(n.stride) << ") {\n";
        print_block(out, f, n.blocks[0], depth + 1);
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

std::string print(const Function& f) {
  std::ostringstream out;
  out << "func @" << f.name << "(";
  for (std::size_t i = 0; i < f.params.size(); ++i)
    out << (i ? ", " : "") << f.params[i].name << ": " << to_string(f.params[i].type);
  out << ") -> " << to_string(f.result) << " {\n";
  for (const auto& [name, type] : f.locals) out << "  var " << name << " : " << to_string(type) << "\n";
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

// The IR (DESIGN §6): typed SSA values inside structured control flow. Every Python operation is an
// operator call by qualname (`%3 = call operator.add(%1, %2) : int`); Python variables are typed
// slots read and written by load/store, each with one type for its whole life. Printable for tests
// and `--emit-ir`.
#pragma once

#include <string>
#include <vector>

#include "core/types.hpp"

namespace opsynth::compiler {

struct SourceLoc {
  int line = 0;
  int col = 0;
};

using ValueId = int;

// One operation producing at most one SSA value.
struct Instr {
  enum class Kind {
    Const,      // text: the constant's Python spelling ("3", "1.5", "'héllo'", "True", "None")
    Param,      // name: the parameter
    Load,       // name: the variable
    Store,      // name: the variable; args[0]: the value
    Call,       // name: operator qualname; args: the bound arguments; op: index into Function::ops
    CallUser,   // name: a function of the same file
    MakeList,   // args: the elements
    MakeTuple,  // args: the elements
    MakeDict,   // args: key0, value0, key1, value1, ...
    TupleGet,   // args[0]: a tuple; text: the element's index (tuple unpacking)
  };
  Kind kind = Kind::Const;
  ValueId result = -1;  // -1 for Store
  Type type;            // the result's type
  std::string name;
  std::string text;
  std::vector<ValueId> args;
  int op = -1;
  SourceLoc loc;
};

struct Node;
using Block = std::vector<Node>;

// Structured control flow. A Loop runs `header`, leaves when `cond` is false, runs `body`, then
// `step`; `continue` goes to `step`, `break` leaves. A ForRange counts `var` through range(start,
// stop, step) with Python's rules, evaluating the range once.
struct Node {
  enum class Kind { Op, If, Loop, ForRange, Break, Continue, Return };
  Kind kind = Kind::Op;
  Instr instr;              // Op
  ValueId cond = -1;        // If, Loop
  ValueId value = -1;       // Return (-1: return None)
  std::string var;          // ForRange
  ValueId start = -1, stop = -1, stride = -1;  // ForRange
  std::vector<Block> blocks;  // If: then, else; Loop: header, body, step; ForRange: body
  SourceLoc loc;
};

// An operator overload a call uses, as the library (or the missing list) knows it.
struct OpUse {
  std::string qualname;
  Signature signature;
  bool available = false;   // found in oplib
  std::string overload;     // library overload name, version and header when available
  int version = 0;
  std::string sha256;
  std::string header;
};

struct Param {
  std::string name;
  Type type;
  // A default value: the constant's kind ("int", "float", "bool", "str", "None") and its Python
  // spelling ("-1e-12", "True", the text itself for a str); kind empty when there is none.
  std::string default_kind, default_text;
};

struct Function {
  std::string name;
  bool exported = true;  // false: compiled in because an exported function calls it
  std::vector<Param> params;
  Type result;
  std::vector<std::pair<std::string, Type>> locals;  // every variable with its one type, in first-assignment order
  Block body;
  std::vector<OpUse> ops;
  int next_value = 0;
  SourceLoc loc;
};

struct Module {
  std::string file;
  std::vector<Function> functions;
};

std::string print(const Function& f);
std::string print(const Module& m);

}  // namespace opsynth::compiler

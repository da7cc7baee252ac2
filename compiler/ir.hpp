// The IR (DESIGN §6): typed SSA values inside structured control flow. Every Python operation is an
// operator call by qualname (`%3 = call operator.add(%1, %2) : int`). A Python variable lives in one
// slot per type it takes (`x` while it is an int, `x'2` once it is an int | float after a loop), so a
// name may change type; where paths with different types meet, the value moves into the slot of the
// joined type (a tagged union where Python's type really differs by path). Printable for tests and
// `--emit-ir`.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace opsynth::compiler {

// The type of an IR value or variable: one type of the type language, a tagged union of several, or
// (only while lowering is still learning what an empty [] or {} holds) not known yet. Never a
// parameter of an operator: a call on a union dispatches on its tag to one overload per alternative.
struct IrType {
  std::vector<Type> alternatives;  // one: a plain type; several: a tagged union, in canonical order; none: unknown
  std::string open_site;           // unknown values from an empty container: "[] at 12:5" (for messages)
  // An unknown value taken from that container (an item, a tuple around it, a call's result), not the
  // container itself: `pairs[0][1].append(x)` adds nothing to the comprehension `pairs`.
  bool derived = false;

  static IrType of(Type t);
  static IrType unknown(std::string site = "");
  bool known() const { return !alternatives.empty(); }
  bool is_union() const { return alternatives.size() > 1; }
  const Type& plain() const { return alternatives.at(0); }  // a known, non-union type
  bool operator==(const IrType&) const = default;
};

// Paths meeting: the union of the alternatives (canonical order); an unknown side adds nothing.
IrType join(const IrType& a, const IrType& b);
// Every alternative of `narrow` is one of `wide`'s.
bool subsumes(const IrType& wide, const IrType& narrow);
// The position of `t` among u's alternatives, or -1.
int alternative_index(const IrType& u, const Type& t);
std::string to_string(const IrType& t);  // "int", "int | float", "?"
std::string to_cpp(const IrType& t);     // "int64_t", "std::variant<int64_t,double>"

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
    Load,       // name: the variable's slot
    Store,      // name: the variable's slot; args[0]: the value
    Call,       // name: operator qualname; args: the bound arguments; op: index into Function::ops
    CallUser,   // name: the symbol of a function of the same file (one per argument-type specialisation)
    MakeList,   // args: the elements
    MakeTuple,  // args: the elements
    MakeDict,   // args: key0, value0, key1, value1, ...
    TupleGet,   // args[0]: a tuple; text: the element's index (tuple unpacking)
    UnionIs,    // args[0]: a union; text: an alternative's index -> bool: the value holds that alternative
    UnionGet,   // args[0]: a union holding alternative `text` -> that alternative's value
    Convert,    // args[0]: a value -> the same value in the wider union `type`
    Widen,      // at a join: slot `text` (of `type`) takes the value of slot `name`, converted; no bound check
    Raise,      // name: a Python exception class; args[0]: its message (a str), or none and text the message (a path CPython refuses, e.g. float > None)
  };
  Kind kind = Kind::Const;
  ValueId result = -1;  // -1 for Store, Widen, Raise
  IrType type;          // the result's type
  std::string name;
  std::string text;
  std::vector<ValueId> args;
  int op = -1;
  SourceLoc loc;
};

struct Node;
using Block = std::vector<Node>;

// Structured control flow. A Loop runs `header`, leaves when `cond` is false (through `exit`), runs
// `body`, then `step`; `continue` goes to `step`, `break` leaves (skipping `exit`). A ForRange counts
// `var` (a slot) through range(start, stop, step) with Python's rules, evaluating the range once, and
// runs `exit` when the range is done. `exit` holds the conversions of the loop's normal end into the
// types after the loop, which a break may have widened.
struct Node {
  enum class Kind { Op, If, Loop, ForRange, Break, Continue, Return };
  Kind kind = Kind::Op;
  Instr instr;              // Op
  ValueId cond = -1;        // If, Loop
  ValueId value = -1;       // Return (-1: return None)
  std::string var;          // ForRange
  ValueId start = -1, stop = -1, stride = -1;  // ForRange
  std::vector<Block> blocks;  // If: then, else; Loop: header, body, step, exit; ForRange: body, exit
  SourceLoc loc;
};

// An operator overload a call uses, as the library (or the missing list) knows it.
struct OpUse {
  std::string qualname;
  Signature signature;
  bool available = false;   // found in oplib
  // Not available yet, but a generic version may implement it: it is verified at this signature after
  // the whole module is typed (so a type error never waits on a verification), then used or missing.
  bool pending = false;
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

// A variable's storage: one per (Python name, type) pair the name takes.
struct Local {
  std::string slot;  // "x" for the first type, "x'2", "x'3" for the next ones
  std::string name;  // the Python name ("$t3" for lowering's temporaries)
  IrType type;
};

struct Function {
  std::string name;    // the Python name
  std::string symbol;  // the C++ name: the Python name when exported, else name__N (one per specialisation)
  bool exported = true;  // false: compiled in because an exported function calls it
  std::vector<Param> params;
  IrType result;
  std::vector<Local> locals;
  Block body;
  std::vector<OpUse> ops;
  int next_value = 0;
  SourceLoc loc;
};

struct Module {
  std::string file;
  std::vector<Function> functions;
};

// The Python name a slot belongs to ("x'2" -> "x").
std::string python_name(const std::string& slot);
// A Python variable (not a lowering temporary "$t3"): reading it before any store is UnboundLocalError.
bool is_user_variable(const std::string& name);

// How many times each value is read in b (instruction arguments, conditions, returned values, range
// bounds), nested blocks included; added to `uses`.
void count_uses(const Block& b, std::map<ValueId, int>& uses);
// The Python names b assigns in any of their slots (stores, widenings, range loop variables), nested
// blocks included; added to `names`. A name a loop never assigns holds one value through the loop.
void stored_names(const Block& b, std::set<std::string>& names);
// The type of every value b's instructions produce, nested blocks included; added to `types`.
void value_types(const Block& b, std::map<ValueId, IrType>& types);
// Whether `uses` (count_uses) counts exactly one read of v.
bool used_once(const std::map<ValueId, int>& uses, ValueId v);
// v's type in `types` (value_types) when it is known and not a union; null otherwise.
const Type* plain_type(const std::map<ValueId, IrType>& types, ValueId v);

// Drops the operators of f's table that no instruction calls any more (a pass replaced their calls), and
// renumbers the calls: an operator left in the table would still be listed in the library's manifest,
// and, were it missing from oplib, synthesised for nothing.
void drop_unused_ops(Function& f);

std::string print(const Function& f);
std::string print(const Module& m);

}  // namespace opsynth::compiler

#include "compiler/array_readers.hpp"

#include <map>

namespace opsynth::compiler {

namespace {

// How many leading arguments are inputs; an array past them may be an output.
const std::map<std::string, std::size_t>& readers() {
  static const std::map<std::string, std::size_t> table{
      // syntax and Python's operators (the in-place ones, operator.iadd and such, write)
      {"opsynth.ops.getindex", 2}, {"opsynth.ops.getslice", 4}, {"opsynth.ops.sum_slice", 3},
      {"opsynth.ops.reduction_lanes", 64}, {"operator.getitem", 2}, {"operator.matmul", 2}, {"operator.add", 2},
      {"operator.sub", 2}, {"operator.mul", 2}, {"operator.truediv", 2}, {"operator.floordiv", 2}, {"operator.mod", 2},
      {"operator.pow", 2}, {"operator.neg", 1}, {"operator.pos", 1}, {"operator.abs", 1}, {"operator.lt", 2},
      {"operator.le", 2}, {"operator.gt", 2}, {"operator.ge", 2}, {"operator.eq", 2}, {"operator.ne", 2},
      {"builtins.len", 1}, {"builtins.float", 1},
      // array accessors and methods that return new values or views
      {"numpy.ndarray.T", 1}, {"numpy.ndarray.astype", 1}, {"numpy.ndarray.copy", 1}, {"numpy.ndarray.shape", 1},
      {"numpy.ndarray.size", 1}, {"numpy.ndarray.ndim", 1}, {"numpy.ndarray.reshape", 1}, {"numpy.ndarray.transpose", 1},
      {"numpy.ndarray.sum", 1}, {"numpy.ndarray.mean", 1}, {"numpy.ndarray.max", 1}, {"numpy.ndarray.min", 1},
      // numpy's functions (inputs first; `out` comes later where they have one)
      {"numpy.sum", 1}, {"numpy.mean", 1}, {"numpy.std", 1}, {"numpy.max", 1}, {"numpy.min", 1}, {"numpy.amax", 1},
      {"numpy.amin", 1}, {"numpy.prod", 1}, {"numpy.dot", 2}, {"numpy.matmul", 2}, {"numpy.outer", 2},
      {"numpy.expand_dims", 1}, {"numpy.transpose", 1}, {"numpy.reshape", 1}, {"numpy.ravel", 1}, {"numpy.squeeze", 1},
      {"numpy.sqrt", 1}, {"numpy.exp", 1}, {"numpy.log", 1}, {"numpy.zeros_like", 1}, {"numpy.ones_like", 1},
      {"numpy.full_like", 1}, {"numpy.linalg.norm", 1}, {"numpy.argmax", 1}, {"numpy.argmin", 1}};
  return table;
}

}  // namespace

bool only_reads_arrays(const std::string& qualname, const std::vector<IrType>& arg_types) {
  const auto it = readers().find(qualname);
  if (it == readers().end()) return false;
  for (std::size_t k = it->second; k < arg_types.size(); ++k)
    if (holds_array(arg_types[k])) return false;
  return true;
}

bool may_write_arrays(const std::string& qualname, const std::vector<IrType>& arg_types) {
  if (only_reads_arrays(qualname, arg_types)) return false;
  for (const IrType& t : arg_types)
    if (holds_array(t)) return true;
  return false;
}

bool holds_array(const IrType& t) {
  if (!t.known()) return true;
  for (const Type& alternative : t.alternatives)
    if (holds_array(alternative)) return true;
  return false;
}

bool holds_array(const Type& t) {
  if (t.kind == TypeKind::NDArray) return true;
  for (const Type& arg : t.args)
    if (holds_array(arg)) return true;
  return false;
}

}  // namespace opsynth::compiler

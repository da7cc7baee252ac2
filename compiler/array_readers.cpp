#include "compiler/array_readers.hpp"

#include <set>

namespace opsynth::compiler {

bool only_reads_arrays(const std::string& qualname) {
  static const std::set<std::string> readers{
      "opsynth.ops.getindex", "opsynth.ops.getslice", "opsynth.ops.sum_slice", "opsynth.ops.reduction_lanes",
      "operator.getitem", "operator.matmul", "numpy.ndarray.T", "numpy.ndarray.astype", "numpy.ndarray.copy",
      "numpy.ndarray.shape", "numpy.ndarray.size", "numpy.ndarray.ndim", "numpy.ndarray.reshape",
      "numpy.ndarray.transpose", "numpy.ndarray.sum", "numpy.ndarray.mean", "numpy.ndarray.max", "numpy.ndarray.min",
      "numpy.sum", "numpy.mean", "numpy.std", "numpy.max", "numpy.min", "numpy.amax", "numpy.amin", "numpy.prod",
      "numpy.dot", "numpy.matmul", "numpy.outer", "numpy.expand_dims", "numpy.transpose", "numpy.reshape",
      "numpy.ravel", "numpy.squeeze", "numpy.sqrt", "numpy.exp", "numpy.log", "numpy.zeros_like", "numpy.ones_like",
      "numpy.full_like", "numpy.linalg.norm", "numpy.argmax", "numpy.argmin"};
  return readers.count(qualname) > 0;
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

// Spellings of numpy dtypes as values (see dtype_values.hpp).
#include "compiler/dtype_values.hpp"

#include <map>

namespace opsynth::compiler {

std::optional<Dtype> numpy_type_as_dtype(const std::string& qualname) {
  static const std::map<std::string, Dtype> types = {
      {"numpy.float64", Dtype::Float64}, {"numpy.double", Dtype::Float64},   {"numpy.float32", Dtype::Float32},
      {"numpy.single", Dtype::Float32},  {"numpy.int64", Dtype::Int64},      {"numpy.int_", Dtype::Int64},
      {"numpy.intp", Dtype::Int64},      {"numpy.int32", Dtype::Int32},      {"numpy.bool_", Dtype::Bool},
      {"numpy.complex128", Dtype::Complex128}, {"numpy.cdouble", Dtype::Complex128},
      {"numpy.uint8", Dtype::UInt8},     {"numpy.ubyte", Dtype::UInt8},      {"numpy.int8", Dtype::Int8},
      {"numpy.byte", Dtype::Int8},       {"numpy.int16", Dtype::Int16},      {"numpy.short", Dtype::Int16},
      {"numpy.uint16", Dtype::UInt16},   {"numpy.ushort", Dtype::UInt16},    {"numpy.uint32", Dtype::UInt32},
      {"numpy.uintc", Dtype::UInt32},    {"numpy.uint64", Dtype::UInt64},    {"numpy.uint", Dtype::UInt64},
      {"numpy.uintp", Dtype::UInt64},    {"numpy.complex64", Dtype::Complex64}, {"numpy.csingle", Dtype::Complex64},
      {"numpy.intc", Dtype::Int32},
  };
  auto it = types.find(qualname);
  if (it == types.end()) return std::nullopt;
  return it->second;
}

std::optional<Dtype> builtin_as_dtype(const std::string& name) {
  // numpy's defaults on this platform (Linux, 64-bit): int is int64.
  static const std::map<std::string, Dtype> types = {
      {"float", Dtype::Float64}, {"int", Dtype::Int64}, {"bool", Dtype::Bool}, {"complex", Dtype::Complex128}};
  auto it = types.find(name);
  if (it == types.end()) return std::nullopt;
  return it->second;
}

std::optional<Dtype> dtype_from_string(const std::string& text) {
  static const std::map<std::string, Dtype> names = {
      {"float64", Dtype::Float64}, {"f8", Dtype::Float64},    {"float", Dtype::Float64},     {"double", Dtype::Float64},
      {"d", Dtype::Float64},       {"float32", Dtype::Float32}, {"f4", Dtype::Float32},      {"single", Dtype::Float32},
      {"f", Dtype::Float32},       {"int64", Dtype::Int64},   {"i8", Dtype::Int64},          {"int", Dtype::Int64},
      {"int32", Dtype::Int32},     {"i4", Dtype::Int32},      {"bool", Dtype::Bool},         {"?", Dtype::Bool},
      {"complex128", Dtype::Complex128}, {"c16", Dtype::Complex128}, {"complex", Dtype::Complex128},
      {"uint8", Dtype::UInt8},     {"u1", Dtype::UInt8},      {"B", Dtype::UInt8},       {"int8", Dtype::Int8},
      {"i1", Dtype::Int8},         {"b", Dtype::Int8},        {"int16", Dtype::Int16},   {"i2", Dtype::Int16},
      {"h", Dtype::Int16},         {"uint16", Dtype::UInt16}, {"u2", Dtype::UInt16},     {"H", Dtype::UInt16},
      {"uint32", Dtype::UInt32},   {"u4", Dtype::UInt32},     {"I", Dtype::UInt32},      {"uint64", Dtype::UInt64},
      {"u8", Dtype::UInt64},       {"Q", Dtype::UInt64},      {"complex64", Dtype::Complex64}, {"c8", Dtype::Complex64},
      {"F", Dtype::Complex64},     {"D", Dtype::Complex128},  {"i", Dtype::Int32},       {"l", Dtype::Int64},
      {"q", Dtype::Int64},         {"L", Dtype::UInt64},
  };
  auto it = names.find(text);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> dtype_parameter_position(const std::string& qualname) {
  // numpy 1.24's signatures: zeros(shape, dtype), full(shape, fill_value, dtype), zeros_like(a, dtype),
  // arange's dtype is keyword-only in practice (its positional form is ambiguous), astype(dtype).
  static const std::map<std::string, std::size_t> positions = {
      {"numpy.zeros", 1},      {"numpy.ones", 1},      {"numpy.empty", 1},      {"numpy.full", 2},
      {"numpy.zeros_like", 1}, {"numpy.ones_like", 1}, {"numpy.empty_like", 1}, {"numpy.full_like", 2},
      {"numpy.dtype", 0},      {"numpy.ndarray.astype", 0},
  };
  auto it = positions.find(qualname);
  if (it == positions.end()) return std::nullopt;
  return it->second;
}

std::string with_specified_contents(const std::string& qualname) {
  if (qualname == "numpy.empty") return "numpy.zeros";
  if (qualname == "numpy.empty_like") return "numpy.zeros_like";
  return qualname;
}

}  // namespace opsynth::compiler

// The type language of DESIGN §1: parse, validate, print, and map to C++ (one module).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace opsynth {

// numpy dtypes the language admits (ndarray element types and numpy scalars).
// The enum's values are the C ABI's dtype codes (runtime/rt/abi.hpp): a new dtype goes last.
enum class Dtype { Bool, Int32, Int64, Float32, Float64, Complex128, UInt8, Int8, Int16, UInt16, UInt32, UInt64, Complex64 };
inline constexpr std::size_t kDtypeCount = 13;

// numpy's kinds ('b', 'i', 'u', 'f', 'c').
enum class DtypeKind { Bool, SignedInt, UnsignedInt, Float, Complex };

std::string_view dtype_name(Dtype d);           // "bool", "int32", ..., "complex128", "uint8", ...
std::optional<Dtype> dtype_from_name(std::string_view name);
std::size_t dtype_size(Dtype d);                // bytes per element
std::string_view dtype_cpp(Dtype d);            // "bool", "int32_t", "uint8_t", "float", "double", "std::complex<float>", ...
DtypeKind dtype_kind(Dtype d);
bool dtype_is_integer(Dtype d);                 // signed or unsigned
const std::vector<Dtype>& all_dtypes();         // in enum order
std::string dtype_names_text();                 // "bool, int32, ..., complex64": for error messages

enum class TypeKind {
  Bool, Int, Float, Complex, Str, None,  // Python scalars and None
  List, Dict, Tuple,                     // containers: args hold element types
  NDArray,                               // dtype + ndim
  NpScalar,                              // numpy scalar: float64, int64, ... (spelled by dtype; bool_ for bool)
  Literal,                               // a constant argument: Literal[v]
  Union,                                 // `A | B`: args hold the alternatives (two or more, canonical order)
};

// The value of a Literal[...] type: Python bool, int, float (incl. inf/-inf/nan) or str.
// (Literal[None] is spelled plainly `None`.)
struct LiteralValue {
  enum class Kind { Bool, Int, Float, Str } kind = Kind::Int;
  bool b = false;
  std::int64_t i = 0;
  double f = 0.0;
  std::string s;

  bool operator==(const LiteralValue&) const;
};

struct Type {
  TypeKind kind = TypeKind::None;
  std::vector<Type> args;  // List: [T]; Dict: [K, V]; Tuple: [T1..Tn] (may be empty); Union: alternatives
  Dtype dtype = Dtype::Float64;  // NDArray, NpScalar
  int ndim = 0;                  // NDArray
  LiteralValue literal;          // Literal

  bool operator==(const Type&) const;

  static Type scalar(TypeKind k) { Type t; t.kind = k; return t; }
  static Type list(Type elem);
  static Type dict(Type key, Type value);
  static Type tuple(std::vector<Type> elems);
  static Type ndarray(Dtype dt, int ndim);
  static Type np_scalar(Dtype dt);
  static Type literal_of(LiteralValue v);
  // Nested unions flattened, duplicates dropped, sorted by canonical spelling (so `float64 | float` and
  // `float | float64` are one type, as the compiler's joins are); one alternative is that type itself.
  static Type union_of(std::vector<Type> alternatives);
};

struct Signature {
  std::vector<Type> params;
  Type result;
  bool operator==(const Signature&) const = default;
};

// Parsing accepts optional spaces anywhere between tokens; errors carry the 1-based column.
Result<Type> parse_type(std::string_view text);
Result<Signature> parse_signature(std::string_view text);  // "T1, T2 -> R" ; "-> R" for no params

// Canonical spelling: "ndarray[float64,2]", "dict[str,int]", "Literal['fro']", "tuple[int,float]".
std::string to_string(const Type& t);
std::string to_string(const Signature& s);  // "T1, T2 -> R"

// C++ spelling in the runtime (namespace rt), e.g. "rt::ndarray<double,2>", "rt::lit<\"fro\">".
std::string to_cpp(const Type& t);
// How a parameter of this type is passed: by value for scalars/literals, const& otherwise.
std::string to_cpp_param(const Type& t);

// "numpy.linalg.norm" -> {"numpy", "linalg", "norm"}; views into `qualname`, empty parts kept.
std::vector<std::string_view> qualname_parts(std::string_view qualname);

// C++ namespace for a qualname's module path: "numpy.linalg.norm" -> {"oplib::numpy::linalg", "norm"};
// "operator.add" -> {"oplib::operator_", "add"}; C++ keywords get a trailing '_'.
struct CppName {
  std::string ns;
  std::string function;
};
Result<CppName> cpp_name(std::string_view qualname);
// [A-Za-z_][A-Za-z0-9_]*: a qualname part, a parameter name, an importable module name.
bool is_identifier(std::string_view s);

// The declaration a candidate must implement, e.g.
//   namespace oplib::numpy::linalg { double norm(const rt::ndarray<double,2>& x, rt::lit<"fro"> ord, rt::none axis, rt::lit<false> keepdims); }
// param_names may be empty (then a0, a1, ... are used) or hold one name per parameter.
Result<std::string> cpp_declaration(std::string_view qualname, const Signature& sig,
                                    const std::vector<std::string>& param_names = {});

}  // namespace opsynth

// The result-type table (see type_rules.hpp).
#include "compiler/type_rules.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

namespace opsynth::compiler {
namespace {

using Rule = std::function<std::optional<Type>(const std::vector<Type>&)>;

struct Row {
  std::string name;
  std::vector<std::string> qualnames;
  Rule rule;
};

Type scalar(TypeKind k) { return Type::scalar(k); }

// A Literal constant as the plain type it is a value of.
Type plain(const Type& t) {
  if (t.kind != TypeKind::Literal) return t;
  switch (t.literal.kind) {
    case LiteralValue::Kind::Bool: return scalar(TypeKind::Bool);
    case LiteralValue::Kind::Int: return scalar(TypeKind::Int);
    case LiteralValue::Kind::Float: return scalar(TypeKind::Float);
    case LiteralValue::Kind::Str: return scalar(TypeKind::Str);
  }
  return t;
}

// Python's numeric tower: bool < int < float (complex left to CPython's probe).
std::optional<int> tower(const Type& given) {
  const Type t = plain(given);
  switch (t.kind) {
    case TypeKind::Bool: return 0;
    case TypeKind::Int: return 1;
    case TypeKind::Float: return 2;
    default: return std::nullopt;
  }
}

bool is_float64(const Type& t) { return t.kind == TypeKind::NpScalar && t.dtype == Dtype::Float64; }
bool is_array(const Type& t) { return t.kind == TypeKind::NDArray; }

// ---- rules ----

// bool + bool is an int; otherwise the higher of the two.
std::optional<Type> python_arithmetic(const std::vector<Type>& a) {
  if (a.size() != 2) return std::nullopt;
  auto x = tower(a[0]), y = tower(a[1]);
  if (!x || !y) return std::nullopt;
  return scalar(std::max({*x, *y, 1}) == 2 ? TypeKind::Float : TypeKind::Int);
}

std::optional<Type> python_true_divide(const std::vector<Type>& a) {
  if (a.size() != 2 || !tower(a[0]) || !tower(a[1])) return std::nullopt;
  return scalar(TypeKind::Float);
}

// A numpy float64 scalar with a Python number or another float64 stays a float64.
std::optional<Type> float64_arithmetic(const std::vector<Type>& a) {
  if (a.size() != 2) return std::nullopt;
  const bool ok = (is_float64(a[0]) && (is_float64(a[1]) || tower(a[1]))) || (tower(a[0]) && is_float64(a[1]));
  if (!ok) return std::nullopt;
  return Type::np_scalar(Dtype::Float64);
}

// np.promote_types over the type language's dtypes (runtime/rt/promote.hpp is the same rule on C++ types):
// bool is below everything; one signedness takes the wider; a signed and an unsigned take a signed type
// wider than the unsigned one (uint64 with a signed int: float64); an int meets a float as float32 when it
// is at most 16 bits wide, else as float64; complex takes the promoted real parts.
Dtype promote_types(Dtype a, Dtype b) {
  if (a == b || b == Dtype::Bool) return a;
  if (a == Dtype::Bool) return b;
  const DtypeKind ka = dtype_kind(a), kb = dtype_kind(b);
  const std::size_t sa = dtype_size(a), sb = dtype_size(b);
  auto signed_of = [](std::size_t bytes) {
    return bytes == 1 ? Dtype::Int8 : bytes == 2 ? Dtype::Int16 : bytes == 4 ? Dtype::Int32 : Dtype::Int64;
  };
  if (dtype_is_integer(a) && dtype_is_integer(b)) {
    if (ka == kb) return sa >= sb ? a : b;
    const Dtype s = ka == DtypeKind::SignedInt ? a : b, u = ka == DtypeKind::SignedInt ? b : a;
    if (dtype_size(s) > dtype_size(u)) return s;
    if (dtype_size(u) < 8) return signed_of(2 * dtype_size(u));
    return Dtype::Float64;
  }
  auto real_part = [](Dtype d) {
    if (d == Dtype::Complex64) return Dtype::Float32;
    if (d == Dtype::Complex128) return Dtype::Float64;
    return d;
  };
  if (ka == DtypeKind::Complex || kb == DtypeKind::Complex)
    return promote_types(real_part(a), real_part(b)) == Dtype::Float32 ? Dtype::Complex64 : Dtype::Complex128;
  auto as_float = [](Dtype d) {
    if (!dtype_is_integer(d)) return d;
    return dtype_size(d) <= 2 ? Dtype::Float32 : Dtype::Float64;
  };
  return dtype_size(as_float(a)) >= dtype_size(as_float(b)) ? as_float(a) : as_float(b);
}

bool legacy_dtype(Dtype d) { return d == Dtype::Bool || d == Dtype::Int64 || d == Dtype::Float64; }

// numpy 1.24 for arrays of any dtype with each other (np.promote_types) and with Python scalars where
// value-based casting cannot change the answer: a Python float turns integer and bool arrays into
// float64 and keeps float64 and complex128; a Python int makes bools int64 and keeps int64, float64 and
// complex128; a Python bool changes nothing. Anything else depends on the scalar's value (uint8 + 1 is
// uint8, uint8 + 300 uint16; float32 + 1e300 is float64), which CPython's probe refuses: nullopt. numpy
// scalars (also read by value in numpy 1.24) are left to CPython.
std::optional<Dtype> promoted_any(const std::vector<Type>& a, bool divide) {
  std::optional<Dtype> arrays;
  bool py_int = false, py_float = false;
  for (const Type& given : a) {
    const Type t = plain(given);
    if (is_array(t)) arrays = arrays ? promote_types(*arrays, t.dtype) : t.dtype;
    else if (t.kind == TypeKind::Int) py_int = true;
    else if (t.kind == TypeKind::Float) py_float = true;
    else if (t.kind != TypeKind::Bool) return std::nullopt;
  }
  if (!arrays) return std::nullopt;
  Dtype dt = *arrays;
  const bool wide = dt == Dtype::Float64 || dt == Dtype::Complex128;
  if (py_float) {
    if (dt == Dtype::Bool || dtype_is_integer(dt)) dt = Dtype::Float64;
    else if (!wide) return std::nullopt;
  } else if (py_int) {
    if (dt == Dtype::Bool) dt = Dtype::Int64;
    else if (dt != Dtype::Int64 && !wide) return std::nullopt;
  }
  if (divide && (dt == Dtype::Bool || dtype_is_integer(dt))) dt = Dtype::Float64;
  if (dt == Dtype::Bool) return std::nullopt;  // bool arrays only: logical results, left to CPython
  return dt;
}

// numpy's dtype for arrays of float64, int64 and bool with Python numbers and float64 scalars (the
// legacy value-based rules of numpy 1.24 reduce to this for these dtypes): float64 when anything is a
// float, int64 when anything is an int; arrays of the other dtypes by promoted_any; nullopt for what the
// table leaves to CPython.
std::optional<Dtype> promoted(const std::vector<Type>& a, bool divide) {
  for (const Type& given : a) {
    const Type t = plain(given);
    if (is_array(t) && !legacy_dtype(t.dtype)) return promoted_any(a, divide);
  }
  bool any_float = false, any_int = false, any_array = false;
  for (const Type& given : a) {
    const Type t = plain(given);
    if (is_array(t) || t.kind == TypeKind::NpScalar) {
      any_array |= is_array(t);
      if (t.dtype == Dtype::Float64) any_float = true;
      else if (t.dtype == Dtype::Int64) any_int = true;
      else if (t.dtype != Dtype::Bool) return std::nullopt;
    } else if (t.kind == TypeKind::Float) {
      any_float = true;
    } else if (t.kind == TypeKind::Int) {
      any_int = true;
    } else if (t.kind != TypeKind::Bool) {
      return std::nullopt;
    }
  }
  if (!any_array) return std::nullopt;
  if (any_float || divide) return Dtype::Float64;
  if (any_int) return Dtype::Int64;
  return std::nullopt;  // bool arrays only: logical results, left to CPython
}

int max_rank(const std::vector<Type>& a) {
  int n = 0;
  for (const Type& t : a)
    if (is_array(t)) n = std::max(n, t.ndim);
  return n;
}

// Broadcasting: the promoted dtype at the largest rank.
Rule broadcast(bool divide) {
  return [divide](const std::vector<Type>& a) -> std::optional<Type> {
    if (a.size() != 2) return std::nullopt;
    auto dt = promoted(a, divide);
    if (!dt) return std::nullopt;
    return Type::ndarray(*dt, max_rank(a));
  };
}

// Python scalars compare to a bool; numpy scalars to np.bool_; an array to a bool array.
std::optional<Type> comparison(const std::vector<Type>& a) {
  if (a.size() != 2) return std::nullopt;
  if (is_array(a[0]) || is_array(a[1])) {
    if (!promoted(a, false) && !(is_array(a[0]) && a[0].dtype == Dtype::Bool)) return std::nullopt;
    return Type::ndarray(Dtype::Bool, max_rank(a));
  }
  const bool numpy_scalar = a[0].kind == TypeKind::NpScalar || a[1].kind == TypeKind::NpScalar;
  if (numpy_scalar) {
    for (const Type& t : a)
      if (!tower(t) && !(t.kind == TypeKind::NpScalar && dtype_kind(t.dtype) != DtypeKind::Complex)) return std::nullopt;
    return Type::np_scalar(Dtype::Bool);
  }
  if ((tower(a[0]) && tower(a[1])) || (plain(a[0]).kind == TypeKind::Str && plain(a[1]).kind == TypeKind::Str))
    return scalar(TypeKind::Bool);
  return std::nullopt;
}

// exp, log, sin, ...: float64 (float32 stays float32) of the argument's shape; a scalar gives a float64.
std::optional<Type> float_ufunc(const std::vector<Type>& a) {
  if (a.size() != 1) return std::nullopt;
  const Type t = plain(a[0]);
  if (is_array(t)) {
    // numpy's loops: int8/uint8 compute in float16 (outside the type language), int16/uint16 in float32.
    if (dtype_kind(t.dtype) == DtypeKind::Complex) return std::nullopt;
    if (dtype_is_integer(t.dtype) && dtype_size(t.dtype) == 1) return std::nullopt;
    const bool single = t.dtype == Dtype::Float32 || (dtype_is_integer(t.dtype) && dtype_size(t.dtype) == 2);
    return Type::ndarray(single ? Dtype::Float32 : Dtype::Float64, t.ndim);
  }
  if (tower(t) || is_float64(t)) return Type::np_scalar(Dtype::Float64);
  return std::nullopt;
}

// abs, negative, square, sign: the argument's own dtype and shape (arrays of float64 and int64).
std::optional<Type> same_dtype_ufunc(const std::vector<Type>& a) {
  if (a.size() != 1 || !is_array(a[0])) return std::nullopt;
  if (a[0].dtype != Dtype::Float64 && a[0].dtype != Dtype::Int64) return std::nullopt;
  return a[0];
}

// isnan, isinf, isfinite: a bool array of the argument's shape.
std::optional<Type> predicate_ufunc(const std::vector<Type>& a) {
  if (a.size() != 1 || !is_array(a[0])) return std::nullopt;
  return Type::ndarray(Dtype::Bool, a[0].ndim);
}

// math functions of real numbers (a float64 is a float subclass): a float.
Rule math_of_reals(std::size_t arity, TypeKind result) {
  return [arity, result](const std::vector<Type>& a) -> std::optional<Type> {
    if (a.size() != arity) return std::nullopt;
    for (const Type& t : a)
      if (!tower(t) && !is_float64(t)) return std::nullopt;
    return scalar(result);
  };
}

enum class ReductionKind { Sum, Mean, Extremum };

// Reductions (a, axis=None, ..., keepdims=False): a numpy scalar of the element dtype over the whole
// array (mean: float64), or the array with the axis removed (kept with keepdims=True). Sums of the
// integer dtypes added with uint8 and the rest accumulate in the platform's int64 (signed) or uint64
// (unsigned), as numpy's add.reduce does on Linux x86-64; a mean of complex64 is complex64.
Rule reduction(std::size_t keepdims_index, ReductionKind kind) {
  return [keepdims_index, kind](const std::vector<Type>& a) -> std::optional<Type> {
    if (a.empty() || !is_array(a[0])) return std::nullopt;
    const Type& x = a[0];
    Dtype dt = x.dtype;
    if (kind == ReductionKind::Mean) {
      if (dt == Dtype::Complex128 || dt == Dtype::Float32) return std::nullopt;
      dt = dt == Dtype::Complex64 ? Dtype::Complex64 : Dtype::Float64;
    } else if (dt == Dtype::Bool || dt == Dtype::Int32) {
      return std::nullopt;  // numpy's sum of bools and int32s widens by platform rules: left to CPython
    } else if (kind == ReductionKind::Sum && dtype_is_integer(dt) && dt != Dtype::Int64) {
      dt = dtype_kind(dt) == DtypeKind::UnsignedInt ? Dtype::UInt64 : Dtype::Int64;
    }
    for (std::size_t i = 1; i < a.size(); ++i) {  // only axis and keepdims may be given
      if (i == 1 || i == keepdims_index) continue;
      if (a[i].kind != TypeKind::None) return std::nullopt;
    }
    const bool whole = a.size() < 2 || a[1].kind == TypeKind::None;
    bool keep = false;
    if (a.size() > keepdims_index) {
      const Type& k = a[keepdims_index];
      if (k.kind != TypeKind::Literal || k.literal.kind != LiteralValue::Kind::Bool) return std::nullopt;
      keep = k.literal.b;
    }
    if (!whole && (a[1].kind != TypeKind::Literal || a[1].literal.kind != LiteralValue::Kind::Int)) return std::nullopt;
    if (keep) return Type::ndarray(dt, x.ndim);
    if (whole || x.ndim == 1) return Type::np_scalar(dt);
    return Type::ndarray(dt, x.ndim - 1);
  };
}

// A dtype passed as a value: the compiler folds np.float64, x.dtype, dtype=float to Literal['float64'].
std::optional<Dtype> dtype_literal(const Type& t) {
  if (t.kind != TypeKind::Literal || t.literal.kind != LiteralValue::Kind::Str) return std::nullopt;
  return dtype_from_name(t.literal.s);
}

// The rank of a shape argument: n or (a, b, ...) of ints.
std::optional<int> shape_rank(const Type& given) {
  const Type t = plain(given);
  if (t.kind == TypeKind::Int) return 1;
  if (t.kind != TypeKind::Tuple) return std::nullopt;
  for (const Type& e : t.args)
    if (plain(e).kind != TypeKind::Int) return std::nullopt;
  return static_cast<int>(t.args.size());
}

// zeros(n), zeros((a, b)): float64 of the shape's rank; zeros(shape, dtype): that dtype.
std::optional<Type> shape_constructor(const std::vector<Type>& a) {
  if (a.empty() || a.size() > 2) return std::nullopt;
  auto rank = shape_rank(a[0]);
  if (!rank) return std::nullopt;
  Dtype dt = Dtype::Float64;
  if (a.size() == 2) {
    auto given = dtype_literal(a[1]);
    if (!given) return std::nullopt;
    dt = *given;
  }
  return Type::ndarray(dt, *rank);
}

// zeros_like(a) and ones_like(a): a's dtype and rank; with a dtype, that dtype.
std::optional<Type> like_constructor(const std::vector<Type>& a) {
  if (a.empty() || a.size() > 2 || !is_array(a[0])) return std::nullopt;
  if (a.size() == 1) return a[0];
  auto dt = dtype_literal(a[1]);
  if (!dt) return std::nullopt;
  return Type::ndarray(*dt, a[0].ndim);
}

// a.astype(dtype): the same rank in that dtype.
std::optional<Type> astype(const std::vector<Type>& a) {
  if (a.size() != 2 || !is_array(a[0])) return std::nullopt;
  auto dt = dtype_literal(a[1]);
  if (!dt) return std::nullopt;
  return Type::ndarray(*dt, a[0].ndim);
}

// np.float64(x), np.int64(x), ...: the numpy scalar of that type, from a Python number or a numpy scalar.
Rule scalar_constructor(Dtype dt) {
  return [dt](const std::vector<Type>& a) -> std::optional<Type> {
    if (a.size() != 1) return std::nullopt;
    const Type t = plain(a[0]);
    if (!tower(t) && !(t.kind == TypeKind::NpScalar && dtype_kind(t.dtype) != DtypeKind::Complex)) return std::nullopt;
    return Type::np_scalar(dt);
  };
}

// x.shape: a tuple of one int per axis.
std::optional<Type> shape_attribute(const std::vector<Type>& a) {
  if (a.size() != 1 || !is_array(a[0])) return std::nullopt;
  return Type::tuple(std::vector<Type>(static_cast<std::size_t>(a[0].ndim), scalar(TypeKind::Int)));
}

// numpy's basic indexing a[index] (the index as the compiler passes it: ints, (start, stop, step) tuples
// for slices, None for np.newaxis, Literal['...']): rank N - ints + newaxes, the element (a numpy scalar)
// when ints index every axis and nothing else is written. nullopt when numpy refuses the index whatever
// the values (too many indices, two ellipses): lowering raises numpy's IndexError there.
std::optional<Type> basic_index_result(const Type& array, const std::vector<Type>& parts) {
  int ints = 0, slices = 0, newaxes = 0, ellipses = 0;
  for (const Type& p : parts) {
    if (plain(p).kind == TypeKind::Int) ++ints;
    else if (p.kind == TypeKind::Tuple && p.args.size() == 3) ++slices;
    else if (p.kind == TypeKind::None) ++newaxes;
    else if (p.kind == TypeKind::Literal && p.literal.kind == LiteralValue::Kind::Str && p.literal.s == "...") ++ellipses;
    else return std::nullopt;
  }
  if (ellipses > 1 || ints + slices > array.ndim) return std::nullopt;
  if (ints == array.ndim && static_cast<int>(parts.size()) == ints) return Type::np_scalar(array.dtype);
  return Type::ndarray(array.dtype, array.ndim - ints + newaxes);
}

// numpy's advanced indexing a[index] with an int64 or bool array among the parts, a copy: ints beside an
// array are 0-d advanced indices, a bool array of rank K covers K axes as one 1-D index, an int64 array of
// rank K is K-dimensional; the broadcast of the advanced indices (rank: the largest of theirs) replaces
// their axes. nullopt when numpy refuses the index whatever the values.
std::optional<Type> advanced_index_result(const Type& array, const std::vector<Type>& parts) {
  int axes = 0, advanced_axes = 0, broadcast_rank = 0, newaxes = 0, ellipses = 0;
  for (const Type& p : parts) {
    if (plain(p).kind == TypeKind::Int) {
      ++axes;
      ++advanced_axes;
    } else if (p.kind == TypeKind::Tuple && p.args.size() == 3) {
      ++axes;
    } else if (p.kind == TypeKind::None) {
      ++newaxes;
    } else if (p.kind == TypeKind::Literal && p.literal.kind == LiteralValue::Kind::Str && p.literal.s == "...") {
      ++ellipses;
    } else if (is_array(p) && p.dtype == Dtype::Int64) {
      ++axes;
      ++advanced_axes;
      broadcast_rank = std::max(broadcast_rank, p.ndim);
    } else if (is_array(p) && p.dtype == Dtype::Bool && p.ndim >= 1) {
      axes += p.ndim;
      advanced_axes += p.ndim;
      broadcast_rank = std::max(broadcast_rank, 1);
    } else {
      return std::nullopt;
    }
  }
  if (ellipses > 1 || axes > array.ndim) return std::nullopt;
  return Type::ndarray(array.dtype, array.ndim + newaxes - advanced_axes + broadcast_rank);
}

std::optional<Type> array_getindex(const std::vector<Type>& a) {
  if (a.size() != 2 || !is_array(a[0]) || a[1].kind != TypeKind::Tuple) return std::nullopt;
  for (const Type& p : a[1].args)
    if (is_array(p)) return advanced_index_result(a[0], a[1].args);
  return basic_index_result(a[0], a[1].args);
}

// a[i] and a[i, j] on an array (operator.getitem), the same rule with ints only.
std::optional<Type> array_getitem(const std::vector<Type>& a) {
  if (a.size() != 2 || !is_array(a[0])) return std::nullopt;
  if (plain(a[1]).kind == TypeKind::Int) return basic_index_result(a[0], {a[1]});
  if (is_array(a[1])) {
    // advanced indexing, a copy: a bool mask of the first K axes picks the true positions in C order (rank N - K + 1); an
    // int64 index array of rank K takes rows of the first axis (rank K + N - 1)
    if (a[1].dtype == Dtype::Bool)
      return a[1].ndim >= 1 && a[1].ndim <= a[0].ndim ? std::optional<Type>(Type::ndarray(a[0].dtype, a[0].ndim - a[1].ndim + 1))
                                                      : std::nullopt;
    if (a[1].dtype == Dtype::Int64 && a[0].ndim >= 1) return Type::ndarray(a[0].dtype, a[1].ndim + a[0].ndim - 1);
    return std::nullopt;
  }
  if (a[1].kind != TypeKind::Tuple) return std::nullopt;
  for (const Type& p : a[1].args)
    if (plain(p).kind != TypeKind::Int) return std::nullopt;
  return basic_index_result(a[0], a[1].args);
}

// np.einsum('ij,jk->ik', a, b): one axis per output letter (explicit after '->', else the letters used
// once), of the operands' dtype when they share one; a numpy scalar when the output has no letters.
std::optional<Type> einsum(const std::vector<Type>& a) {
  if (a.size() < 2 || a[0].kind != TypeKind::Literal || a[0].literal.kind != LiteralValue::Kind::Str) return std::nullopt;
  const std::string& s = a[0].literal.s;
  const std::size_t arrow = s.find("->");
  const std::string ins = s.substr(0, arrow);
  std::vector<std::string> subs(1);
  for (char c : ins) {
    if (c == ',') subs.emplace_back();
    else subs.back() += c;
  }
  if (subs.size() != a.size() - 1) return std::nullopt;
  for (std::size_t k = 0; k < subs.size(); ++k) {
    const Type& op = a[k + 1];
    if (!is_array(op) || op.dtype != a[1].dtype || static_cast<int>(subs[k].size()) != op.ndim) return std::nullopt;
    for (char c : subs[k])
      if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
  }
  std::size_t rank = 0;
  if (arrow != std::string::npos) {
    rank = s.size() - arrow - 2;
  } else {
    for (int c = 0; c < 128; ++c)
      if (std::isalpha(c) && std::count(ins.begin(), ins.end(), static_cast<char>(c)) == 1) ++rank;
  }
  if (rank == 0) return Type::np_scalar(a[1].dtype);
  return Type::ndarray(a[1].dtype, static_cast<int>(rank));
}

// a[start:stop:step] on an array slices its first axis: the same type.
std::optional<Type> array_getslice(const std::vector<Type>& a) {
  if (a.size() != 4 || !is_array(a[0]) || a[0].ndim < 1) return std::nullopt;
  return a[0];
}

// The arrays of a tuple or list argument (np.hstack((a, b)), np.vstack([a, b])) when they share one
// numpy dtype and each has a rank from `lo` to `hi`; nullopt otherwise.
std::optional<std::vector<Type>> arrays_of_one_dtype(const Type& seq, int lo, int hi) {
  std::vector<Type> items;
  if (seq.kind == TypeKind::Tuple) items = seq.args;
  else if (seq.kind == TypeKind::List) items = {seq.args[0]};
  if (items.empty()) return std::nullopt;
  for (const Type& t : items)
    if (!is_array(t) || t.dtype != items[0].dtype || t.ndim < lo || t.ndim > hi) return std::nullopt;
  return items;
}

bool is_int(const Type& t) { return plain(t).kind == TypeKind::Int; }

// np.hstack and np.concatenate: arrays of one rank keep it (concatenate(axis=None) flattens);
// np.vstack and np.column_stack: 1-D and 2-D arrays give a 2-D array.
Rule joining(bool to_2d) {
  return [to_2d](const std::vector<Type>& a) -> std::optional<Type> {
    if (a.empty() || a.size() > 2) return std::nullopt;
    auto items = arrays_of_one_dtype(a[0], 1, to_2d ? 2 : 32);
    if (!items) return std::nullopt;
    if (to_2d) return a.size() == 1 ? std::optional<Type>(Type::ndarray((*items)[0].dtype, 2)) : std::nullopt;
    for (const Type& t : *items)
      if (t.ndim != (*items)[0].ndim) return std::nullopt;
    if (a.size() == 2 && a[1].kind == TypeKind::None) return Type::ndarray((*items)[0].dtype, 1);
    if (a.size() == 2 && !is_int(a[1])) return std::nullopt;
    return (*items)[0];
  };
}

// np.add.outer(A, B) and its kin: the promoted dtype (arrays of one dtype here) of rank A.ndim + B.ndim.
std::optional<Type> ufunc_outer(const std::vector<Type>& a) {
  if (a.size() != 2 || !is_array(a[0]) || !is_array(a[1]) || a[0].dtype != a[1].dtype) return std::nullopt;
  if (a[0].dtype != Dtype::Float64 && a[0].dtype != Dtype::Int64) return std::nullopt;
  return Type::ndarray(a[0].dtype, a[0].ndim + a[1].ndim);
}

// np.repeat(a, n): the flattened array; np.repeat(a, n, axis): a's rank.
std::optional<Type> repeat(const std::vector<Type>& a) {
  if (a.size() < 2 || a.size() > 3 || !is_array(a[0]) || a[0].ndim < 1 || !is_int(a[1])) return std::nullopt;
  if (a.size() == 2 || a[2].kind == TypeKind::None) return Type::ndarray(a[0].dtype, 1);
  return is_int(a[2]) ? std::optional<Type>(a[0]) : std::nullopt;
}

// np.tile(A, reps): rank max(A.ndim, len(reps)), an int rep counting as one.
std::optional<Type> tile(const std::vector<Type>& a) {
  if (a.size() != 2 || !is_array(a[0]) || a[0].ndim < 1) return std::nullopt;
  auto reps = shape_rank(a[1]);
  if (!reps) return std::nullopt;
  return Type::ndarray(a[0].dtype, std::max(a[0].ndim, *reps));
}

// np.meshgrid(x1, ..., xK) of 1-D arrays of one dtype: a list of K arrays of rank K (numpy 1.24 returns a list).
std::optional<Type> meshgrid(const std::vector<Type>& a) {
  if (a.empty()) return std::nullopt;
  for (const Type& t : a)
    if (!is_array(t) || t.ndim != 1 || t.dtype != a[0].dtype) return std::nullopt;
  return Type::list(Type::ndarray(a[0].dtype, static_cast<int>(a.size())));
}

// np.histogram(a, bins, range) of float64 values, bins an int and range None or two numbers: (counts, edges).
std::optional<Type> histogram(const std::vector<Type>& a) {
  if (a.empty() || a.size() > 3 || !is_array(a[0]) || a[0].dtype != Dtype::Float64) return std::nullopt;
  if (a.size() >= 2 && !is_int(a[1])) return std::nullopt;
  if (a.size() == 3 && a[2].kind != TypeKind::None) {
    if (a[2].kind != TypeKind::Tuple || a[2].args.size() != 2) return std::nullopt;
    for (const Type& e : a[2].args)
      if (!tower(e) || plain(e).kind == TypeKind::Bool) return std::nullopt;
  }
  return Type::tuple({Type::ndarray(Dtype::Int64, 1), Type::ndarray(Dtype::Float64, 1)});
}

// np.identity(n) and np.identity(n, dtype): an n x n float64 array, or of the dtype given.
std::optional<Type> identity(const std::vector<Type>& a) {
  if (a.empty() || a.size() > 2 || !is_int(a[0])) return std::nullopt;
  if (a.size() == 1) return Type::ndarray(Dtype::Float64, 2);
  auto dt = dtype_literal(a[1]);
  return dt ? std::optional<Type>(Type::ndarray(*dt, 2)) : std::nullopt;
}

// np.linalg.cholesky of a float64 matrix: a float64 matrix.
std::optional<Type> cholesky(const std::vector<Type>& a) {
  if (a.size() != 1 || !is_array(a[0]) || a[0].dtype != Dtype::Float64 || a[0].ndim != 2) return std::nullopt;
  return a[0];
}

Rule always(TypeKind k) {
  return [k](const std::vector<Type>&) -> std::optional<Type> { return scalar(k); };
}

// abs of a bool is an int; of an int or float, the same type.
std::optional<Type> python_abs(const std::vector<Type>& a) {
  if (a.size() != 1) return std::nullopt;
  auto k = tower(a[0]);
  if (!k) return std::nullopt;
  return scalar(*k == 2 ? TypeKind::Float : TypeKind::Int);
}

const std::vector<Row>& table() {
  static const std::vector<Row> rows = {
      {"the numeric tower: bool < int < float, bool + bool an int",
       {"operator.add", "operator.sub", "operator.mul", "operator.floordiv", "operator.mod"}, python_arithmetic},
      {"true division of Python numbers gives a float", {"operator.truediv"}, python_true_divide},
      {"a numpy float64 with a Python number or a float64 stays a float64",
       {"operator.add", "operator.sub", "operator.mul", "operator.truediv", "operator.floordiv", "operator.mod",
        "operator.pow"},
       float64_arithmetic},
      {"comparisons: bool for Python values, np.bool_ for numpy scalars, a bool array for arrays",
       {"operator.lt", "operator.le", "operator.gt", "operator.ge", "operator.eq", "operator.ne"}, comparison},
      {"numpy broadcasting: the promoted dtype at the largest rank",
       {"operator.add", "operator.sub", "operator.mul", "numpy.add", "numpy.subtract", "numpy.multiply", "numpy.maximum",
        "numpy.minimum", "numpy.fmax", "numpy.fmin"},
       broadcast(false)},
      {"numpy division gives float64 at the largest rank",
       {"operator.truediv", "numpy.divide", "numpy.true_divide", "numpy.hypot", "numpy.arctan2"}, broadcast(true)},
      {"numpy float ufuncs: float64 of the argument's shape (a scalar gives a float64)",
       {"numpy.exp", "numpy.exp2", "numpy.expm1", "numpy.log", "numpy.log10", "numpy.log1p", "numpy.log2", "numpy.sqrt",
        "numpy.sin", "numpy.cos", "numpy.tan", "numpy.arcsin", "numpy.arccos", "numpy.arctan", "numpy.sinh", "numpy.cosh",
        "numpy.tanh", "numpy.rint", "numpy.floor", "numpy.ceil", "numpy.trunc"},
       float_ufunc},
      {"numpy sign-and-size ufuncs keep the dtype and shape",
       {"numpy.abs", "numpy.absolute", "numpy.negative", "numpy.square", "numpy.sign", "operator.neg"}, same_dtype_ufunc},
      {"numpy predicates give a bool array of the shape", {"numpy.isnan", "numpy.isinf", "numpy.isfinite"}, predicate_ufunc},
      {"math functions of a real number give a float",
       {"math.sqrt", "math.exp", "math.exp2", "math.expm1", "math.log", "math.log10", "math.log1p", "math.log2", "math.sin",
        "math.cos", "math.tan", "math.asin", "math.acos", "math.atan", "math.sinh", "math.cosh", "math.tanh", "math.asinh",
        "math.acosh", "math.atanh", "math.erf", "math.erfc", "math.gamma", "math.lgamma", "math.fabs", "math.degrees",
        "math.radians", "math.cbrt"},
       math_of_reals(1, TypeKind::Float)},
      {"math functions of two real numbers give a float",
       {"math.atan2", "math.copysign", "math.fmod", "math.hypot", "math.pow", "math.remainder"},
       math_of_reals(2, TypeKind::Float)},
      {"math rounding of a real number gives an int", {"math.floor", "math.ceil", "math.trunc"}, math_of_reals(1, TypeKind::Int)},
      {"math predicates give a bool", {"math.isnan", "math.isinf", "math.isfinite"}, math_of_reals(1, TypeKind::Bool)},
      {"reductions: a numpy scalar over the whole array, one axis fewer with axis=, the same rank with keepdims=True",
       {"numpy.sum", "numpy.prod"}, reduction(4, ReductionKind::Sum)},
      {"numpy.mean: float64, a scalar over the whole array, one axis fewer with axis=", {"numpy.mean"},
       reduction(4, ReductionKind::Mean)},
      {"numpy.max/min: the element dtype, a scalar over the whole array, one axis fewer with axis=",
       {"numpy.max", "numpy.min", "numpy.amax", "numpy.amin"}, reduction(3, ReductionKind::Extremum)},
      {"shape constructors: float64 (or the dtype given) of the shape's rank", {"numpy.zeros", "numpy.ones", "numpy.empty"},
       shape_constructor},
      {"like constructors: the array's dtype (or the dtype given) and rank", {"numpy.zeros_like", "numpy.ones_like", "numpy.empty_like"},
       like_constructor},
      {"astype: the same rank in the dtype given", {"numpy.ndarray.astype"}, astype},
      {"numpy scalar types called on a real number give that scalar", {"numpy.float64"}, scalar_constructor(Dtype::Float64)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.int64"}, scalar_constructor(Dtype::Int64)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.float32"}, scalar_constructor(Dtype::Float32)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.int32"}, scalar_constructor(Dtype::Int32)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.uint8"}, scalar_constructor(Dtype::UInt8)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.int8"}, scalar_constructor(Dtype::Int8)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.int16"}, scalar_constructor(Dtype::Int16)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.uint16"}, scalar_constructor(Dtype::UInt16)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.uint32"}, scalar_constructor(Dtype::UInt32)},
      {"numpy scalar types called on a real number give that scalar", {"numpy.uint64"}, scalar_constructor(Dtype::UInt64)},
      {"an array's shape is one int per axis", {"numpy.ndarray.shape"}, shape_attribute},
      {"numpy indexing: basic, a view of rank N - ints + newaxes (the element when ints index every axis); with "
       "an int64 or bool array among the parts, advanced, a copy whose advanced axes become their broadcast's",
       {"opsynth.ops.getindex"}, array_getindex},
      {"an array's a[i] / a[i, j]: a view of rank N - ints, the element when ints index every axis; a[mask] and "
       "a[idx]: numpy's advanced indexing", {"operator.getitem"},
       array_getitem},
      {"np.einsum: one axis per output subscript, the operands' dtype", {"numpy.einsum"}, einsum},
      {"np.hstack and np.concatenate keep the rank of arrays of one dtype and rank (concatenate(axis=None) flattens)",
       {"numpy.hstack", "numpy.concatenate"}, joining(false)},
      {"np.vstack and np.column_stack of 1-D and 2-D arrays of one dtype give a 2-D array",
       {"numpy.vstack", "numpy.column_stack"}, joining(true)},
      {"a ufunc's outer: the dtype of rank A.ndim + B.ndim",
       {"numpy.add.outer", "numpy.subtract.outer", "numpy.multiply.outer"}, ufunc_outer},
      {"np.repeat: the flattened array without an axis, a's rank with one", {"numpy.repeat"}, repeat},
      {"np.tile: rank max(A.ndim, len(reps))", {"numpy.tile"}, tile},
      {"np.meshgrid of K 1-D arrays: a list of K arrays of rank K", {"numpy.meshgrid"}, meshgrid},
      {"np.histogram with an int bin count: (int64 counts, float64 edges)", {"numpy.histogram"}, histogram},
      {"np.identity: a float64 square matrix, or of the dtype given", {"numpy.identity"}, identity},
      {"np.linalg.cholesky of a float64 matrix is a float64 matrix", {"numpy.linalg.cholesky"}, cholesky},
      {"an array's a[start:stop:step] is a view of the same type", {"opsynth.ops.getslice"}, array_getslice},
      {"index assignment gives None", {"opsynth.ops.setindex", "operator.setitem"}, always(TypeKind::None)},
      {"abs keeps int and float (a bool's is an int)", {"builtins.abs"}, python_abs},
      {"len and int() give an int", {"builtins.len", "builtins.int", "operator.index"}, always(TypeKind::Int)},
      {"float() gives a float", {"builtins.float"}, always(TypeKind::Float)},
      {"str(), repr() and format() give a str", {"builtins.str", "builtins.repr", "builtins.format", "builtins.ascii"},
       always(TypeKind::Str)},
      {"truth tests, identity and membership give a bool",
       {"builtins.bool", "operator.truth", "operator.not_", "operator.is_", "operator.is_not", "operator.contains"},
       always(TypeKind::Bool)},
  };
  return rows;
}

}  // namespace

std::optional<RuleResult> rule_result(const std::string& qualname, const std::vector<Type>& args) {
  for (const Row& row : table()) {
    if (std::find(row.qualnames.begin(), row.qualnames.end(), qualname) == row.qualnames.end()) continue;
    if (auto t = row.rule(args)) return RuleResult{*t, row.name};
  }
  return std::nullopt;
}

std::optional<std::string> method_as_function(const std::string& qualname) {
  // numpy/core/_methods.py: each method calls the same reduction as its function, parameters in the
  // same order after the array; a.reshape(shape, order) is np.reshape(a, newshape, order),
  // a.repeat(repeats, axis) is np.repeat(a, repeats, axis), and the others here take the function's
  // parameters after the array in its order (a.clip(lo, hi), a.ravel(order), a.take(idx, axis)).
  // Not a.copy() (order 'C' against np.copy's 'K'), a.transpose(*axes) or a.sort() (in place).
  static const std::vector<std::string> same = {
      "sum",     "mean", "prod",  "max",   "min",     "std",      "var",      "argmax",  "argmin",  "all",
      "any",     "cumsum", "cumprod", "ptp", "reshape", "repeat", "ravel", "clip", "round", "squeeze",
      "swapaxes", "trace", "dot", "nonzero", "take", "diagonal", "argsort"};
  const std::string prefix = "numpy.ndarray.";
  if (!qualname.starts_with(prefix)) return std::nullopt;
  const std::string method = qualname.substr(prefix.size());
  if (std::find(same.begin(), same.end(), method) == same.end()) return std::nullopt;
  return "numpy." + method;
}

std::optional<EmptyGivesStart> empty_gives_start(const std::string& qualname, const std::vector<Type>& args) {
  if (qualname != "builtins.sum" || args.size() != 1 || args[0].kind != TypeKind::List ||
      args[0].args[0].kind != TypeKind::Float)
    return std::nullopt;
  return EmptyGivesStart{"sum() of an empty iterable is its start, the int 0; otherwise a float sum from 0 equals one from 0.0",
                         scalar(TypeKind::Int), "0", "0.0", scalar(TypeKind::Float)};
}

}  // namespace opsynth::compiler

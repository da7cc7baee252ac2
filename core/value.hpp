// Value: one tagged value that holds any value of the type language (DESIGN §1).
// Values are trees (no sharing); aliasing between arguments is described beside them, not inside.
#pragma once

#include <complex>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "types.hpp"

namespace opsynth {

struct Value;

struct NoneValue {
  bool operator==(const NoneValue&) const = default;
};
struct StrValue {
  std::string utf8;
  bool operator==(const StrValue&) const = default;
};
struct ListValue {
  std::vector<Value> items;
  bool operator==(const ListValue&) const;
};
struct TupleValue {
  std::vector<Value> items;
  bool operator==(const TupleValue&) const;
};
struct DictValue {
  std::vector<std::pair<Value, Value>> items;  // insertion order
  bool operator==(const DictValue&) const;
};
// A numpy array, always stored C-contiguous in native byte order.
struct NDArrayValue {
  Dtype dtype = Dtype::Float64;
  std::vector<std::int64_t> shape;  // empty = 0-d
  std::vector<unsigned char> data;  // product(shape) * dtype_size(dtype) bytes
  bool operator==(const NDArrayValue&) const = default;  // bitwise
};
// A numpy scalar (np.float64(1.5), np.int32(3), np.bool_(True), ...): dtype + bits.
struct NpScalarValue {
  Dtype dtype = Dtype::Float64;
  std::complex<double> c;  // Float*/Complex* (float32 and complex64 parts widened exactly)
  std::int64_t i = 0;      // Bool and every integer dtype, widened (a uint64 keeps its 64 bits: cast back)
  bool operator==(const NpScalarValue&) const;  // bitwise on the active field
};

struct Value {
  using Storage = std::variant<NoneValue, bool, std::int64_t, double, std::complex<double>, StrValue,
                               ListValue, TupleValue, DictValue, NDArrayValue, NpScalarValue>;
  Storage v;

  Value() = default;
  template <class T>
    requires std::is_constructible_v<Storage, T&&> && (!std::is_same_v<std::remove_cvref_t<T>, Value>)
  Value(T&& x) : v(std::forward<T>(x)) {}

  // Bitwise equality: NaN == NaN with the same payload, -0.0 != 0.0. Comparators live in verify/.
  bool operator==(const Value& o) const;

  template <class T>
  bool is() const { return std::holds_alternative<T>(v); }
  template <class T>
  const T& as() const { return std::get<T>(v); }
  template <class T>
  T& as() { return std::get<T>(v); }
};

// An integer element (Bool or an integer dtype) at p, widened to int64 (uint64: its bits); and back.
std::int64_t load_integer(Dtype d, const unsigned char* p);
void store_integer(Dtype d, std::int64_t bits, unsigned char* p);
// Does the int64 x lie in the integer dtype's range? (UInt64: x >= 0; Bool: 0 or 1.)
bool integer_fits(Dtype d, std::int64_t x);
// The integer's decimal text (uint64 read as unsigned).
std::string integer_text(Dtype d, std::int64_t bits);

// Does the value inhabit the type? (Literal: equal to the literal; NDArray: dtype and ndim match.)
bool conforms(const Value& value, const Type& type);

// Python-like repr for reports and counterexamples: 1.5, -0.0, nan, 'héllo', [1, 2],
// array([[1., 2.]], dtype=float64).
std::string repr(const Value& value);
// The same for people reading a terminal line: lists, dicts and tuples of more than 60 items show their
// first 10 and last 5, strings of more than 320 characters their first 60 and last 20, each with its size.
std::string short_repr(const Value& value);

}  // namespace opsynth

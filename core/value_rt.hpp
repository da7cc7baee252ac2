// Value <-> runtime rt types (DESIGN §1 table): to_rt<T>(value) and from_rt(x), one RtCodec per type.
// Used by harnesses that call compiled code with Values; to_rt throws RtMismatch on a wrong shape of
// value, since it runs inside generated code where exceptions are the error channel.
#pragma once

#include <complex>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "rt/dict.hpp"
#include "rt/list.hpp"
#include "rt/lit.hpp"
#include "rt/ndarray.hpp"
#include "rt/none.hpp"
#include "rt/scalar.hpp"
#include "rt/str.hpp"
#include "value.hpp"

namespace opsynth {

// The value does not have the C++ type asked for (e.g. a list where an int64_t was wanted).
struct RtMismatch : std::invalid_argument {
  explicit RtMismatch(const std::string& what) : std::invalid_argument("to_rt: " + what) {}
};

// RtCodec<T>::to(const Value&) -> T and RtCodec<T>::from(const T&) -> Value.
template <class T>
struct RtCodec;

template <class T>
T to_rt(const Value& value) {
  return RtCodec<T>::to(value);
}

template <class T>
Value from_rt(const T& x) {
  return RtCodec<T>::from(x);
}

namespace detail_rt {

template <class T>
constexpr const char* python_name() {
  if constexpr (std::is_same_v<T, bool>) return "bool";
  if constexpr (std::is_same_v<T, std::int64_t>) return "int";
  if constexpr (std::is_same_v<T, double>) return "float";
  return "complex";
}

template <class Alt>
const Alt& expect(const Value& value, const char* what) {
  if (!value.is<Alt>()) throw RtMismatch(std::string("expected ") + what + ", got " + repr(value));
  return value.as<Alt>();
}

// The C++ element type of each dtype, and back.
template <class T>
struct DtypeOf;
template <> struct DtypeOf<bool> { static constexpr Dtype value = Dtype::Bool; };
template <> struct DtypeOf<std::int32_t> { static constexpr Dtype value = Dtype::Int32; };
template <> struct DtypeOf<std::int64_t> { static constexpr Dtype value = Dtype::Int64; };
template <> struct DtypeOf<float> { static constexpr Dtype value = Dtype::Float32; };
template <> struct DtypeOf<double> { static constexpr Dtype value = Dtype::Float64; };
template <> struct DtypeOf<std::complex<double>> { static constexpr Dtype value = Dtype::Complex128; };
template <> struct DtypeOf<std::uint8_t> { static constexpr Dtype value = Dtype::UInt8; };
template <> struct DtypeOf<std::int8_t> { static constexpr Dtype value = Dtype::Int8; };
template <> struct DtypeOf<std::int16_t> { static constexpr Dtype value = Dtype::Int16; };
template <> struct DtypeOf<std::uint16_t> { static constexpr Dtype value = Dtype::UInt16; };
template <> struct DtypeOf<std::uint32_t> { static constexpr Dtype value = Dtype::UInt32; };
template <> struct DtypeOf<std::uint64_t> { static constexpr Dtype value = Dtype::UInt64; };
template <> struct DtypeOf<std::complex<float>> { static constexpr Dtype value = Dtype::Complex64; };

}  // namespace detail_rt

// Python scalars map one to one onto Value alternatives.
template <class T>
  requires(std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> ||
           std::is_same_v<T, std::complex<double>>)
struct RtCodec<T> {
  static T to(const Value& value) { return detail_rt::expect<T>(value, detail_rt::python_name<T>()); }
  static Value from(const T& x) { return Value(x); }
};

template <>
struct RtCodec<rt::none> {
  static rt::none to(const Value& value) {
    detail_rt::expect<NoneValue>(value, "None");
    return rt::None;
  }
  static Value from(const rt::none&) { return Value(NoneValue{}); }
};

template <>
struct RtCodec<rt::str> {
  static rt::str to(const Value& value) { return rt::str(detail_rt::expect<StrValue>(value, "str").utf8); }
  static Value from(const rt::str& s) { return Value(StrValue{s.to_string()}); }
};

template <class T>
struct RtCodec<rt::list<T>> {
  static rt::list<T> to(const Value& value) {
    rt::list<T> out;
    for (const Value& item : detail_rt::expect<ListValue>(value, "list").items) out.append(to_rt<T>(item));
    return out;
  }
  static Value from(const rt::list<T>& l) {
    ListValue out;
    out.items.reserve(static_cast<std::size_t>(l.len()));
    for (const T& item : l.to_vector()) out.items.push_back(from_rt(item));
    return Value(std::move(out));
  }
};

// Equal keys merge, as in a Python dict literal: the last value wins, the first position stays.
template <class K, class V>
struct RtCodec<rt::dict<K, V>> {
  static rt::dict<K, V> to(const Value& value) {
    rt::dict<K, V> out;
    for (const auto& [k, v] : detail_rt::expect<DictValue>(value, "dict").items) out.setitem(to_rt<K>(k), to_rt<V>(v));
    return out;
  }
  static Value from(const rt::dict<K, V>& d) {
    DictValue out;
    d.for_each_item([&](const K& k, const V& v) { out.items.emplace_back(from_rt(k), from_rt(v)); });
    return Value(std::move(out));
  }
};

template <class... Ts>
struct RtCodec<std::tuple<Ts...>> {
  static std::tuple<Ts...> to(const Value& value) {
    const auto& items = detail_rt::expect<TupleValue>(value, "tuple").items;
    if (items.size() != sizeof...(Ts)) {
      throw RtMismatch("expected a tuple of " + std::to_string(sizeof...(Ts)) + ", got " + repr(value));
    }
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<Ts...>(to_rt<Ts>(items[I])...);
    }(std::index_sequence_for<Ts...>{});
  }
  static Value from(const std::tuple<Ts...>& t) {
    TupleValue out;
    std::apply([&](const Ts&... xs) { (out.items.push_back(from_rt(xs)), ...); }, t);
    return Value(std::move(out));
  }
};

// A union (`float | float64`): the first alternative the value converts to. Alternatives of a union
// never overlap on a value's kind, except empty containers, which every list (dict) alternative holds.
template <class... Ts>
struct RtCodec<std::variant<Ts...>> {
  static std::variant<Ts...> to(const Value& value) {
    std::optional<std::variant<Ts...>> out;
    (try_alternative<Ts>(value, out), ...);
    if (!out) throw RtMismatch("expected a value of one of the union's types, got " + repr(value));
    return std::move(*out);
  }
  static Value from(const std::variant<Ts...>& x) {
    return std::visit([](const auto& held) { return from_rt(held); }, x);
  }

 private:
  template <class T>
  static void try_alternative(const Value& value, std::optional<std::variant<Ts...>>& out) {
    if (out) return;
    try {
      out.emplace(std::in_place_type<T>, to_rt<T>(value));
    } catch (const RtMismatch&) {
    }
  }
};

// numpy scalars keep their dtype; float32 and complex64 travel widened in NpScalarValue (exact), a
// uint64 as its bits in the int64 field.
template <class T>
struct RtCodec<rt::np_scalar<T>> {
  static constexpr Dtype dtype = detail_rt::DtypeOf<T>::value;

  static rt::np_scalar<T> to(const Value& value) {
    const auto& s = detail_rt::expect<NpScalarValue>(value, "numpy scalar");
    if (s.dtype != dtype) throw RtMismatch("expected a numpy scalar of another dtype, got " + repr(value));
    if constexpr (std::is_same_v<T, std::complex<double>>) {
      return rt::np_scalar<T>(s.c);
    } else if constexpr (std::is_same_v<T, std::complex<float>>) {
      return rt::np_scalar<T>(T(static_cast<float>(s.c.real()), static_cast<float>(s.c.imag())));
    } else if constexpr (std::is_floating_point_v<T>) {
      return rt::np_scalar<T>(static_cast<T>(s.c.real()));
    } else {
      return rt::np_scalar<T>(static_cast<T>(s.i));
    }
  }
  static Value from(const rt::np_scalar<T>& x) {
    NpScalarValue s;
    s.dtype = dtype;
    if constexpr (std::is_same_v<T, std::complex<double>> || std::is_same_v<T, std::complex<float>> ||
                  std::is_floating_point_v<T>) {
      s.c = static_cast<std::complex<double>>(x.value);
    } else {
      s.i = static_cast<std::int64_t>(x.value);
    }
    return Value(s);
  }
};

// Arrays copy: a Value is a tree of its own, an rt::ndarray a fresh C-ordered buffer.
template <class T, std::size_t N>
struct RtCodec<rt::ndarray<T, N>> {
  static constexpr Dtype dtype = detail_rt::DtypeOf<T>::value;

  static rt::ndarray<T, N> to(const Value& value) {
    const auto& a = detail_rt::expect<NDArrayValue>(value, "ndarray");
    if (a.dtype != dtype || a.shape.size() != N) {
      throw RtMismatch("expected an ndarray of another dtype or ndim, got " + repr(value));
    }
    typename rt::ndarray<T, N>::shape_type shape{};
    std::int64_t count = 1;
    for (std::size_t k = 0; k < N; ++k) count *= (shape[k] = a.shape[k]);
    if (a.data.size() != static_cast<std::size_t>(count) * sizeof(T)) throw RtMismatch("ndarray data size mismatch");
    auto out = rt::ndarray<T, N>::empty(shape);
    if (!a.data.empty()) std::memcpy(out.data(), a.data.data(), a.data.size());
    return out;
  }
  static Value from(const rt::ndarray<T, N>& x) {
    const rt::ndarray<T, N> c = x.is_c_contiguous() ? x : x.copy();
    NDArrayValue out;
    out.dtype = dtype;
    out.shape.assign(c.shape().begin(), c.shape().end());
    out.data.resize(static_cast<std::size_t>(c.size()) * sizeof(T));
    if (!out.data.empty()) std::memcpy(out.data.data(), c.data(), out.data.size());
    return Value(std::move(out));
  }
};

// A Literal argument: converting checks that the value is the literal's value (kind included).
template <rt::literal V>
struct RtCodec<rt::lit<V>> {
  static Value from(const rt::lit<V>&) {
    if constexpr (rt::lit<V>::is_bool) {
      return Value(V.b);
    } else if constexpr (rt::lit<V>::is_int) {
      return Value(V.i);
    } else if constexpr (rt::lit<V>::is_float) {
      return Value(V.f);
    } else {
      return Value(StrValue{std::string(rt::lit<V>::as_str())});
    }
  }
  static rt::lit<V> to(const Value& value) {
    const Value expected = from(rt::lit<V>{});
    if (!(value == expected)) throw RtMismatch("expected the literal " + repr(expected) + ", got " + repr(value));
    return rt::lit<V>{};
  }
};

}  // namespace opsynth

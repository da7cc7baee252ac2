// JSON encoding of Value (format in value_json.hpp): exact round trip, validated decoding.
#include "value_json.hpp"
#include "utf8.hpp"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace opsynth {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// Scalars

constexpr std::uint64_t kCanonicalNan = 0x7ff8000000000000ull;
constexpr std::uint64_t kSignBit = 0x8000000000000000ull;

json float_to_json(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  if (std::isnan(x)) {
    if (bits == kCanonicalNan) return "nan";
    if (bits == (kCanonicalNan | kSignBit)) return "-nan";
    char buf[40];
    std::snprintf(buf, sizeof buf, "nan(0x%016llx)", static_cast<unsigned long long>(bits));
    return buf;
  }
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  if (x == 0 && std::signbit(x)) return "-0.0";
  return x;
}

// float32 ndarray elements keep their own NaN bits (widening would quiet a signalling NaN).
json float32_to_json(float x) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  if (std::isnan(x) && bits != 0x7fc00000u && bits != 0xffc00000u) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "nan(0x%08x)", static_cast<unsigned>(bits));
    return buf;
  }
  return float_to_json(static_cast<double>(x));
}

json complex_to_json(std::complex<double> z) { return json::array({float_to_json(z.real()), float_to_json(z.imag())}); }

// Generalized UTF-8 (lone surrogates as 3-byte sequences) -> code points; input already valid.
std::vector<std::uint32_t> code_points(const std::string& s) {
  std::vector<std::uint32_t> out;
  for (std::size_t pos = 0; pos < s.size();) {
    auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[pos + k])); };
    if (b(0) < 0x80) {
      out.push_back(b(0));
      pos += 1;
    } else if (b(0) < 0xe0) {
      out.push_back(((b(0) & 0x1f) << 6) | (b(1) & 0x3f));
      pos += 2;
    } else if (b(0) < 0xf0) {
      out.push_back(((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f));
      pos += 3;
    } else {
      out.push_back(((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f));
      pos += 4;
    }
  }
  return out;
}

// Lone surrogates are encoded ED A0..BF xx; strict UTF-8 (and so JSON text) cannot carry them.
bool has_surrogate(const std::string& s) {
  for (std::size_t k = 0; k + 1 < s.size(); ++k) {
    if (static_cast<unsigned char>(s[k]) == 0xed && static_cast<unsigned char>(s[k + 1]) >= 0xa0) return true;
  }
  return false;
}

json str_to_json(const std::string& utf8) {
  if (has_surrogate(utf8)) return {{"str_code_points", code_points(utf8)}};
  return {{"str", utf8}};
}

json np_scalar_to_json(const NpScalarValue& s) {
  switch (s.dtype) {
    case Dtype::Bool: return {{"bool_", s.i != 0}};
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32: return {{std::string(dtype_name(s.dtype)), s.i}};
    case Dtype::UInt64: return {{"uint64", static_cast<std::uint64_t>(s.i)}};
    case Dtype::Complex64: return {{"complex64", complex_to_json(s.c)}};
    case Dtype::Float32: return {{"float32", float_to_json(s.c.real())}};
    case Dtype::Float64: return {{"float64", float_to_json(s.c.real())}};
    case Dtype::Complex128: return {{"complex128", complex_to_json(s.c)}};
  }
  return nullptr;
}

template <class T>
T load(const unsigned char* p) {
  T x;
  std::memcpy(&x, p, sizeof x);
  return x;
}

json ndarray_data_to_json(const NDArrayValue& a) {
  json data = json::array();
  const std::size_t size = dtype_size(a.dtype);
  for (std::size_t off = 0; off + size <= a.data.size(); off += size) {
    const unsigned char* p = a.data.data() + off;
    switch (a.dtype) {
      case Dtype::Bool: data.push_back(*p != 0); break;
      case Dtype::Int8:
      case Dtype::Int16:
      case Dtype::Int32:
      case Dtype::Int64:
      case Dtype::UInt8:
      case Dtype::UInt16:
      case Dtype::UInt32: data.push_back(load_integer(a.dtype, p)); break;
      case Dtype::UInt64: data.push_back(load<std::uint64_t>(p)); break;
      case Dtype::Complex64:
        data.push_back(json::array({float32_to_json(load<float>(p)), float32_to_json(load<float>(p + 4))}));
        break;
      case Dtype::Float32: data.push_back(float32_to_json(load<float>(p))); break;
      case Dtype::Float64: data.push_back(float_to_json(load<double>(p))); break;
      case Dtype::Complex128: data.push_back(complex_to_json({load<double>(p), load<double>(p + 8)})); break;
    }
  }
  return data;
}

json items_to_json(const std::vector<Value>& items) {
  json out = json::array();
  for (const Value& item : items) out.push_back(to_json(item));
  return out;
}

struct JsonVisitor {
  json operator()(const NoneValue&) const { return {{"none", nullptr}}; }
  json operator()(bool b) const { return {{"bool", b}}; }
  json operator()(std::int64_t i) const { return {{"int", i}}; }
  json operator()(double d) const { return {{"float", float_to_json(d)}}; }
  json operator()(std::complex<double> z) const { return {{"complex", complex_to_json(z)}}; }
  json operator()(const StrValue& s) const { return str_to_json(s.utf8); }
  json operator()(const ListValue& l) const { return {{"list", items_to_json(l.items)}}; }
  json operator()(const TupleValue& t) const { return {{"tuple", items_to_json(t.items)}}; }
  json operator()(const DictValue& d) const {
    json pairs = json::array();
    for (const auto& [k, v] : d.items) pairs.push_back(json::array({to_json(k), to_json(v)}));
    return {{"dict", pairs}};
  }
  json operator()(const NDArrayValue& a) const {
    return {{"ndarray", {{"dtype", dtype_name(a.dtype)}, {"shape", a.shape}, {"data", ndarray_data_to_json(a)}}}};
  }
  json operator()(const NpScalarValue& s) const { return np_scalar_to_json(s); }
};

// ---------------------------------------------------------------------------------------------
// Decoding: each step knows its JSON pointer so errors name where the input is wrong.

Error error_at(const std::string& path, const std::string& what) {
  return Error{"bad value JSON at " + (path.empty() ? std::string("/") : path) + ": " + what, path, 0};
}

Result<double> float_from_json(const json& j, const std::string& path) {
  if (j.is_number_float()) return j.get<double>();
  if (j.is_number_integer() || j.is_number_unsigned()) {
    // Lenient for hand-written fixtures: an integral number is accepted when exactly representable.
    double d = j.is_number_unsigned() ? static_cast<double>(j.get<std::uint64_t>())
                                      : static_cast<double>(j.get<std::int64_t>());
    if (std::fabs(d) <= 9007199254740992.0) return d;
    return error_at(path, "integer " + j.dump() + " is not exactly a float");
  }
  if (!j.is_string()) return error_at(path, "expected a float (number or \"nan\", \"inf\", \"-inf\", \"-0.0\")");
  const std::string& s = j.get_ref<const std::string&>();
  if (s == "nan") return std::bit_cast<double>(kCanonicalNan);
  if (s == "-nan") return std::bit_cast<double>(kCanonicalNan | kSignBit);
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  if (s == "-0.0") return -0.0;
  unsigned long long bits = 0;
  int consumed = 0;
  if (s.size() == 23 && std::sscanf(s.c_str(), "nan(0x%16llx)%n", &bits, &consumed) == 1 && consumed == 23) {
    double d = std::bit_cast<double>(static_cast<std::uint64_t>(bits));
    if (std::isnan(d)) return d;
  }
  return error_at(path, "bad float spelling \"" + s + "\"");
}

Result<std::complex<double>> complex_from_json(const json& j, const std::string& path) {
  if (!j.is_array() || j.size() != 2) return error_at(path, "expected [re, im]");
  auto re = float_from_json(j[0], path + "/0");
  if (!re) return re.error();
  auto im = float_from_json(j[1], path + "/1");
  if (!im) return im.error();
  return std::complex<double>(*re, *im);
}

Result<std::int64_t> int_from_json(const json& j, const std::string& path, std::int64_t lo, std::int64_t hi) {
  std::int64_t i = 0;
  if (j.is_number_unsigned()) {
    if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) return error_at(path, "integer out of range");
    i = static_cast<std::int64_t>(j.get<std::uint64_t>());
  } else if (j.is_number_integer()) {
    i = j.get<std::int64_t>();
  } else {
    return error_at(path, "expected an integer");
  }
  if (i < lo || i > hi) return error_at(path, "integer out of range");
  return i;
}

Result<bool> bool_from_json(const json& j, const std::string& path) {
  if (!j.is_boolean()) return error_at(path, "expected true or false");
  return j.get<bool>();
}

Result<std::string> code_points_to_utf8(const json& j, const std::string& path) {
  if (!j.is_array()) return error_at(path, "expected an array of code points");
  std::string out;
  for (std::size_t k = 0; k < j.size(); ++k) {
    auto cp = int_from_json(j[k], path + "/" + std::to_string(k), 0, 0x10ffff);
    if (!cp) return cp.error();
    append_utf8(out, static_cast<char32_t>(*cp));
  }
  return out;
}

Result<Value> decode(const json& j, const std::string& path, int depth);

Result<std::vector<Value>> items_from_json(const json& j, const std::string& path, int depth) {
  if (!j.is_array()) return error_at(path, "expected an array of values");
  std::vector<Value> items;
  items.reserve(j.size());
  for (std::size_t k = 0; k < j.size(); ++k) {
    auto item = decode(j[k], path + "/" + std::to_string(k), depth + 1);
    if (!item) return item.error();
    items.push_back(std::move(*item));
  }
  return items;
}

Result<Value> dict_from_json(const json& j, const std::string& path, int depth) {
  if (!j.is_array()) return error_at(path, "expected an array of [key, value] pairs");
  DictValue dict;
  dict.items.reserve(j.size());
  for (std::size_t k = 0; k < j.size(); ++k) {
    const std::string at = path + "/" + std::to_string(k);
    if (!j[k].is_array() || j[k].size() != 2) return error_at(at, "expected a [key, value] pair");
    auto key = decode(j[k][0], at + "/0", depth + 1);
    if (!key) return key.error();
    auto val = decode(j[k][1], at + "/1", depth + 1);
    if (!val) return val.error();
    dict.items.emplace_back(std::move(*key), std::move(*val));
  }
  return Value(std::move(dict));
}

template <class T>
void store(std::vector<unsigned char>& out, T x) {
  const auto* p = reinterpret_cast<const unsigned char*>(&x);
  out.insert(out.end(), p, p + sizeof x);
}

// A float32 element: a number exactly a float32, or a NaN keeping its float32 bits.
Result<float> float32_from_json(const json& j, const std::string& path) {
  unsigned bits = 0;
  int consumed = 0;
  if (j.is_string() && j.get_ref<const std::string&>().size() == 15 &&
      std::sscanf(j.get_ref<const std::string&>().c_str(), "nan(0x%8x)%n", &bits, &consumed) == 1 &&
      consumed == 15 && std::isnan(std::bit_cast<float>(static_cast<std::uint32_t>(bits)))) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
  }
  auto d = float_from_json(j, path);
  if (!d) return d.error();
  auto f = static_cast<float>(*d);
  if (!std::isnan(*d) && static_cast<double>(f) != *d) return error_at(path, "not exactly a float32");
  return f;
}

// A signed or unsigned integer element narrower than 64 bits, or int64: range-checked.
template <class T>
Result<bool> integer_element(const json& j, const std::string& path, std::vector<unsigned char>& out) {
  auto i = int_from_json(j, path, static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                         static_cast<std::int64_t>(std::numeric_limits<T>::max()));
  if (!i) return i.error();
  store(out, static_cast<T>(*i));
  return true;
}

// Appends one ndarray element of `dtype` decoded from j.
Result<bool> element_from_json(const json& j, Dtype dtype, const std::string& path, std::vector<unsigned char>& out) {
  switch (dtype) {
    case Dtype::Bool: {
      auto b = bool_from_json(j, path);
      if (!b) return b.error();
      out.push_back(*b ? 1 : 0);
      return true;
    }
    case Dtype::Int8: return integer_element<std::int8_t>(j, path, out);
    case Dtype::Int16: return integer_element<std::int16_t>(j, path, out);
    case Dtype::Int32: return integer_element<std::int32_t>(j, path, out);
    case Dtype::Int64: return integer_element<std::int64_t>(j, path, out);
    case Dtype::UInt8: return integer_element<std::uint8_t>(j, path, out);
    case Dtype::UInt16: return integer_element<std::uint16_t>(j, path, out);
    case Dtype::UInt32: return integer_element<std::uint32_t>(j, path, out);
    case Dtype::UInt64: {
      if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
        return error_at(path, j.is_number_integer() ? "integer out of range" : "expected an integer");
      }
      store(out, j.get<std::uint64_t>());
      return true;
    }
    case Dtype::Float32: {
      auto f = float32_from_json(j, path);
      if (!f) return f.error();
      store(out, *f);
      return true;
    }
    case Dtype::Complex64: {
      if (!j.is_array() || j.size() != 2) return error_at(path, "expected [real, imag]");
      auto re = float32_from_json(j[0], path + "/0");
      if (!re) return re.error();
      auto im = float32_from_json(j[1], path + "/1");
      if (!im) return im.error();
      store(out, *re);
      store(out, *im);
      return true;
    }
    case Dtype::Float64: {
      auto d = float_from_json(j, path);
      if (!d) return d.error();
      store(out, *d);
      return true;
    }
    case Dtype::Complex128: {
      auto z = complex_from_json(j, path);
      if (!z) return z.error();
      store(out, z->real());
      store(out, z->imag());
      return true;
    }
  }
  return error_at(path, "unknown dtype");
}

Result<Value> ndarray_from_json(const json& j, const std::string& path) {
  if (!j.is_object() || j.size() != 3 || !j.contains("dtype") || !j.contains("shape") || !j.contains("data")) {
    return error_at(path, "expected {\"dtype\", \"shape\", \"data\"}");
  }
  NDArrayValue a;
  const json& dt = j["dtype"];
  auto dtype = dt.is_string() ? dtype_from_name(dt.get_ref<const std::string&>()) : std::nullopt;
  if (!dtype) return error_at(path + "/dtype", "unknown dtype " + dt.dump());
  a.dtype = *dtype;
  const json& shape = j["shape"];
  if (!shape.is_array() || shape.size() > 32) return error_at(path + "/shape", "expected at most 32 dimensions");
  for (std::size_t k = 0; k < shape.size(); ++k) {
    auto d = int_from_json(shape[k], path + "/shape/" + std::to_string(k), 0, std::numeric_limits<std::int64_t>::max());
    if (!d) return d.error();
    a.shape.push_back(*d);
  }
  std::size_t expected = 1;
  for (std::int64_t d : a.shape) {
    // Saturating product: a huge shape can never match the data anyway.
    expected = (d != 0 && expected > std::numeric_limits<std::size_t>::max() / static_cast<std::size_t>(d))
                   ? std::numeric_limits<std::size_t>::max()
                   : expected * static_cast<std::size_t>(d);
  }
  const json& data = j["data"];
  if (!data.is_array()) return error_at(path + "/data", "expected an array");
  if (data.size() != expected) {
    return error_at(path + "/data", "holds " + std::to_string(data.size()) + " elements; shape needs " +
                                        (expected == std::numeric_limits<std::size_t>::max() ? std::string("more")
                                                                                           : std::to_string(expected)));
  }
  a.data.reserve(data.size() * dtype_size(a.dtype));
  for (std::size_t k = 0; k < data.size(); ++k) {
    auto ok = element_from_json(data[k], a.dtype, path + "/data/" + std::to_string(k), a.data);
    if (!ok) return ok.error();
  }
  return Value(std::move(a));
}

Result<Value> np_scalar_from_json(Dtype dtype, const json& j, const std::string& path) {
  std::vector<unsigned char> bytes;
  auto ok = element_from_json(j, dtype, path, bytes);
  if (!ok) return ok.error();
  NpScalarValue s;
  s.dtype = dtype;
  switch (dtype) {
    case Dtype::Bool: s.i = bytes[0]; break;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: s.i = load_integer(dtype, bytes.data()); break;
    case Dtype::Float32: s.c = load<float>(bytes.data()); break;
    case Dtype::Complex64: s.c = {load<float>(bytes.data()), load<float>(bytes.data() + 4)}; break;
    case Dtype::Float64: s.c = load<double>(bytes.data()); break;
    case Dtype::Complex128: s.c = {load<double>(bytes.data()), load<double>(bytes.data() + 8)}; break;
  }
  return Value(s);
}

constexpr int kMaxDepth = 200;

Result<Value> decode(const json& j, const std::string& path, int depth) {
  if (depth > kMaxDepth) return error_at(path, "nested deeper than " + std::to_string(kMaxDepth));
  if (!j.is_object() || j.size() != 1) return error_at(path, "expected a one-key object {\"<type>\": ...}");
  const std::string& tag = j.begin().key();
  const json& body = j.begin().value();
  const std::string at = path + "/" + tag;
  if (tag == "none") {
    if (!body.is_null()) return error_at(at, "expected null");
    return Value(NoneValue{});
  }
  if (tag == "bool") {
    auto b = bool_from_json(body, at);
    if (!b) return b.error();
    return Value(*b);
  }
  if (tag == "int") {
    auto i = int_from_json(body, at, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    if (!i) return i.error();
    return Value(*i);
  }
  if (tag == "float") {
    auto d = float_from_json(body, at);
    if (!d) return d.error();
    return Value(*d);
  }
  if (tag == "complex") {
    auto z = complex_from_json(body, at);
    if (!z) return z.error();
    return Value(*z);
  }
  if (tag == "str") {
    if (!body.is_string()) return error_at(at, "expected a string");
    return Value(StrValue{body.get<std::string>()});
  }
  if (tag == "str_code_points") {
    auto s = code_points_to_utf8(body, at);
    if (!s) return s.error();
    return Value(StrValue{std::move(*s)});
  }
  if (tag == "list" || tag == "tuple") {
    auto items = items_from_json(body, at, depth);
    if (!items) return items.error();
    if (tag == "list") return Value(ListValue{std::move(*items)});
    return Value(TupleValue{std::move(*items)});
  }
  if (tag == "dict") return dict_from_json(body, at, depth);
  if (tag == "ndarray") return ndarray_from_json(body, at);
  if (tag == "bool_") return np_scalar_from_json(Dtype::Bool, body, at);
  if (auto dtype = dtype_from_name(tag); dtype && *dtype != Dtype::Bool) return np_scalar_from_json(*dtype, body, at);
  return error_at(path, "unknown type tag \"" + tag + "\"");
}

}  // namespace

json to_json(const Value& value) { return std::visit(JsonVisitor{}, value.v); }

Result<Value> value_from_json(const json& json) { return decode(json, "", 0); }

}  // namespace opsynth

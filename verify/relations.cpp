// Relations between arguments (see relations.hpp).
#include "verify/relations.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace opsynth::verify {

namespace {

using I64 = std::numeric_limits<std::int64_t>;

bool takes_part(const Type& t) {
  return t.kind == TypeKind::Str || t.kind == TypeKind::List || (t.kind == TypeKind::NDArray && t.ndim == 1);
}

bool has_length(const Type& t) {
  return t.kind == TypeKind::Str || t.kind == TypeKind::List || t.kind == TypeKind::Dict ||
         (t.kind == TypeKind::NDArray && t.ndim >= 1);
}

bool is_number(const Type& t) {
  return t.kind == TypeKind::Int || t.kind == TypeKind::Float || t.kind == TypeKind::Complex ||
         t.kind == TypeKind::NpScalar;
}

// Near works within a numeric type and between Python's int and float (equal values of two types).
bool near_pair(const Type& a, const Type& b) {
  if (a == b) return is_number(a);
  auto int_or_float = [](const Type& t) { return t.kind == TypeKind::Int || t.kind == TypeKind::Float; };
  return int_or_float(a) && int_or_float(b);
}

// The type of what Element takes from a value of type `t`, if any.
std::optional<Type> element_type(const Type& t) {
  if (t.kind == TypeKind::List) return t.args.at(0);
  if (t.kind == TypeKind::Dict) return t.args.at(0);
  if (t.kind == TypeKind::NDArray && t.ndim == 1) return Type::np_scalar(t.dtype);
  return std::nullopt;
}

// An array element as a Python or numpy scalar of the parameter's type (np.float64 elements may also feed
// a float parameter, int64 elements an int one).
std::optional<Value> array_element(const NDArrayValue& a, std::size_t k, const Type& want) {
  const std::size_t size = dtype_size(a.dtype);
  const unsigned char* p = a.data.data() + k * size;
  NpScalarValue s;
  s.dtype = a.dtype;
  switch (a.dtype) {
    case Dtype::Float32: { float x; std::memcpy(&x, p, 4); s.c = x; break; }
    case Dtype::Float64: { double x; std::memcpy(&x, p, 8); s.c = x; break; }
    case Dtype::Complex128: std::memcpy(&s.c, p, 16); break;
    case Dtype::Complex64: { float x[2]; std::memcpy(x, p, 8); s.c = {x[0], x[1]}; break; }
    default: s.i = load_integer(a.dtype, p); break;  // bool and the integer dtypes
  }
  if (want.kind == TypeKind::NpScalar && want.dtype == a.dtype) return Value(s);
  if (want.kind == TypeKind::Float && a.dtype == Dtype::Float64) return Value(s.c.real());
  if (want.kind == TypeKind::Int && a.dtype == Dtype::Int64) return Value(s.i);
  return std::nullopt;
}

bool in_int_domain(std::int64_t x, const Domain& d) {
  return x >= d.int_min.value_or(I64::min()) && x <= d.int_max.value_or(I64::max());
}

bool in_float_domain(double x, const Domain& d) {
  if (std::isnan(x)) return d.allow_nan;
  if (std::isinf(x) && !d.allow_inf) return false;
  return x >= d.float_min.value_or(-INFINITY) && x <= d.float_max.value_or(INFINITY);
}

double ulps_away(double x, int n) {
  for (int i = 0; i < std::abs(n); ++i) x = std::nextafter(x, n > 0 ? INFINITY : -INFINITY);
  return x;
}

// A double derived from x: the telling distances for comparisons and closeness tests.
double near_double(double x, std::uint64_t pick) {
  switch (pick % 11) {
    case 0: return ulps_away(x, 1);
    case 1: return ulps_away(x, -1);
    case 2: return ulps_away(x, 4);
    case 3: return x * (1 + 1e-9);
    case 4: return x * (1 - 1e-12);
    case 5: return x + 1e-9;
    case 6: return -x;
    case 7: return x * 2;
    case 8: return x - x * 1e-9;  // on the edge of math.isclose's default relative tolerance
    case 9: return x - x * 1e-9 * (1 + 1e-15);
    default: return x;
  }
}

std::int64_t near_int(std::int64_t x, std::uint64_t pick) {
  const std::int64_t deltas[] = {1, -1, 2, -2, 0};
  const std::int64_t d = deltas[pick % 5];
  if ((d > 0 && x > I64::max() - d) || (d < 0 && x < I64::min() - d)) return x;
  return x + d;
}

// The numeric value of a Python int or float argument, for Near across the two types.
std::optional<Value> near_value(const Value& from, const Type& to, std::uint64_t pick) {
  if (from.is<std::int64_t>() && to.kind == TypeKind::Int) return Value(near_int(from.as<std::int64_t>(), pick));
  if (from.is<std::int64_t>() && to.kind == TypeKind::Float) {
    // The double nearest the int, or a neighbour: 2**53 + 1 against 2**53 is where comparisons go wrong.
    const double x = static_cast<double>(from.as<std::int64_t>());
    return Value(pick % 2 ? x : near_double(x, pick / 2));
  }
  if (from.is<double>() && to.kind == TypeKind::Int) {
    const double x = std::trunc(from.as<double>());
    if (!(std::fabs(x) < 9.2e18)) return std::nullopt;
    return Value(near_int(static_cast<std::int64_t>(x), pick));
  }
  if (from.is<double>() && to.kind == TypeKind::Float) return Value(near_double(from.as<double>(), pick));
  if (from.is<std::complex<double>>()) {
    const auto c = from.as<std::complex<double>>();
    return Value(std::complex<double>(near_double(c.real(), pick), c.imag()));
  }
  if (from.is<NpScalarValue>()) {
    NpScalarValue s = from.as<NpScalarValue>();
    if (s.dtype == Dtype::Bool) return std::nullopt;
    if (s.dtype == Dtype::UInt64) return std::nullopt;  // its bits are not an int64 to step from
    if (dtype_is_integer(s.dtype)) {
      s.i = near_int(s.i, pick);
      if (!integer_fits(s.dtype, s.i)) return std::nullopt;
    } else if (s.dtype == Dtype::Float32) {
      const float f = static_cast<float>(s.c.real());
      s.c = pick % 3 == 0 ? std::nextafter(f, INFINITY) : pick % 3 == 1 ? std::nextafter(f, -INFINITY) : -f;
    } else {
      s.c = std::complex<double>(near_double(s.c.real(), pick), s.c.imag());
    }
    return Value(s);
  }
  return std::nullopt;
}

// [first, last) of a length-n sequence: prefix, suffix, middle, one element, empty or all of it.
std::pair<std::size_t, std::size_t> part_bounds(std::size_t n, std::uint64_t pick) {
  const std::size_t k = n == 0 ? 0 : static_cast<std::size_t>((pick / 7) % (n + 1));
  switch (pick % 7) {
    case 0: return {0, k};                              // prefix
    case 1: return {n - k, n};                          // suffix
    case 2: return {k / 2, std::max(k / 2, k)};         // middle
    case 3: return {k == n ? 0 : k, k == n ? std::min<std::size_t>(1, n) : k + 1};  // one element
    case 4: return {0, 0};                              // empty
    case 5: return {n == 0 ? 0 : n - 1, n};             // the last element
    default: return {0, n};                             // all of it
  }
}

std::optional<Value> part_of(const Value& from, std::uint64_t pick) {
  if (from.is<StrValue>()) {
    const std::string& s = from.as<StrValue>().utf8;
    std::vector<std::size_t> starts;  // byte offset of each code point
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) starts.push_back(i);
    const auto [a, b] = part_bounds(starts.size(), pick);
    const std::size_t from_byte = a < starts.size() ? starts[a] : s.size();
    const std::size_t to_byte = b < starts.size() ? starts[b] : s.size();
    return Value(StrValue{s.substr(from_byte, to_byte - from_byte)});
  }
  if (from.is<ListValue>()) {
    const auto& items = from.as<ListValue>().items;
    const auto [a, b] = part_bounds(items.size(), pick);
    return Value(ListValue{std::vector<Value>(items.begin() + a, items.begin() + b)});
  }
  if (from.is<NDArrayValue>()) {
    NDArrayValue a = from.as<NDArrayValue>();
    const auto n = static_cast<std::size_t>(a.shape.at(0));
    const auto [first, last] = part_bounds(n, pick);
    const std::size_t size = dtype_size(a.dtype);
    a.data = std::vector<unsigned char>(a.data.begin() + first * size, a.data.begin() + last * size);
    a.shape = {static_cast<std::int64_t>(last - first)};
    return Value(std::move(a));
  }
  return std::nullopt;
}

std::optional<Value> element_of(const Value& from, const Type& to, std::uint64_t pick) {
  if (from.is<ListValue>()) {
    const auto& items = from.as<ListValue>().items;
    if (items.empty()) return std::nullopt;
    return items[pick % items.size()];
  }
  if (from.is<DictValue>()) {
    const auto& items = from.as<DictValue>().items;
    if (items.empty()) return std::nullopt;
    return items[pick % items.size()].first;
  }
  if (from.is<NDArrayValue>()) {
    const auto& a = from.as<NDArrayValue>();
    if (a.shape.empty() || a.shape[0] == 0) return std::nullopt;
    return array_element(a, pick % static_cast<std::size_t>(a.shape[0]), to);
  }
  return std::nullopt;
}

std::int64_t length_of(const Value& v) {
  if (v.is<StrValue>()) {
    const auto& s = v.as<StrValue>().utf8;
    return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
  }
  if (v.is<ListValue>()) return static_cast<std::int64_t>(v.as<ListValue>().items.size());
  if (v.is<DictValue>()) return static_cast<std::int64_t>(v.as<DictValue>().items.size());
  if (v.is<NDArrayValue>() && !v.as<NDArrayValue>().shape.empty()) return v.as<NDArrayValue>().shape[0];
  return 0;
}

bool fits(const Value& v, const Type& t, const Domain& d) {
  if (!conforms(v, t)) return false;
  if (v.is<std::int64_t>()) return in_int_domain(v.as<std::int64_t>(), d);
  if (v.is<double>()) return in_float_domain(v.as<double>(), d);
  if (v.is<std::complex<double>>()) {
    const auto c = v.as<std::complex<double>>();
    return in_float_domain(c.real(), d) && in_float_domain(c.imag(), d);
  }
  if (v.is<NpScalarValue>()) {
    const auto& s = v.as<NpScalarValue>();
    if (s.dtype == Dtype::UInt64) return s.i >= 0 && in_int_domain(s.i, d);
    if (dtype_is_integer(s.dtype)) return in_int_domain(s.i, d);
    if (s.dtype != Dtype::Bool) return in_float_domain(s.c.real(), d) && in_float_domain(s.c.imag(), d);
  }
  return true;
}

}  // namespace

std::string_view relation_name(RelationKind kind) {
  switch (kind) {
    case RelationKind::Equal: return "equal";
    case RelationKind::Near: return "near";
    case RelationKind::Part: return "part";
    case RelationKind::Element: return "element";
    case RelationKind::Index: return "index";
  }
  return "?";
}

std::vector<Relation> relations_of(const Signature& sig) {
  std::vector<Relation> out;
  const auto& p = sig.params;
  auto free = [](const Type& t) { return t.kind != TypeKind::Literal && t.kind != TypeKind::None; };
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (i == j || !free(p[i]) || !free(p[j])) continue;
      if (i < j && p[i] == p[j]) out.push_back({RelationKind::Equal, i, j});
      if (i < j && near_pair(p[i], p[j])) out.push_back({RelationKind::Near, i, j});
      if (p[i] == p[j] && takes_part(p[i])) out.push_back({RelationKind::Part, i, j});
      if (auto e = element_type(p[i]);
          e && (*e == p[j] || (p[i].kind == TypeKind::NDArray &&
                               ((p[j].kind == TypeKind::Float && p[i].dtype == Dtype::Float64) ||
                                (p[j].kind == TypeKind::Int && p[i].dtype == Dtype::Int64)))))
        out.push_back({RelationKind::Element, i, j});
      if (has_length(p[i]) && p[j].kind == TypeKind::Int) out.push_back({RelationKind::Index, i, j});
    }
  }
  return out;
}

void apply_relation(const Relation& r, std::uint64_t pick, const Signature& sig, const Domain& d,
                    std::vector<Value>& args) {
  const Value& from = args.at(r.from);
  const Type& to = sig.params.at(r.to);
  std::optional<Value> made;
  switch (r.kind) {
    case RelationKind::Equal: made = from; break;
    case RelationKind::Near: made = near_value(from, to, pick); break;
    case RelationKind::Part: made = part_of(from, pick); break;
    case RelationKind::Element: made = element_of(from, to, pick); break;
    case RelationKind::Index: {
      const std::int64_t n = length_of(from);
      const std::int64_t choices[] = {n, n - 1, n + 1, -n, -n - 1, n / 2, -1, 0};
      made = Value(choices[pick % 8]);
      break;
    }
  }
  if (made && fits(*made, to, d)) args[r.to] = std::move(*made);
}

}  // namespace opsynth::verify

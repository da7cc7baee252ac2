// The type language of DESIGN §1: a recursive-descent parser with columned errors, the canonical
// printer, and the C++ spellings (types, parameters, namespaces, declarations) a candidate implements.
//
// Canonical form: no spaces inside brackets ("dict[str,int]", "ndarray[float64,2]"); a signature puts
// ", " between parameters and " -> " before the result ("int, float -> str", "-> None").
// The empty tuple is spelled `tuple[()]` as in Python's typing module (`tuple[]` is not accepted).
// Literal values print as Python's repr prints them: True, -3, 0.001, 1e-05, inf, nan, 'fro'.
// A union puts " | " between its alternatives, sorted by their spelling ("float | float64").
#include "types.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <system_error>

namespace opsynth {

// ---------------------------------------------------------------------------------------------
// Dtypes

namespace {

struct DtypeInfo {
  Dtype dtype;
  std::string_view name;        // ndarray element spelling
  std::string_view scalar;      // numpy scalar spelling (bool_ for bool: `bool` is Python's bool)
  std::string_view cpp;         // element type in C++
  std::string_view cpp_scalar;  // numpy scalar type in the runtime
  std::size_t size;
};

// In the order of the Dtype enum (its values are the C ABI's opsynth_dtype codes: new dtypes go last).
constexpr std::array<DtypeInfo, kDtypeCount> kDtypes{{
    {Dtype::Bool, "bool", "bool_", "bool", "rt::bool_", 1},
    {Dtype::Int32, "int32", "int32", "int32_t", "rt::int32", 4},
    {Dtype::Int64, "int64", "int64", "int64_t", "rt::int64", 8},
    {Dtype::Float32, "float32", "float32", "float", "rt::float32", 4},
    {Dtype::Float64, "float64", "float64", "double", "rt::float64", 8},
    {Dtype::Complex128, "complex128", "complex128", "std::complex<double>", "rt::complex128", 16},
    {Dtype::UInt8, "uint8", "uint8", "uint8_t", "rt::uint8", 1},
    {Dtype::Int8, "int8", "int8", "int8_t", "rt::int8", 1},
    {Dtype::Int16, "int16", "int16", "int16_t", "rt::int16", 2},
    {Dtype::UInt16, "uint16", "uint16", "uint16_t", "rt::uint16", 2},
    {Dtype::UInt32, "uint32", "uint32", "uint32_t", "rt::uint32", 4},
    {Dtype::UInt64, "uint64", "uint64", "uint64_t", "rt::uint64", 8},
    {Dtype::Complex64, "complex64", "complex64", "std::complex<float>", "rt::complex64", 8},
}};

const DtypeInfo& info(Dtype d) { return kDtypes[static_cast<std::size_t>(d)]; }

std::optional<Dtype> dtype_from_scalar_name(std::string_view name) {
  for (const auto& d : kDtypes) {
    if (d.scalar == name) return d.dtype;
  }
  return std::nullopt;
}

constexpr int kMaxNdim = 32;  // numpy's NPY_MAXDIMS

}  // namespace

std::string_view dtype_name(Dtype d) { return info(d).name; }
std::size_t dtype_size(Dtype d) { return info(d).size; }
std::string_view dtype_cpp(Dtype d) { return info(d).cpp; }

DtypeKind dtype_kind(Dtype d) {
  switch (d) {
    case Dtype::Bool: return DtypeKind::Bool;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64: return DtypeKind::SignedInt;
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: return DtypeKind::UnsignedInt;
    case Dtype::Float32:
    case Dtype::Float64: return DtypeKind::Float;
    case Dtype::Complex64:
    case Dtype::Complex128: return DtypeKind::Complex;
  }
  return DtypeKind::Float;
}

bool dtype_is_integer(Dtype d) {
  const DtypeKind k = dtype_kind(d);
  return k == DtypeKind::SignedInt || k == DtypeKind::UnsignedInt;
}

const std::vector<Dtype>& all_dtypes() {
  static const std::vector<Dtype> all = [] {
    std::vector<Dtype> v;
    for (const auto& d : kDtypes) v.push_back(d.dtype);
    return v;
  }();
  return all;
}

std::string dtype_names_text() {
  std::string out;
  for (const auto& d : kDtypes) out += (out.empty() ? "" : ", ") + std::string(d.name);
  return out;
}

std::optional<Dtype> dtype_from_name(std::string_view name) {
  for (const auto& d : kDtypes) {
    if (d.name == name) return d.dtype;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Construction and equality

bool LiteralValue::operator==(const LiteralValue& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::Bool: return b == o.b;
    case Kind::Int: return i == o.i;
    case Kind::Str: return s == o.s;
    case Kind::Float:
      // Literal[nan] is one type; Literal[-0.0] and Literal[0.0] are two (distinct C++ tags).
      if (std::isnan(f) || std::isnan(o.f)) return std::isnan(f) && std::isnan(o.f);
      return std::signbit(f) == std::signbit(o.f) && f == o.f;
  }
  return false;
}

bool Type::operator==(const Type& o) const {
  if (kind != o.kind || args != o.args) return false;
  switch (kind) {
    case TypeKind::NDArray: return dtype == o.dtype && ndim == o.ndim;
    case TypeKind::NpScalar: return dtype == o.dtype;
    case TypeKind::Literal: return literal == o.literal;
    default: return true;
  }
}

Type Type::list(Type elem) {
  Type t = scalar(TypeKind::List);
  t.args.push_back(std::move(elem));
  return t;
}

Type Type::dict(Type key, Type value) {
  Type t = scalar(TypeKind::Dict);
  t.args.push_back(std::move(key));
  t.args.push_back(std::move(value));
  return t;
}

Type Type::tuple(std::vector<Type> elems) {
  Type t = scalar(TypeKind::Tuple);
  t.args = std::move(elems);
  return t;
}

Type Type::ndarray(Dtype dt, int ndim) {
  Type t = scalar(TypeKind::NDArray);
  t.dtype = dt;
  t.ndim = ndim;
  return t;
}

Type Type::np_scalar(Dtype dt) {
  Type t = scalar(TypeKind::NpScalar);
  t.dtype = dt;
  return t;
}

Type Type::literal_of(LiteralValue v) {
  Type t = scalar(TypeKind::Literal);
  t.literal = std::move(v);
  return t;
}

Type Type::union_of(std::vector<Type> alternatives) {
  std::vector<Type> flat;
  for (auto& a : alternatives) {
    if (a.kind == TypeKind::Union) {
      for (auto& inner : a.args) flat.push_back(std::move(inner));
    } else {
      flat.push_back(std::move(a));
    }
  }
  std::sort(flat.begin(), flat.end(), [](const Type& x, const Type& y) { return to_string(x) < to_string(y); });
  flat.erase(std::unique(flat.begin(), flat.end()), flat.end());
  if (flat.size() == 1) return std::move(flat.front());
  Type t = scalar(TypeKind::Union);
  t.args = std::move(flat);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Parsing

namespace {

bool is_ident_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Python's hash() refuses list, dict and ndarray, and tuples holding them.
bool is_hashable(const Type& t) {
  switch (t.kind) {
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::NDArray: return false;
    case TypeKind::Tuple:
    case TypeKind::Union:
      for (const auto& a : t.args) {
        if (!is_hashable(a)) return false;
      }
      return true;
    default: return true;
  }
}

// Recursive descent over the text. The first failure wins; every parse_* returns false after it.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<Type> whole_type() {
    Type t;
    if (!type(t) || !at_end("unexpected text after the type")) return *error_;
    return t;
  }

  Result<Signature> whole_signature() {
    Signature sig;
    if (peek() == '\0') return Error{"expected a type or '->'", std::string(text_), column_of(pos_)};
    if (!looking_at("->")) {
      do {
        sig.params.emplace_back();
        if (!type(sig.params.back())) return *error_;
      } while (accept(','));
    }
    if (!expect_arrow() || !type(sig.result) || !at_end("unexpected text after the result type")) {
      return *error_;
    }
    return sig;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::optional<Error> error_;

  // Columns count code points, so a non-ASCII string literal does not shift them.
  std::size_t column_of(std::size_t byte_offset) const {
    std::size_t col = 1;
    for (std::size_t i = 0; i < byte_offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xc0) != 0x80) ++col;
    }
    return col;
  }

  bool fail_at(std::size_t byte_offset, std::string message) {
    if (!error_) error_ = Error{std::move(message), std::string(text_), column_of(byte_offset)};
    return false;
  }
  bool fail(std::string message) { return fail_at(pos_, std::move(message)); }

  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  char peek() {
    skip_spaces();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool looking_at(std::string_view s) {
    skip_spaces();
    return text_.substr(pos_, s.size()) == s;
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool expect(char c, std::string_view what) { return accept(c) || fail("expected " + std::string(what)); }
  bool expect_arrow() {
    if (!looking_at("->")) return fail("expected ',' or '->'");
    pos_ += 2;
    return true;
  }
  bool at_end(std::string_view message) { return peek() == '\0' || fail(std::string(message)); }

  std::string_view identifier() {
    skip_spaces();
    std::size_t start = pos_;
    if (pos_ < text_.size() && is_ident_start(text_[pos_])) {
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  // `A | B | ...` (Python's spelling of a union), at the top level and inside brackets alike.
  bool type(Type& out) {
    if (!single_type(out)) return false;
    if (peek() != '|') return true;
    std::vector<Type> alternatives{std::move(out)};
    while (accept('|')) {
      alternatives.emplace_back();
      if (!single_type(alternatives.back())) return false;
    }
    out = Type::union_of(std::move(alternatives));
    return true;
  }

  bool single_type(Type& out) {
    skip_spaces();
    std::size_t start = pos_;
    std::string_view name = identifier();
    if (name.empty()) return fail("expected a type");
    if (auto plain = plain_kind(name)) {
      out = Type::scalar(*plain);
    } else if (auto dt = dtype_from_scalar_name(name)) {
      out = Type::np_scalar(*dt);
    } else if (name == "list") {
      return list_args(out);
    } else if (name == "dict") {
      return dict_args(out);
    } else if (name == "tuple") {
      return tuple_args(out);
    } else if (name == "ndarray") {
      return ndarray_args(out);
    } else if (name == "Literal") {
      return literal_args(out);
    } else {
      return fail_at(start, "unknown type name '" + std::string(name) +
                                "' (expected bool, int, float, complex, str, None, list, dict, tuple, "
                                "ndarray, Literal or a numpy scalar such as float64)");
    }
    if (peek() == '[') return fail("'" + std::string(name) + "' takes no parameters");
    return true;
  }

  static std::optional<TypeKind> plain_kind(std::string_view name) {
    if (name == "bool") return TypeKind::Bool;
    if (name == "int") return TypeKind::Int;
    if (name == "float") return TypeKind::Float;
    if (name == "complex") return TypeKind::Complex;
    if (name == "str") return TypeKind::Str;
    if (name == "None") return TypeKind::None;
    return std::nullopt;
  }

  bool list_args(Type& out) {
    Type elem;
    if (!expect('[', "'[' after 'list'") || !type(elem) || !expect(']', "']'")) return false;
    out = Type::list(std::move(elem));
    return true;
  }

  bool dict_args(Type& out) {
    Type key, value;
    if (!expect('[', "'[' after 'dict'")) return false;
    std::size_t key_start = (skip_spaces(), pos_);
    if (!type(key)) return false;
    if (!is_hashable(key)) return fail_at(key_start, "dict key type '" + to_string(key) + "' is unhashable");
    if (!expect(',', "',' and a value type") || !type(value) || !expect(']', "']'")) return false;
    out = Type::dict(std::move(key), std::move(value));
    return true;
  }

  bool tuple_args(Type& out) {
    if (!expect('[', "'[' after 'tuple'")) return false;
    out = Type::tuple({});
    if (accept('(')) {  // tuple[()]: the empty tuple
      return expect(')', "')' in 'tuple[()]'") && expect(']', "']'");
    }
    if (peek() == ']') return fail("expected a type ('tuple[()]' is the empty tuple)");
    do {
      out.args.emplace_back();
      if (!type(out.args.back())) return false;
    } while (accept(','));
    return expect(']', "',' or ']'");
  }

  bool ndarray_args(Type& out) {
    if (!expect('[', "'[' after 'ndarray'")) return false;
    std::size_t dtype_start = (skip_spaces(), pos_);
    auto dt = dtype_from_name(identifier());
    if (!dt)
      return fail_at(dtype_start, "expected a dtype (" + dtype_names_text() + ")");
    if (!expect(',', "',' and a rank")) return false;
    std::size_t rank_start = (skip_spaces(), pos_);
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ == rank_start) return fail("expected an integer rank");
    std::string_view digits = text_.substr(rank_start, pos_ - rank_start);
    if (digits.size() > 2 || std::stoi(std::string(digits)) > kMaxNdim) {
      return fail_at(rank_start, "rank " + std::string(digits) + " is out of range (0.." +
                                     std::to_string(kMaxNdim) + ")");
    }
    if (!expect(']', "']'")) return false;
    out = Type::ndarray(*dt, std::stoi(std::string(digits)));
    return true;
  }

  bool literal_args(Type& out) {
    LiteralValue v;
    if (!expect('[', "'[' after 'Literal'") || !literal(v) || !expect(']', "']'")) return false;
    out = Type::literal_of(std::move(v));
    return true;
  }

  bool literal(LiteralValue& v) {
    char c = peek();
    if (c == '\'' || c == '"') return string_literal(v);
    if (c == '-' || c == '.' || is_digit(c)) return number_literal(v);
    std::size_t start = pos_;
    std::string_view word = identifier();
    if (word == "True" || word == "False") {
      v.kind = LiteralValue::Kind::Bool;
      v.b = word == "True";
      return true;
    }
    if (word == "inf" || word == "nan") {
      v.kind = LiteralValue::Kind::Float;
      v.f =
          word == "inf" ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    return fail_at(start, "expected a literal: True, False, an int, a float (inf, nan) or a quoted str");
  }

  bool number_literal(LiteralValue& v) {
    std::size_t start = pos_;
    bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    if (text_.substr(pos_, 3) == "inf" && (pos_ + 3 == text_.size() || !is_ident_char(text_[pos_ + 3]))) {
      pos_ += 3;
      v.kind = LiteralValue::Kind::Float;
      v.f = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      return true;
    }
    bool is_float = false;
    std::size_t digits_start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ == digits_start || text_.substr(digits_start, pos_ - digits_start) == ".") {
      return fail_at(digits_start, "expected a number");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      std::size_t exp_start = pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      if (pos_ == exp_start) return fail("expected exponent digits");
    }
    std::string_view number = text_.substr(start, pos_ - start);
    if (is_float) {
      v.kind = LiteralValue::Kind::Float;
      // strtod-style parse of the whole token; out-of-range values become ±inf or 0 as in Python.
      v.f = std::strtod(std::string(number).c_str(), nullptr);
      return true;
    }
    v.kind = LiteralValue::Kind::Int;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), v.i);
    if (ec == std::errc::result_out_of_range) return fail_at(start, "integer literal out of range for int64");
    return end == number.data() + number.size() || fail_at(start, "expected an integer");
  }

  bool string_literal(LiteralValue& v) {
    std::size_t open = pos_;
    char quote = text_[pos_++];
    v.kind = LiteralValue::Kind::Str;
    v.s.clear();
    while (true) {
      if (pos_ >= text_.size()) return fail_at(open, "unterminated string");
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (c != '\\') {
        v.s += c;
        ++pos_;
        continue;
      }
      if (!escape(v.s)) return false;
    }
  }

  // One backslash escape as Python spells it; pos_ is at the backslash.
  bool escape(std::string& out) {
    std::size_t at = pos_++;
    if (pos_ >= text_.size()) return fail_at(at, "unterminated string");
    char e = text_[pos_++];
    switch (e) {
      case '\\': out += '\\'; return true;
      case '\'': out += '\''; return true;
      case '"': out += '"'; return true;
      case 'n': out += '\n'; return true;
      case 't': out += '\t'; return true;
      case 'r': out += '\r'; return true;
      case '0': out += '\0'; return true;
      case 'a': out += '\a'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'v': out += '\v'; return true;
      case 'x': return hex_escape(at, 2, out);
      case 'u': return hex_escape(at, 4, out);
      case 'U': return hex_escape(at, 8, out);
      default: return fail_at(at, std::string("unknown escape '\\") + e + "'");
    }
  }

  bool hex_escape(std::size_t at, int digits, std::string& out) {
    std::string_view hex = text_.substr(pos_, digits);
    std::uint32_t code = 0;
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
    if (hex.size() != static_cast<std::size_t>(digits) || ec != std::errc() ||
        end != hex.data() + hex.size()) {
      return fail_at(at, "expected " + std::to_string(digits) + " hex digits in the escape");
    }
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return fail_at(at, "escape is not a code point");
    pos_ += digits;
    append_utf8(out, static_cast<char32_t>(code));
    return true;
  }
};

}  // namespace

Result<Type> parse_type(std::string_view text) { return TypeParser(text).whole_type(); }
Result<Signature> parse_signature(std::string_view text) { return TypeParser(text).whole_signature(); }

// ---------------------------------------------------------------------------------------------
// Printing

namespace {

// Python's float repr: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16, else
// exponent notation with at least two exponent digits (1e-05, 1.5e+16).
std::string python_float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // "-1.2345e+02"
  std::string sign = sci[0] == '-' ? "-" : "";
  std::size_t e = sci.find('e');
  std::string mantissa = sci.substr(sign.size(), e - sign.size());
  int exponent = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  int decpt = exponent + 1;  // digits[0] sits just left of this many places
  int n = static_cast<int>(digits.size());
  if (decpt <= -4 || decpt > 16) {
    std::string out = sign + digits.substr(0, 1);
    if (n > 1) out += "." + digits.substr(1);
    std::string exp = std::to_string(std::abs(exponent));
    if (exp.size() < 2) exp = "0" + exp;
    return out + (exponent < 0 ? "e-" : "e+") + exp;
  }
  if (decpt <= 0) return sign + "0." + std::string(-decpt, '0') + digits;
  if (decpt < n) return sign + digits.substr(0, decpt) + "." + digits.substr(decpt);
  return sign + digits + std::string(decpt - n, '0') + ".0";
}

// Python's str repr: single quotes unless the text holds ' and no ".
std::string python_str_repr(const std::string& s) {
  char quote = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;  // non-ASCII stays as UTF-8
    }
  }
  return out + quote;
}

std::string literal_repr(const LiteralValue& v) {
  switch (v.kind) {
    case LiteralValue::Kind::Bool: return v.b ? "True" : "False";
    case LiteralValue::Kind::Int: return std::to_string(v.i);
    case LiteralValue::Kind::Float: return python_float_repr(v.f);
    case LiteralValue::Kind::Str: return python_str_repr(v.s);
  }
  return "";
}

std::string join(const std::vector<Type>& types, std::string_view sep, std::string (*print)(const Type&)) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += sep;
    out += print(types[i]);
  }
  return out;
}

}  // namespace

std::string to_string(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::Int: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::Complex: return "complex";
    case TypeKind::Str: return "str";
    case TypeKind::None: return "None";
    case TypeKind::List: return "list[" + to_string(t.args.at(0)) + "]";
    case TypeKind::Dict: return "dict[" + to_string(t.args.at(0)) + "," + to_string(t.args.at(1)) + "]";
    case TypeKind::Tuple: return t.args.empty() ? "tuple[()]" : "tuple[" + join(t.args, ",", to_string) + "]";
    case TypeKind::NDArray:
      return "ndarray[" + std::string(dtype_name(t.dtype)) + "," + std::to_string(t.ndim) + "]";
    case TypeKind::NpScalar: return std::string(info(t.dtype).scalar);
    case TypeKind::Literal: return "Literal[" + literal_repr(t.literal) + "]";
    case TypeKind::Union: return join(t.args, " | ", to_string);
  }
  return "";
}

std::string to_string(const Signature& s) {
  std::string params = join(s.params, ", ", to_string);
  return (params.empty() ? "" : params + " ") + "-> " + to_string(s.result);
}

// ---------------------------------------------------------------------------------------------
// C++ spellings

namespace {

// A double as a C++ literal that reads back to the same bits: shortest digits, always a floating literal.
std::string cpp_double(double d) {
  if (std::isnan(d)) return "rt::nan";
  if (std::isinf(d)) return d > 0 ? "rt::inf" : "-rt::inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string out(buf, res.ptr);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

std::string cpp_int(std::int64_t i) {
  // -9223372036854775808 is not a C++ literal (the digits alone overflow), so spell it as an expression.
  if (i == std::numeric_limits<std::int64_t>::min()) return "(-9223372036854775807 - 1)";
  return std::to_string(i);
}

// A UTF-8 string as the body of a C++ string literal; octal escapes because \x would swallow hex digits.
std::string cpp_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + ((u >> 6) & 7));
      out += static_cast<char>('0' + ((u >> 3) & 7));
      out += static_cast<char>('0' + (u & 7));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string cpp_literal(const LiteralValue& v) {
  switch (v.kind) {
    case LiteralValue::Kind::Bool: return v.b ? "true" : "false";
    case LiteralValue::Kind::Int: return cpp_int(v.i);
    case LiteralValue::Kind::Float: return cpp_double(v.f);
    case LiteralValue::Kind::Str: return cpp_string(v.s);
  }
  return "";
}

}  // namespace

std::string to_cpp(const Type& t) {
  switch (t.kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::Int: return "int64_t";
    case TypeKind::Float: return "double";
    case TypeKind::Complex: return "std::complex<double>";
    case TypeKind::Str: return "rt::str";
    case TypeKind::None: return "rt::none";
    case TypeKind::List: return "rt::list<" + to_cpp(t.args.at(0)) + ">";
    case TypeKind::Dict: return "rt::dict<" + to_cpp(t.args.at(0)) + "," + to_cpp(t.args.at(1)) + ">";
    case TypeKind::Tuple: return "std::tuple<" + join(t.args, ",", to_cpp) + ">";
    case TypeKind::NDArray:
      return "rt::ndarray<" + std::string(dtype_cpp(t.dtype)) + "," + std::to_string(t.ndim) + ">";
    case TypeKind::NpScalar: return std::string(info(t.dtype).cpp_scalar);
    case TypeKind::Literal: return "rt::lit<" + cpp_literal(t.literal) + ">";
    case TypeKind::Union: return "std::variant<" + join(t.args, ",", to_cpp) + ">";
  }
  return "";
}

std::string to_cpp_param(const Type& t) {
  switch (t.kind) {
    case TypeKind::Str:
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::Tuple:
    case TypeKind::Union:
    case TypeKind::NDArray: return "const " + to_cpp(t) + "&";
    default: return to_cpp(t);
  }
}

namespace {

// C++20 keywords and alternative tokens, plus standard macros that a plain name would collide with.
const std::set<std::string_view>& cpp_reserved() {
  static const std::set<std::string_view> words{
      "alignas",     "alignof",   "and",        "and_eq",    "asm",      "auto",         "bitand",
      "bitor",       "bool",      "break",      "case",      "catch",    "char",         "char8_t",
      "char16_t",    "char32_t",  "class",      "compl",     "concept",  "const",        "consteval",
      "constexpr",   "constinit", "const_cast", "continue",  "co_await", "co_return",    "co_yield",
      "decltype",    "default",   "delete",     "do",        "double",   "dynamic_cast", "else",
      "enum",        "explicit",  "export",     "extern",    "false",    "float",        "for",
      "friend",      "goto",      "if",         "inline",    "int",      "long",         "mutable",
      "namespace",   "new",       "noexcept",   "not",       "not_eq",   "nullptr",      "operator",
      "or",          "or_eq",     "private",    "protected", "public",   "register",     "reinterpret_cast",
      "requires",    "return",    "short",      "signed",    "sizeof",   "static",       "static_assert",
      "static_cast", "struct",    "switch",     "template",  "this",     "thread_local", "throw",
      "true",        "try",       "typedef",    "typeid",    "typename", "union",        "unsigned",
      "using",       "virtual",   "void",       "volatile",  "wchar_t",  "while",        "xor",
      "xor_eq",      "assert",    "errno",  // macros from <cassert>/<cerrno>: `math.assert` would not survive
                                            // the preprocessor
  };
  return words;
}


std::string cpp_identifier(std::string_view name) {
  std::string out(name);
  if (cpp_reserved().contains(name)) out += '_';
  return out;
}

}  // namespace

bool is_identifier(std::string_view s) {
  if (s.empty() || !is_ident_start(s[0])) return false;
  for (char c : s) {
    if (!is_ident_char(c)) return false;
  }
  return true;
}

std::vector<std::string_view> qualname_parts(std::string_view qualname) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = qualname.find('.', start);
    parts.push_back(
        qualname.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

Result<CppName> cpp_name(std::string_view qualname) {
  const std::vector<std::string_view> parts = qualname_parts(qualname);
  std::string input(qualname);
  if (parts.size() < 2) return Error{"expected a dotted name like 'math.sqrt' or 'str.upper'", input};
  for (auto part : parts) {
    if (part.empty()) return Error{"empty name between dots", input};
    if (!is_identifier(part)) return Error{"'" + std::string(part) + "' is not an identifier", input};
  }
  CppName name{"oplib", cpp_identifier(parts.back())};
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) name.ns += "::" + cpp_identifier(parts[i]);
  return name;
}

Result<std::string> cpp_declaration(std::string_view qualname, const Signature& sig,
                                    const std::vector<std::string>& param_names) {
  auto name = cpp_name(qualname);
  if (!name) return name.error();
  std::string input(qualname);
  if (!param_names.empty() && param_names.size() != sig.params.size()) {
    return Error{std::to_string(param_names.size()) + " parameter names for " +
                     std::to_string(sig.params.size()) + " parameters",
                 input};
  }
  std::set<std::string> seen;
  std::string params;
  for (std::size_t i = 0; i < sig.params.size(); ++i) {
    std::string pname = param_names.empty() ? "a" + std::to_string(i) : param_names[i];
    if (!is_identifier(pname)) return Error{"parameter name '" + pname + "' is not an identifier", input};
    if (!seen.insert(pname).second) return Error{"parameter name '" + pname + "' repeats", input};
    if (i > 0) params += ", ";
    params += to_cpp_param(sig.params[i]) + " " + cpp_identifier(pname);
  }
  return "namespace " + name->ns + " { " + to_cpp(sig.result) + " " + name->function + "(" + params + "); }";
}

}  // namespace opsynth

// Value behaviour: bitwise equality, conformance to a Type, and Python-like repr for reports.
#include "value.hpp"

#include <algorithm>
#include "utf8.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

namespace opsynth {

namespace {

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool same_bits(std::complex<double> a, std::complex<double> b) {
  return same_bits(a.real(), b.real()) && same_bits(a.imag(), b.imag());
}

bool is_float_dtype(Dtype d) {
  return dtype_kind(d) == DtypeKind::Float || dtype_kind(d) == DtypeKind::Complex;
}

std::string_view element_name(Dtype d) { return dtype_name(d); }

}  // namespace

std::int64_t load_integer(Dtype d, const unsigned char* p) {
  auto load = [p]<class T>(T) {
    T x;
    std::memcpy(&x, p, sizeof x);
    return static_cast<std::int64_t>(x);  // uint64 keeps its bits
  };
  switch (d) {
    case Dtype::Bool: return *p != 0;
    case Dtype::Int8: return load(std::int8_t{});
    case Dtype::Int16: return load(std::int16_t{});
    case Dtype::Int32: return load(std::int32_t{});
    case Dtype::Int64: return load(std::int64_t{});
    case Dtype::UInt8: return load(std::uint8_t{});
    case Dtype::UInt16: return load(std::uint16_t{});
    case Dtype::UInt32: return load(std::uint32_t{});
    case Dtype::UInt64: return load(std::uint64_t{});
    default: return 0;
  }
}

void store_integer(Dtype d, std::int64_t bits, unsigned char* p) {
  auto store = [p]<class T>(T x) { std::memcpy(p, &x, sizeof x); };
  switch (d) {
    case Dtype::Bool: *p = bits != 0; break;
    case Dtype::Int8: store(static_cast<std::int8_t>(bits)); break;
    case Dtype::Int16: store(static_cast<std::int16_t>(bits)); break;
    case Dtype::Int32: store(static_cast<std::int32_t>(bits)); break;
    case Dtype::Int64: store(bits); break;
    case Dtype::UInt8: store(static_cast<std::uint8_t>(bits)); break;
    case Dtype::UInt16: store(static_cast<std::uint16_t>(bits)); break;
    case Dtype::UInt32: store(static_cast<std::uint32_t>(bits)); break;
    case Dtype::UInt64: store(static_cast<std::uint64_t>(bits)); break;
    default: break;
  }
}

bool integer_fits(Dtype d, std::int64_t x) {
  auto in = [x]<class T>(T) { return x >= std::numeric_limits<T>::min() && x <= std::numeric_limits<T>::max(); };
  switch (d) {
    case Dtype::Bool: return x == 0 || x == 1;
    case Dtype::Int8: return in(std::int8_t{});
    case Dtype::Int16: return in(std::int16_t{});
    case Dtype::Int32: return in(std::int32_t{});
    case Dtype::Int64: return true;
    case Dtype::UInt8: return in(std::uint8_t{});
    case Dtype::UInt16: return in(std::uint16_t{});
    case Dtype::UInt32: return in(std::uint32_t{});
    case Dtype::UInt64: return x >= 0;
    default: return false;
  }
}

std::string integer_text(Dtype d, std::int64_t bits) {
  return d == Dtype::UInt64 ? std::to_string(static_cast<std::uint64_t>(bits)) : std::to_string(bits);
}

bool ListValue::operator==(const ListValue& o) const { return items == o.items; }
bool TupleValue::operator==(const TupleValue& o) const { return items == o.items; }
bool DictValue::operator==(const DictValue& o) const { return items == o.items; }

bool NpScalarValue::operator==(const NpScalarValue& o) const {
  if (dtype != o.dtype) return false;
  return is_float_dtype(dtype) ? same_bits(c, o.c) : i == o.i;
}

bool Value::operator==(const Value& o) const {
  if (v.index() != o.v.index()) return false;
  if (const double* d = std::get_if<double>(&v)) return same_bits(*d, std::get<double>(o.v));
  if (const auto* c = std::get_if<std::complex<double>>(&v)) {
    return same_bits(*c, std::get<std::complex<double>>(o.v));
  }
  return v == o.v;  // every other alternative compares exactly (containers recurse into Value::==)
}

// ---------------------------------------------------------------------------------------------
// conforms

namespace {

bool conforms_literal(const Value& value, const LiteralValue& lit) {
  switch (lit.kind) {
    case LiteralValue::Kind::Bool: return value.is<bool>() && value.as<bool>() == lit.b;
    case LiteralValue::Kind::Int: return value.is<std::int64_t>() && value.as<std::int64_t>() == lit.i;
    case LiteralValue::Kind::Float:
      // Literal[nan] is matched by any NaN; otherwise the bits must agree (so -0.0 is not 0.0).
      if (!value.is<double>()) return false;
      if (std::isnan(lit.f)) return std::isnan(value.as<double>());
      return same_bits(value.as<double>(), lit.f);
    case LiteralValue::Kind::Str: return value.is<StrValue>() && value.as<StrValue>().utf8 == lit.s;
  }
  return false;
}

bool all_conform(const std::vector<Value>& items, const Type& elem) {
  for (const Value& item : items) {
    if (!conforms(item, elem)) return false;
  }
  return true;
}

}  // namespace

bool conforms(const Value& value, const Type& type) {
  switch (type.kind) {
    case TypeKind::Bool: return value.is<bool>();
    case TypeKind::Int: return value.is<std::int64_t>();
    case TypeKind::Float: return value.is<double>();
    case TypeKind::Complex: return value.is<std::complex<double>>();
    case TypeKind::Str: return value.is<StrValue>();
    case TypeKind::None: return value.is<NoneValue>();
    case TypeKind::List:
      return value.is<ListValue>() && type.args.size() == 1 && all_conform(value.as<ListValue>().items, type.args[0]);
    case TypeKind::Tuple: {
      if (!value.is<TupleValue>()) return false;
      const auto& items = value.as<TupleValue>().items;
      if (items.size() != type.args.size()) return false;
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (!conforms(items[k], type.args[k])) return false;
      }
      return true;
    }
    case TypeKind::Dict: {
      if (!value.is<DictValue>() || type.args.size() != 2) return false;
      for (const auto& [key, val] : value.as<DictValue>().items) {
        if (!conforms(key, type.args[0]) || !conforms(val, type.args[1])) return false;
      }
      return true;
    }
    case TypeKind::NDArray:
      return value.is<NDArrayValue>() && value.as<NDArrayValue>().dtype == type.dtype &&
             static_cast<int>(value.as<NDArrayValue>().shape.size()) == type.ndim;
    case TypeKind::NpScalar: return value.is<NpScalarValue>() && value.as<NpScalarValue>().dtype == type.dtype;
    case TypeKind::Literal: return conforms_literal(value, type.literal);
    case TypeKind::Union:
      return std::any_of(type.args.begin(), type.args.end(), [&](const Type& t) { return conforms(value, t); });
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// repr: float formatting follows CPython's float_repr_style 'short' (Python/pystrtod.c).

namespace {

// Shortest round-trip digits of a finite non-zero |x| and the decimal point position:
// value = 0.d1d2...dn * 10^decpt (CPython's convention).
template <class F>
void shortest_digits(F x, std::string& digits, int& decpt) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  std::size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  digits.clear();
  for (char ch : mantissa) {
    if (ch >= '0' && ch <= '9') digits += ch;
  }
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  decpt = exponent + 1;
}

// Python's repr(float) rules: exponent form when decpt <= -4 or decpt > 16; `add_dot_0` appends
// ".0" to integral fixed-point results as repr(float) does (complex parts do not).
template <class F>
std::string format_shortest(F x, bool add_dot_0) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  std::string out = std::signbit(x) ? "-" : "";
  if (x == 0) return out + (add_dot_0 ? "0.0" : "0");
  std::string digits;
  int decpt = 0;
  shortest_digits(std::fabs(x), digits, decpt);
  const int n = static_cast<int>(digits.size());
  if (decpt <= -4 || decpt > 16) {
    out += digits[0];
    if (n > 1) out += "." + digits.substr(1);
    int exponent = decpt - 1;
    out += exponent < 0 ? "e-" : "e+";
    std::string exp_digits = std::to_string(std::abs(exponent));
    if (exp_digits.size() < 2) exp_digits.insert(0, "0");
    return out + exp_digits;
  }
  if (decpt <= 0) return out + "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
  if (decpt < n) return out + digits.substr(0, decpt) + "." + digits.substr(decpt);
  out += digits + std::string(static_cast<std::size_t>(decpt - n), '0');
  return add_dot_0 ? out + ".0" : out;
}

// repr(complex): "1j" when the real part is +0.0, else "(re+imj)"; parts without ".0".
std::string format_complex(std::complex<double> z) {
  std::string imag = format_shortest(z.imag(), false);
  if (std::isnan(z.imag())) imag = "nan";  // CPython drops the sign of a NaN imaginary part
  if (z.real() == 0 && !std::signbit(z.real())) return imag + "j";
  std::string sign = (imag[0] == '-') ? "" : "+";
  return "(" + format_shortest(z.real(), false) + sign + imag + "j)";
}

// Decodes one generalized-UTF-8 code point (surrogates allowed); on a bad byte returns it as-is.
char32_t next_code_point(std::string_view s, std::size_t& pos) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(pos);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
  if (len == 0 || pos + len > s.size()) {
    ++pos;
    return b0;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1f) : len == 3 ? (b0 & 0x0f) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (byte(pos + k) & 0x3f);
  pos += static_cast<std::size_t>(len);
  return cp;
}

// Approximates str.isprintable() without the Unicode database: controls, separators other than
// the ASCII space, surrogates, private use, noncharacters and common format characters are escaped.
bool printable(char32_t c) {
  if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) return false;
  if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f)) return false;
  if (c == 0x1680 || c == 0x3000 || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb)) return false;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) return false;
  if ((c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef)) return false;
  if (c >= 0xe0000) return false;
  return true;
}

void append_escape(std::string& out, char32_t c) {
  static constexpr char hex[] = "0123456789abcdef";
  int width = c <= 0xff ? 2 : c <= 0xffff ? 4 : 8;
  out += width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U";
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out += hex[(c >> shift) & 0xf];
}

// repr(str): single quotes unless the text has ' and no ", as CPython chooses.
std::string format_str(std::string_view s) {
  char quote = (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos) ? '"' : '\'';
  std::string out(1, quote);
  for (std::size_t pos = 0; pos < s.size();) {
    char32_t c = next_code_point(s, pos);
    if (c == static_cast<char32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (!printable(c)) {
      append_escape(out, c);
    } else {
      append_utf8(out, c);
    }
  }
  return out + quote;
}

// numpy's element style: "1." for integral floats, "-0.", "nan", "1e+20"; bools as True/False.
std::string format_array_float(double x, bool is_float32) {
  std::string s = is_float32 ? format_shortest(static_cast<float>(x), true) : format_shortest(x, true);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.pop_back();
  return s;
}

std::string format_element(const NDArrayValue& a, std::size_t index) {
  const unsigned char* p = a.data.data() + index * dtype_size(a.dtype);
  switch (a.dtype) {
    case Dtype::Bool: return *p ? "True" : "False";
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: return integer_text(a.dtype, load_integer(a.dtype, p));
    case Dtype::Float32: {
      float x;
      std::memcpy(&x, p, sizeof x);
      return format_array_float(x, true);
    }
    case Dtype::Float64: {
      double x;
      std::memcpy(&x, p, sizeof x);
      return format_array_float(x, false);
    }
    case Dtype::Complex128: {
      double re, im;
      std::memcpy(&re, p, sizeof re);
      std::memcpy(&im, p + sizeof re, sizeof im);
      std::string imag = format_array_float(im, false);
      if (std::isnan(im)) imag = "nan";
      return format_array_float(re, false) + (imag[0] == '-' ? "" : "+") + imag + "j";
    }
    case Dtype::Complex64: {
      float re, im;
      std::memcpy(&re, p, sizeof re);
      std::memcpy(&im, p + sizeof re, sizeof im);
      std::string imag = format_array_float(im, true);
      if (std::isnan(im)) imag = "nan";
      return format_array_float(re, true) + (imag[0] == '-' ? "" : "+") + imag + "j";
    }
  }
  return "?";
}

// Like numpy, arrays over 1000 elements show the first and last 3 entries of each axis.
constexpr std::int64_t kSummaryThreshold = 1000;
constexpr std::int64_t kEdgeItems = 3;
constexpr std::int64_t kBriefSummaryThreshold = 60;

void format_axis(const NDArrayValue& a, std::size_t axis, std::size_t offset, bool summarize, std::string& out) {
  if (axis == a.shape.size()) {
    out += format_element(a, offset);
    return;
  }
  std::size_t stride = 1;
  for (std::size_t k = axis + 1; k < a.shape.size(); ++k) stride *= static_cast<std::size_t>(a.shape[k]);
  const std::int64_t n = a.shape[axis];
  out += '[';
  for (std::int64_t k = 0; k < n; ++k) {
    if (k > 0) out += ", ";
    if (summarize && n > 2 * kEdgeItems && k == kEdgeItems) {
      out += "..., ";
      k = n - kEdgeItems;
    }
    format_axis(a, axis + 1, offset + static_cast<std::size_t>(k) * stride, summarize, out);
  }
  out += ']';
}

// numpy-like but on one line: array([[1., 2.], [3., 4.]]); dtype noted unless float64. Brief (short_repr)
// summarizes from 60 elements on, as numpy does from 1000.
std::string format_ndarray(const NDArrayValue& a, bool brief) {
  std::int64_t count = 1;
  for (std::int64_t d : a.shape) count *= d;
  if (a.data.size() != static_cast<std::size_t>(count) * dtype_size(a.dtype)) return "array(<corrupt>)";
  std::string out = "array(";
  if (count == 0 && a.shape.size() > 1) {
    out += "[], shape=(";
    for (std::size_t k = 0; k < a.shape.size(); ++k) out += (k ? ", " : "") + std::to_string(a.shape[k]);
    out += ")";
  } else {
    format_axis(a, 0, 0, count > (brief ? kBriefSummaryThreshold : kSummaryThreshold), out);
  }
  if (a.dtype != Dtype::Float64) out += ", dtype=" + std::string(element_name(a.dtype));
  return out + ")";
}

// Numpy scalars are spelled with their type so reports never confuse float64(1.5) with 1.5.
std::string format_np_scalar(const NpScalarValue& s) {
  switch (s.dtype) {
    case Dtype::Bool: return std::string("bool_(") + (s.i ? "True" : "False") + ")";
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: return std::string(dtype_name(s.dtype)) + "(" + integer_text(s.dtype, s.i) + ")";
    case Dtype::Float32: return "float32(" + format_shortest(static_cast<float>(s.c.real()), true) + ")";
    case Dtype::Float64: return "float64(" + format_shortest(s.c.real(), true) + ")";
    case Dtype::Complex128: return "complex128(" + format_complex(s.c) + ")";
    case Dtype::Complex64: return "complex64(" + format_complex(s.c) + ")";
  }
  return "?";
}

// Brief reprs (short_repr) show this many leading and trailing items or code points of long values.
constexpr std::size_t kBriefHead = 10, kBriefTail = 5, kBriefText = 60, kBriefTextTail = 20;

std::string repr_of(const Value& value, bool brief);

template <class T, class F>
std::string format_sequence(const std::vector<T>& items, bool brief, F format) {
  std::string out;
  const bool cut = brief && items.size() > 4 * (kBriefHead + kBriefTail);
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (cut && k == kBriefHead) {
      out += ", ...";
      k = items.size() - kBriefTail;
    }
    out += (k ? ", " : "") + format(items[k]);
  }
  if (cut) out += " <" + std::to_string(items.size()) + " items>";
  return out;
}

std::string format_brief_str(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) starts.push_back(i);
  if (starts.size() <= 4 * (kBriefText + kBriefTextTail)) return format_str(s);
  return format_str(s.substr(0, starts[kBriefText])) + " ... " +
         format_str(s.substr(starts[starts.size() - kBriefTextTail])) + " <" + std::to_string(starts.size()) +
         " characters>";
}

struct ReprVisitor {
  bool brief = false;
  std::string operator()(const NoneValue&) const { return "None"; }
  std::string operator()(bool b) const { return b ? "True" : "False"; }
  std::string operator()(std::int64_t i) const { return std::to_string(i); }
  std::string operator()(double d) const { return format_shortest(d, true); }
  std::string operator()(std::complex<double> z) const { return format_complex(z); }
  std::string operator()(const StrValue& s) const { return brief ? format_brief_str(s.utf8) : format_str(s.utf8); }
  std::string operator()(const ListValue& l) const { return "[" + items(l.items) + "]"; }
  std::string operator()(const TupleValue& t) const {
    return "(" + items(t.items) + (t.items.size() == 1 ? ",)" : ")");
  }
  std::string operator()(const DictValue& d) const {
    const bool b = brief;
    return "{" + format_sequence(d.items, brief, [b](const auto& kv) {
             return repr_of(kv.first, b) + ": " + repr_of(kv.second, b);
           }) + "}";
  }
  std::string operator()(const NDArrayValue& a) const { return format_ndarray(a, brief); }
  std::string operator()(const NpScalarValue& s) const { return format_np_scalar(s); }

  std::string items(const std::vector<Value>& values) const {
    const bool b = brief;
    return format_sequence(values, brief, [b](const Value& v) { return repr_of(v, b); });
  }
};

std::string repr_of(const Value& value, bool brief) { return std::visit(ReprVisitor{brief}, value.v); }

}  // namespace

std::string repr(const Value& value) { return repr_of(value, false); }

std::string short_repr(const Value& value) { return repr_of(value, true); }

}  // namespace opsynth

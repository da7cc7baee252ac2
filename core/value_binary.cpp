// Binary encoding of Value (format in value_binary.hpp) and its hostile-input-safe reader.
#include "value_binary.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace opsynth {

// The wire format is little-endian and NDArrayValue holds native bytes: on such hosts both are raw copies.
static_assert(std::endian::native == std::endian::little, "value_binary assumes a little-endian host");

namespace {

enum Tag : unsigned char {
  kNone = 0x00,
  kFalse = 0x01,
  kTrue = 0x02,
  kInt = 0x03,
  kFloat = 0x04,
  kComplex = 0x05,
  kStr = 0x06,
  kList = 0x07,
  kTuple = 0x08,
  kDict = 0x09,
  kNDArray = 0x0a,
  kNpScalar = 0x0b,
};

// Wire dtype codes are fixed here, independent of the enum's order in types.hpp.
unsigned char dtype_code(Dtype d) {
  switch (d) {
    case Dtype::Bool: return 0;
    case Dtype::Int32: return 1;
    case Dtype::Int64: return 2;
    case Dtype::Float32: return 3;
    case Dtype::Float64: return 4;
    case Dtype::Complex128: return 5;
    case Dtype::UInt8: return 6;
    case Dtype::Int8: return 7;
    case Dtype::Int16: return 8;
    case Dtype::UInt16: return 9;
    case Dtype::UInt32: return 10;
    case Dtype::UInt64: return 11;
    case Dtype::Complex64: return 12;
  }
  return 0xff;
}

bool dtype_from_code(unsigned char code, Dtype& d) {
  static constexpr Dtype kByCode[] = {Dtype::Bool,   Dtype::Int32,  Dtype::Int64,  Dtype::Float32, Dtype::Float64,
                                      Dtype::Complex128, Dtype::UInt8, Dtype::Int8, Dtype::Int16, Dtype::UInt16,
                                      Dtype::UInt32, Dtype::UInt64, Dtype::Complex64};
  if (code >= std::size(kByCode)) return false;
  d = kByCode[code];
  return true;
}

void put_varint(std::vector<unsigned char>& out, std::uint64_t x) {
  while (x >= 0x80) {
    out.push_back(static_cast<unsigned char>(x | 0x80));
    x >>= 7;
  }
  out.push_back(static_cast<unsigned char>(x));
}

template <class T>
void put_raw(std::vector<unsigned char>& out, const T& x) {
  const auto* p = reinterpret_cast<const unsigned char*>(&x);
  out.insert(out.end(), p, p + sizeof x);
}

std::uint64_t zigzag(std::int64_t i) {
  return (static_cast<std::uint64_t>(i) << 1) ^ static_cast<std::uint64_t>(i >> 63);
}

std::int64_t unzigzag(std::uint64_t u) { return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1)); }

void put_np_scalar(std::vector<unsigned char>& out, const NpScalarValue& s) {
  out.push_back(kNpScalar);
  out.push_back(dtype_code(s.dtype));
  switch (s.dtype) {
    case Dtype::Bool:
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: {
      unsigned char bytes[8];
      store_integer(s.dtype, s.i, bytes);
      out.insert(out.end(), bytes, bytes + dtype_size(s.dtype));
      break;
    }
    case Dtype::Float32: put_raw(out, static_cast<float>(s.c.real())); break;
    case Dtype::Float64: put_raw(out, s.c.real()); break;
    case Dtype::Complex128: put_raw(out, s.c); break;
    case Dtype::Complex64: put_raw(out, std::complex<float>(s.c)); break;
  }
}

struct Encoder {
  std::vector<unsigned char>& out;

  void operator()(const NoneValue&) const { out.push_back(kNone); }
  void operator()(bool b) const { out.push_back(b ? kTrue : kFalse); }
  void operator()(std::int64_t i) const {
    out.push_back(kInt);
    put_varint(out, zigzag(i));
  }
  void operator()(double d) const {
    out.push_back(kFloat);
    put_raw(out, d);
  }
  void operator()(std::complex<double> z) const {
    out.push_back(kComplex);
    put_raw(out, z);
  }
  void operator()(const StrValue& s) const {
    out.push_back(kStr);
    put_varint(out, s.utf8.size());
    out.insert(out.end(), s.utf8.begin(), s.utf8.end());
  }
  void items(unsigned char tag, const std::vector<Value>& items) const {
    out.push_back(tag);
    put_varint(out, items.size());
    for (const Value& item : items) std::visit(*this, item.v);
  }
  void operator()(const ListValue& l) const { items(kList, l.items); }
  void operator()(const TupleValue& t) const { items(kTuple, t.items); }
  void operator()(const DictValue& d) const {
    out.push_back(kDict);
    put_varint(out, d.items.size());
    for (const auto& [k, v] : d.items) {
      std::visit(*this, k.v);
      std::visit(*this, v.v);
    }
  }
  void operator()(const NDArrayValue& a) const {
    out.push_back(kNDArray);
    out.push_back(dtype_code(a.dtype));
    put_varint(out, a.shape.size());
    for (std::int64_t d : a.shape) put_varint(out, static_cast<std::uint64_t>(d));
    out.insert(out.end(), a.data.begin(), a.data.end());
  }
  void operator()(const NpScalarValue& s) const { put_np_scalar(out, s); }
};

// Length of the generalized-UTF-8 sequence at p (1..4), or 0 when it is not valid there.
std::size_t utf8_sequence(const unsigned char* p, std::size_t left) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return 1;
  auto cont = [&](std::size_t k) { return k < left && (p[k] & 0xc0) == 0x80; };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 1 + 1 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xe0 && p[1] < 0xa0) return 0;  // overlong; 0xED A0..BF (surrogates) is allowed on purpose
    return 3;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xf0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xf4 && p[1] > 0x8f) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

bool is_generalized_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t left = text.size();
  while (left > 0) {
    // ASCII fast path: eight bytes at a time.
    if (left >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        left -= 8;
        continue;
      }
    }
    std::size_t n = utf8_sequence(p, left);
    if (n == 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

void encode(const Value& value, std::vector<unsigned char>& out) { std::visit(Encoder{out}, value.v); }

// ---------------------------------------------------------------------------------------------
// BinaryReader

Error BinaryReader::fail(const std::string& what) {
  failed_ = true;
  failure_ = "bad binary value at byte " + std::to_string(pos_) + ": " + what;
  return Error{failure_, "byte " + std::to_string(pos_), 0};
}

bool BinaryReader::take(std::size_t n, const unsigned char*& p) {
  if (n > remaining()) return false;
  p = bytes_.data() + pos_;
  pos_ += n;
  return true;
}

bool BinaryReader::read_varint(std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at_end()) return false;
    const unsigned char b = bytes_[pos_++];
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && b > 1) return false;
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return b != 0 || shift == 0;  // refuse overlong forms (a trailing zero group)
  }
  return false;
}

Result<Value> BinaryReader::read() {
  if (failed_) return Error{failure_, "byte " + std::to_string(pos_), 0};
  if (at_end()) return fail("no value left");
  return read_value(0);
}

Result<Value> BinaryReader::read_value(int depth) {
  if (depth > kMaxBinaryDepth) return fail("nested deeper than " + std::to_string(kMaxBinaryDepth));
  const unsigned char* p = nullptr;
  if (!take(1, p)) return fail("truncated: expected a tag byte");
  switch (*p) {
    case kNone: return Value(NoneValue{});
    case kFalse: return Value(false);
    case kTrue: return Value(true);
    case kInt: {
      std::uint64_t u = 0;
      if (!read_varint(u)) return fail("bad or truncated int varint");
      return Value(unzigzag(u));
    }
    case kFloat: {
      if (!take(8, p)) return fail("truncated float");
      double d;
      std::memcpy(&d, p, 8);
      return Value(d);
    }
    case kComplex: {
      if (!take(16, p)) return fail("truncated complex");
      double re, im;
      std::memcpy(&re, p, 8);
      std::memcpy(&im, p + 8, 8);
      return Value(std::complex<double>(re, im));
    }
    case kStr: return read_str();
    case kList:
    case kTuple: return read_items(*p, depth);
    case kDict: return read_dict(depth);
    case kNDArray: return read_ndarray();
    case kNpScalar: return read_np_scalar();
    default: --pos_; return fail("unknown tag " + std::to_string(*p));
  }
}

Result<Value> BinaryReader::read_str() {
  std::uint64_t n = 0;
  if (!read_varint(n)) return fail("bad or truncated str length");
  const unsigned char* p = nullptr;
  if (n > remaining() || !take(static_cast<std::size_t>(n), p)) return fail("str length exceeds the input");
  std::string_view text(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
  if (!is_generalized_utf8(text)) return fail("str is not valid UTF-8");
  return Value(StrValue{std::string(text)});
}

Result<Value> BinaryReader::read_items(unsigned char tag, int depth) {
  std::uint64_t n = 0;
  if (!read_varint(n)) return fail("bad or truncated item count");
  if (n > remaining()) return fail("item count exceeds the input");  // each item takes >= 1 byte
  std::vector<Value> items;
  // Reserve a bounded amount: nested containers may each claim the remaining bytes.
  items.reserve(std::min<std::uint64_t>(n, 1024));
  for (std::uint64_t k = 0; k < n; ++k) {
    auto item = read_value(depth + 1);
    if (!item) return item.error();
    items.push_back(std::move(*item));
  }
  if (tag == kList) return Value(ListValue{std::move(items)});
  return Value(TupleValue{std::move(items)});
}

Result<Value> BinaryReader::read_dict(int depth) {
  std::uint64_t n = 0;
  if (!read_varint(n)) return fail("bad or truncated dict size");
  if (n > remaining() / 2) return fail("dict size exceeds the input");  // each pair takes >= 2 bytes
  DictValue dict;
  dict.items.reserve(std::min<std::uint64_t>(n, 512));
  for (std::uint64_t k = 0; k < n; ++k) {
    auto key = read_value(depth + 1);
    if (!key) return key.error();
    auto val = read_value(depth + 1);
    if (!val) return val.error();
    dict.items.emplace_back(std::move(*key), std::move(*val));
  }
  return Value(std::move(dict));
}

Result<Value> BinaryReader::read_ndarray() {
  const unsigned char* p = nullptr;
  NDArrayValue a;
  if (!take(1, p) || !dtype_from_code(*p, a.dtype)) return fail("bad or truncated ndarray dtype");
  std::uint64_t ndim = 0;
  if (!read_varint(ndim) || ndim > kMaxBinaryNdim) return fail("bad ndarray ndim");
  // Like numpy, the product of the non-zero dimensions must fit in a signed 64-bit size.
  constexpr auto kMaxCount = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t nonzero_product = 1;
  bool empty = false;
  a.shape.reserve(static_cast<std::size_t>(ndim));
  for (std::uint64_t k = 0; k < ndim; ++k) {
    std::uint64_t d = 0;
    if (!read_varint(d) || d > kMaxCount) return fail("bad ndarray dimension");
    if (d == 0) {
      empty = true;
    } else if (nonzero_product > kMaxCount / d) {
      return fail("ndarray shape too large");
    } else {
      nonzero_product *= d;
    }
    a.shape.push_back(static_cast<std::int64_t>(d));
  }
  const std::uint64_t count = empty ? 0 : nonzero_product;
  const std::size_t size = dtype_size(a.dtype);
  if (count > remaining() / size) return fail("ndarray data exceeds the input");
  const std::size_t nbytes = static_cast<std::size_t>(count) * size;
  if (!take(nbytes, p)) return fail("truncated ndarray data");
  if (a.dtype == Dtype::Bool && std::any_of(p, p + nbytes, [](unsigned char b) { return b > 1; })) {
    return fail("ndarray bool element not 0 or 1");
  }
  a.data.assign(p, p + nbytes);
  return Value(std::move(a));
}

Result<Value> BinaryReader::read_np_scalar() {
  const unsigned char* p = nullptr;
  NpScalarValue s;
  if (!take(1, p) || !dtype_from_code(*p, s.dtype)) return fail("bad or truncated numpy scalar dtype");
  if (!take(dtype_size(s.dtype), p)) return fail("truncated numpy scalar");
  switch (s.dtype) {
    case Dtype::Bool:
      if (*p > 1) return fail("numpy bool not 0 or 1");
      s.i = *p;
      break;
    case Dtype::Int8:
    case Dtype::Int16:
    case Dtype::Int32:
    case Dtype::Int64:
    case Dtype::UInt8:
    case Dtype::UInt16:
    case Dtype::UInt32:
    case Dtype::UInt64: s.i = load_integer(s.dtype, p); break;
    case Dtype::Complex64: {
      float re, im;
      std::memcpy(&re, p, 4);
      std::memcpy(&im, p + 4, 4);
      s.c = {re, im};
      break;
    }
    case Dtype::Float32: {
      float x;
      std::memcpy(&x, p, 4);
      s.c = x;
      break;
    }
    case Dtype::Float64: {
      double x;
      std::memcpy(&x, p, 8);
      s.c = x;
      break;
    }
    case Dtype::Complex128: {
      double re, im;
      std::memcpy(&re, p, 8);
      std::memcpy(&im, p + 8, 8);
      s.c = {re, im};
      break;
    }
  }
  return Value(s);
}

Result<Value> decode_binary(std::span<const unsigned char> bytes) {
  BinaryReader reader(bytes);
  auto value = reader.read();
  if (value && !reader.at_end()) {
    return Error{"bad binary value: " + std::to_string(reader.remaining()) + " bytes after the value",
                 "byte " + std::to_string(reader.offset()), 0};
  }
  return value;
}

}  // namespace opsynth

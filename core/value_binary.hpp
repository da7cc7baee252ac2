// Compact binary encoding of Value for worker pipes; decoding is safe on hostile input.
//
// Wire format (little-endian). A value is one tag byte and its payload:
//   0x00 None   0x01 False   0x02 True
//   0x03 int        zigzag varint (LEB128, at most 10 bytes, no overlong forms)
//   0x04 float      8 bytes IEEE-754
//   0x05 complex    8 bytes re, 8 bytes im
//   0x06 str        varint byte length, UTF-8 bytes (lone surrogates allowed as 3-byte sequences)
//   0x07 list       varint count, values
//   0x08 tuple      varint count, values
//   0x09 dict       varint count, key value key value ...
//   0x0a ndarray    dtype byte, varint ndim (<= 32), ndim varint dims, raw C-order element bytes
//   0x0b numpy scalar  dtype byte, element bytes (the dtype's itemsize: bool 1, int32 4, int64 8,
//                      float32 4, float64 8, complex128 16, uint8/int8 1, int16/uint16 2, uint32 4,
//                      uint64 8, complex64 8)
// dtype bytes: 0 bool, 1 int32, 2 int64, 3 float32, 4 float64, 5 complex128, 6 uint8, 7 int8, 8 int16,
// 9 uint16, 10 uint32, 11 uint64, 12 complex64.
//
// The reader never trusts a count: it checks lengths against the bytes left before allocating,
// limits nesting depth, checks dtype/shape/data consistency, bool bytes are 0 or 1, and the text
// is (generalized) UTF-8. Errors name the byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "value.hpp"

namespace opsynth {

inline constexpr int kMaxBinaryDepth = 100;
inline constexpr std::size_t kMaxBinaryNdim = 32;

// Appends the encoding of `value` to `out` (so a batch is several encode calls into one buffer).
void encode(const Value& value, std::vector<unsigned char>& out);

// Reads values one after another from a byte span it does not own.
class BinaryReader {
 public:
  explicit BinaryReader(std::span<const unsigned char> bytes) : bytes_(bytes) {}

  // The next value; after an error the reader stays failed at the offending offset.
  Result<Value> read();
  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  Result<Value> read_value(int depth);
  Result<Value> read_str();
  Result<Value> read_items(unsigned char tag, int depth);
  Result<Value> read_dict(int depth);
  Result<Value> read_ndarray();
  Result<Value> read_np_scalar();
  bool read_varint(std::uint64_t& out);
  bool take(std::size_t n, const unsigned char*& p);
  Error fail(const std::string& what);

  std::span<const unsigned char> bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  std::string failure_;
};

// One whole value that must use every byte.
Result<Value> decode_binary(std::span<const unsigned char> bytes);

// Is `text` UTF-8 where lone surrogates (U+D800..U+DFFF as 3-byte sequences) are allowed, as in
// Python's 'surrogatepass'? Overlong forms and code points above U+10FFFF are refused.
bool is_generalized_utf8(std::string_view text);

}  // namespace opsynth

// Tests for the binary Value encoding: exact round trips, batches, and safety on hostile bytes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>

#include "core/value.hpp"
#include "core/value_binary.hpp"
#include "edge_gen.hpp"
#include "value_gen.hpp"

namespace opsynth {
void showValue(const Value& v, std::ostream& os) { os << repr(v); }
}  // namespace opsynth

namespace {

using namespace opsynth;
using Bytes = std::vector<unsigned char>;

Bytes encoded(const Value& v) {
  Bytes out;
  encode(v, out);
  return out;
}

Result<Value> decoded(const Bytes& bytes) { return decode_binary(bytes); }

RC_GTEST_PROP(ValueBinary, every_value_round_trips_bit_exactly, ()) {
  const Value v = *rc::gen::exec([] { return opsynth::testing::random_value(3); });
  auto back = decoded(encoded(v));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == v);
}

TEST(ValueBinary, batch_of_values_reads_back_in_order) {
  const std::vector<Value> batch = {Value(1.5), Value(std::int64_t{-7}), Value(StrValue{"\xc3\xa9"}),
                                    Value(NoneValue{}), Value(TupleValue{{Value(true)}})};
  Bytes out;
  for (const Value& v : batch) encode(v, out);
  BinaryReader reader(out);
  for (const Value& v : batch) {
    auto got = reader.read();
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(*got, v);
  }
  EXPECT_TRUE(reader.at_end());
  EXPECT_FALSE(reader.read().ok());
}

TEST(ValueBinary, scalars_are_compact) {
  EXPECT_EQ(encoded(1.5).size(), 9u);
  EXPECT_EQ(encoded(std::int64_t{3}).size(), 2u);
  EXPECT_EQ(encoded(std::numeric_limits<std::int64_t>::min()).size(), 11u);
  EXPECT_EQ(encoded(Value(true)), Bytes{0x02});
}

TEST(ValueBinary, refuses_counts_larger_than_the_input_before_allocating) {
  // list claiming 2^62 items; str claiming 1 GiB; dict claiming 2^40 pairs.
  EXPECT_FALSE(decoded({0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40}).ok());
  EXPECT_FALSE(decoded({0x06, 0x80, 0x80, 0x80, 0x80, 0x04, 'a'}).ok());
  EXPECT_FALSE(decoded({0x09, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00, 0x00}).ok());
  // float64 ndarray of shape (2^31, 2^31): claims 2^65 bytes.
  EXPECT_FALSE(decoded({0x0a, 0x04, 0x02, 0x80, 0x80, 0x80, 0x80, 0x08, 0x80, 0x80, 0x80, 0x80, 0x08}).ok());
  // shape (2^62, 4): the element count overflows int64.
  EXPECT_FALSE(decoded({0x0a, 0x00, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x04}).ok());
  // ndim 33 is more than numpy allows.
  Bytes wide = {0x0a, 0x04, 33};
  wide.insert(wide.end(), 33, 0x01);
  wide.insert(wide.end(), 8, 0x00);
  EXPECT_FALSE(decoded(wide).ok());
}

TEST(ValueBinary, refuses_inconsistent_or_malformed_payloads) {
  EXPECT_FALSE(decoded({0x0a, 0x04, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0}).ok());  // 2 float64 need 16 bytes
  EXPECT_FALSE(decoded({0x0a, 0x00, 0x01, 0x01, 0x02}).ok());                    // bool element 2
  EXPECT_FALSE(decoded({0x0a, 0x06, 0x00}).ok());                                // unknown dtype
  EXPECT_FALSE(decoded({0x0b, 0x00, 0x05}).ok());                                // numpy bool 5
  EXPECT_FALSE(decoded({0x03, 0x80, 0x00}).ok());                                // overlong varint
  EXPECT_FALSE(decoded({0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}).ok());  // > 64 bits
  EXPECT_FALSE(decoded({0x04, 0, 0, 0}).ok());                                   // truncated float
  EXPECT_FALSE(decoded({0x0c}).ok());                                            // unknown tag
  EXPECT_FALSE(decoded({0x00, 0x00}).ok());                                      // trailing byte
  EXPECT_FALSE(decoded({}).ok());
}

TEST(ValueBinary, text_must_be_utf8_but_lone_surrogates_pass) {
  EXPECT_FALSE(decoded({0x06, 0x01, 0xff}).ok());
  EXPECT_FALSE(decoded({0x06, 0x02, 0xc0, 0x80}).ok());              // overlong NUL
  EXPECT_FALSE(decoded({0x06, 0x04, 0xf4, 0x90, 0x80, 0x80}).ok());  // above U+10FFFF
  EXPECT_FALSE(decoded({0x06, 0x02, 0xe2, 0x82}).ok());              // truncated sequence
  auto surrogate = decoded({0x06, 0x03, 0xed, 0xa0, 0x80});
  ASSERT_TRUE(surrogate.ok());
  EXPECT_EQ(surrogate->as<StrValue>().utf8, "\xed\xa0\x80");
  EXPECT_TRUE(is_generalized_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80 plain ascii text long enough"));
}

TEST(ValueBinary, nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow) {
  Bytes nested;  // [[[[...]]]] one hundred thousand deep
  for (int k = 0; k < 100000; ++k) {
    nested.push_back(0x07);
    nested.push_back(0x01);
  }
  nested.push_back(0x00);
  auto got = decoded(nested);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("nested deeper"), std::string::npos);
  Bytes ok_depth;
  for (int k = 0; k < kMaxBinaryDepth; ++k) {
    ok_depth.push_back(0x07);
    ok_depth.push_back(0x01);
  }
  ok_depth.push_back(0x00);
  EXPECT_TRUE(decoded(ok_depth).ok());
}

// Fuzz: whatever the bytes, the reader returns a value or an error, within the input's means.
RC_GTEST_PROP(ValueBinary, random_bytes_decode_or_fail_cleanly, (const std::vector<unsigned char>& bytes)) {
  BinaryReader reader(bytes);
  for (int k = 0; k < 64 && !reader.at_end(); ++k) {
    if (!reader.read().ok()) break;
  }
  RC_ASSERT(reader.offset() <= bytes.size());
}

RC_GTEST_PROP(ValueBinary, corrupted_encodings_decode_or_fail_cleanly, ()) {
  const Value v = *rc::gen::exec([] { return opsynth::testing::random_value(3); });
  Bytes bytes = encoded(v);
  const int flips = *rc::gen::inRange(1, 4);
  for (int k = 0; k < flips; ++k) {
    const auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
    bytes[at] = *rc::gen::arbitrary<unsigned char>();
  }
  if (*rc::gen::arbitrary<bool>()) bytes.resize(*rc::gen::inRange<std::size_t>(0, bytes.size() + 1));
  auto got = decoded(bytes);
  if (got.ok()) {
    // Whatever decoded is a well-formed value that survives another round trip.
    auto again = decoded(encoded(*got));
    RC_ASSERT(again.ok());
    RC_ASSERT(*again == *got);
  } else {
    RC_ASSERT(!got.error().message.empty());
  }
}

}  // namespace

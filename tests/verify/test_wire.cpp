// Worker wire format: batches round-trip; hostile bytes from a worker never crash the verifier.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "verify/wire.hpp"

namespace opsynth::verify {
namespace {

Case sample_case() {
  Case c;
  NDArrayValue a;
  a.dtype = Dtype::Int64;
  a.shape = {2};
  a.data.assign(16, 1);
  c.args = {Value(a), Value(a), Value(StrValue{"héllo"})};
  c.layouts = {ArrayLayout{{-2}, false}, std::nullopt, std::nullopt};
  c.aliases = {std::nullopt, 0u, std::nullopt};
  return c;
}

TEST(Wire, view_aliases_round_trip) {
  Case c = sample_case();
  c.alias_views = {AliasView::same, AliasView::reversed, AliasView::same};
  c.args[1] = aliased_value(c.args[0], AliasView::reversed);
  std::vector<unsigned char> bytes;
  encode_cases({c}, bytes);
  auto back = decode_cases(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ((*back)[0], c);
  EXPECT_EQ((*back)[0].alias_view(1), AliasView::reversed);
  EXPECT_FALSE((*back)[0] == sample_case()) << "the view is part of the case";
}

TEST(Wire, cases_round_trip_with_layouts_and_aliases) {
  std::vector<unsigned char> bytes;
  encode_cases({sample_case(), Case{{Value(1.5)}, {std::nullopt}, {std::nullopt}}}, bytes);
  auto back = decode_cases(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], sample_case());
  EXPECT_EQ((*back)[1].args[0], Value(1.5));
}

TEST(Wire, outcomes_round_trip_and_count_is_enforced) {
  Outcome a;
  a.result = Value(std::int64_t{7});
  a.args_after = {std::nullopt, Value(ListValue{})};
  a.sharing = {{1, 0, 1, 1}, {-1, 0, 0, 3}, {0, 7, -2, 4}};
  Outcome b;
  b.raised = Raised{"ZeroDivisionError", "division by zero"};
  std::vector<unsigned char> bytes;
  encode_outcomes({a, b}, bytes);
  auto back = decode_outcomes(bytes, 2);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0], a);
  EXPECT_EQ((*back)[1], b);
  EXPECT_FALSE(decode_outcomes(bytes, 3).ok());
}

TEST(Wire, alias_pointing_forward_is_rejected) {
  Case c = sample_case();
  std::vector<unsigned char> bytes;
  encode_cases({c}, bytes);
  // Corrupt: make argument 1 alias itself.
  Case bad = c;
  bad.aliases[1] = 1;
  std::vector<unsigned char> bad_bytes;
  encode_cases({bad}, bad_bytes);
  EXPECT_FALSE(decode_cases(bad_bytes).ok());
}

RC_GTEST_PROP(Wire, random_and_corrupted_outcome_bytes_never_crash, (std::vector<unsigned char> noise, unsigned pos)) {
  Outcome a;
  a.result = Value(ListValue{{Value(1.0), Value(StrValue{"x"})}});
  std::vector<unsigned char> bytes;
  encode_outcomes({a}, bytes);
  if (!bytes.empty()) bytes[pos % bytes.size()] ^= static_cast<unsigned char>(pos >> 8 | 1);
  (void)decode_outcomes(bytes, 1);
  (void)decode_outcomes(noise, 1);
  (void)decode_cases(noise);
  RC_SUCCEED("decoders returned without crashing");
}

}  // namespace
}  // namespace opsynth::verify

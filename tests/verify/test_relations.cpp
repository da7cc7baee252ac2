// Relations between arguments: the signature decides which apply, each makes the relation it names, and
// none leaves the domain.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "verify/generators.hpp"
#include "verify/relations.hpp"

namespace opsynth::verify {
namespace {

Signature sig(const std::string& text) { return parse_signature(text).value(); }

bool has(const std::vector<Relation>& rs, RelationKind k, std::size_t from, std::size_t to) {
  return std::find(rs.begin(), rs.end(), Relation{k, from, to}) != rs.end();
}

TEST(Relations, the_signature_decides_which_relations_apply) {
  const auto text = relations_of(sig("str, str, int -> int"));
  EXPECT_TRUE(has(text, RelationKind::Part, 0, 1));
  EXPECT_TRUE(has(text, RelationKind::Equal, 0, 1));
  EXPECT_TRUE(has(text, RelationKind::Index, 0, 2));
  const auto list = relations_of(sig("list[float], float -> int"));
  EXPECT_TRUE(has(list, RelationKind::Element, 0, 1));
  const auto dict = relations_of(sig("dict[str,int], str -> int"));
  EXPECT_TRUE(has(dict, RelationKind::Element, 0, 1));
  const auto numbers = relations_of(sig("float, int -> bool"));
  EXPECT_TRUE(has(numbers, RelationKind::Near, 0, 1));
  EXPECT_TRUE(relations_of(sig("float, Literal['fro'] -> float")).empty());
}

TEST(Relations, part_takes_a_substring_by_code_points) {
  const Signature s = sig("str, str -> int");
  std::size_t substrings = 0;
  for (std::uint64_t pick = 0; pick < 70; ++pick) {
    std::vector<Value> args = {Value(StrValue{"añb😀c"}), Value(StrValue{"zz"})};
    apply_relation({RelationKind::Part, 0, 1}, pick, s, {}, args);
    const std::string& part = args[1].as<StrValue>().utf8;
    EXPECT_NE(std::string("añb😀c").find(part), std::string::npos) << part;
    substrings += !part.empty() && part != "añb😀c";
  }
  EXPECT_GT(substrings, 20u);
}

TEST(Relations, near_floats_are_a_few_ulps_apart) {
  const Signature s = sig("float, float -> bool");
  std::vector<Value> args = {Value(1.0), Value(7.0)};
  apply_relation({RelationKind::Near, 0, 1}, 0, s, {}, args);
  EXPECT_EQ(args[1].as<double>(), std::nextafter(1.0, 2.0));
}

TEST(Relations, an_int_near_a_float_equals_it_when_it_can) {
  const Signature s = sig("int, float -> bool");
  std::vector<Value> args = {Value(std::int64_t{9007199254740993}), Value(0.5)};
  apply_relation({RelationKind::Near, 0, 1}, 1, s, {}, args);
  EXPECT_EQ(args[1].as<double>(), 9007199254740992.0) << "the double nearest 2**53 + 1";
}

TEST(Relations, index_lands_at_the_edges_of_a_length_within_the_domain) {
  const Signature s = sig("list[int], int -> int");
  std::set<std::int64_t> seen;
  for (std::uint64_t pick = 0; pick < 8; ++pick) {
    std::vector<Value> args = {Value(ListValue{{Value(std::int64_t{1}), Value(std::int64_t{2}), Value(std::int64_t{3})}}),
                               Value(std::int64_t{100})};
    apply_relation({RelationKind::Index, 0, 1}, pick, s, {}, args);
    seen.insert(args[1].as<std::int64_t>());
  }
  for (std::int64_t want : {3, 2, 4, -3, -4, 1, -1, 0}) EXPECT_TRUE(seen.count(want)) << want;
  Domain d;
  d.int_min = 0;
  d.int_max = 10;
  std::vector<Value> args = {Value(ListValue{{Value(std::int64_t{1})}}), Value(std::int64_t{5})};
  apply_relation({RelationKind::Index, 0, 1}, 3, s, d, args);  // -len is outside [0, 10]: left alone
  EXPECT_EQ(args[1].as<std::int64_t>(), 5);
}

TEST(Relations, a_quarter_of_random_cases_carry_one) {
  const auto cases = draw_plain_cases(case_gen(sig("str, str -> bool"), {}), 3, 0, 2000);
  const auto found = std::count_if(cases.begin(), cases.end(), [](const Case& c) {
    const auto& a = c.args[0].as<StrValue>().utf8;
    const auto& b = c.args[1].as<StrValue>().utf8;
    return !b.empty() && a.find(b) != std::string::npos;
  });
  EXPECT_GT(found, 250) << "str.startswith, find and replace see their argument in the text";
}

}  // namespace
}  // namespace opsynth::verify

// rt::pointer_ids, the address -> id table of the call path's bookkeeping: every id found again after
// growth, reserve and interleaved lookups, and absent addresses answered 0.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "rt/pointer_ids.hpp"

namespace {

TEST(PointerIds, every_address_is_found_again_across_growth_and_reserve) {
  std::vector<std::int64_t> cells(100'000);
  rt::pointer_ids<> ids;
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(ids.find(&cells[0]), 0);
  for (std::size_t k = 0; k < 1000; ++k) ids.insert(&cells[k], static_cast<std::int64_t>(k) + 1);
  ids.reserve(cells.size());  // rehashes what it holds into the bigger table
  for (std::size_t k = 1000; k < cells.size(); ++k) {
    ids.insert(&cells[k], static_cast<std::int64_t>(k) + 1);
    if (k % 997 == 0) ASSERT_EQ(ids.find(&cells[k / 2]), static_cast<std::int64_t>(k / 2) + 1);
  }
  EXPECT_EQ(ids.size(), cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) ASSERT_EQ(ids.find(&cells[k]), static_cast<std::int64_t>(k) + 1) << k;
  std::vector<std::int64_t> others(1000);
  for (const std::int64_t& o : others) EXPECT_EQ(ids.find(&o), 0);
  ids.reserve(10);  // never shrinks
  EXPECT_EQ(ids.find(&cells.back()), static_cast<std::int64_t>(cells.size()));
}

}  // namespace

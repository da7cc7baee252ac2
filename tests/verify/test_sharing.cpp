// Sharing labels (verify/sharing.hpp): views, copies, broadcasts and identities are told apart exactly.
#include <gtest/gtest.h>

#include <vector>

#include "verify/sharing.hpp"

namespace opsynth::verify {
namespace {

// A view of `base` (doubles): element strides, offset of element 0.
WalkNode view(const std::vector<double>& base, std::vector<std::int64_t> shape, std::vector<std::int64_t> strides,
              std::int64_t offset = 0) {
  ArrayNode a;
  a.data = reinterpret_cast<const unsigned char*>(base.data() + offset);
  a.itemsize = sizeof(double);
  a.shape = std::move(shape);
  for (auto s : strides) a.strides.push_back(s * static_cast<std::int64_t>(sizeof(double)));
  return WalkNode{nullptr, std::move(a)};
}

std::vector<std::pair<std::int64_t, std::int64_t>> labels(const std::vector<SharedRun>& runs) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& r : runs)
    for (std::int64_t i = 0; i < r.count; ++i) out.emplace_back(r.source, r.start + r.step * i);
  return out;
}

using Labels = std::vector<std::pair<std::int64_t, std::int64_t>>;

TEST(Sharing, a_new_array_with_each_element_once_carries_nothing) {
  std::vector<double> arg(6), fresh(6);
  EXPECT_TRUE(sharing_runs({{view(arg, {2, 3}, {3, 1})}}, {view(fresh, {2, 3}, {3, 1})}).empty());
  EXPECT_TRUE(sharing_runs({{view(arg, {6}, {1})}}, {view(fresh, {3, 2}, {1, 3})}).empty());  // Fortran order
  EXPECT_TRUE(sharing_runs({}, {view(fresh, {0, 3}, {3, 1})}).empty());                        // no elements
}

TEST(Sharing, the_argument_itself_and_its_reversed_or_transposed_views_name_its_elements) {
  std::vector<double> arg(6);
  const Walk args{view(arg, {2, 3}, {3, 1})};
  EXPECT_EQ(labels(sharing_runs({args}, {view(arg, {2, 3}, {3, 1})})),
            (Labels{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}));
  EXPECT_EQ(labels(sharing_runs({args}, {view(arg, {3, 2}, {1, 3})})),  // a.T
            (Labels{{0, 0}, {0, 3}, {0, 1}, {0, 4}, {0, 2}, {0, 5}}));
  EXPECT_EQ(labels(sharing_runs({args}, {view(arg, {6}, {-1}, 5)})),  // a.ravel()[::-1]
            (Labels{{0, 5}, {0, 4}, {0, 3}, {0, 2}, {0, 1}, {0, 0}}));
  EXPECT_EQ(labels(sharing_runs({args}, {view(arg, {2}, {4}, 0)})),  // a.diagonal()
            (Labels{{0, 0}, {0, 4}}));
}

TEST(Sharing, an_argument_laid_out_with_steps_is_found_by_division_and_gaps_are_new_memory) {
  std::vector<double> base(12);
  // The argument: every other element of a reversed buffer, as the generators lay views out.
  const Walk args{view(base, {2, 3}, {-6, -2}, 11)};
  EXPECT_EQ(labels(sharing_runs({args}, {view(base, {3}, {-2}, 5)})), (Labels{{0, 3}, {0, 4}, {0, 5}}));
  // Elements between the argument's: not the argument's, so new memory to both sides.
  const Labels between = labels(sharing_runs({args}, {view(base, {2}, {-2}, 10)}));
  EXPECT_TRUE(between.empty()) << between.size();
}

TEST(Sharing, a_broadcast_or_two_results_on_one_buffer_differ_from_distinct_copies) {
  std::vector<double> fresh(3), other(3);
  EXPECT_EQ(labels(sharing_runs({}, {view(fresh, {2, 3}, {0, 1})})),
            (Labels{{-1, 0}, {-1, 1}, {-1, 2}, {-1, 0}, {-1, 1}, {-1, 2}}));
  EXPECT_EQ(labels(sharing_runs({}, {view(fresh, {3}, {1}), view(fresh, {3}, {1})})),
            (Labels{{-1, 0}, {-1, 1}, {-1, 2}, {-1, 0}, {-1, 1}, {-1, 2}}));
  EXPECT_TRUE(sharing_runs({}, {view(fresh, {3}, {1}), view(other, {3}, {1})}).empty());
}

TEST(Sharing, containers_are_labelled_by_identity_and_arrays_after_them_by_position_in_the_walk) {
  int outer = 0, inner = 0, made = 0;
  std::vector<double> arr(2);
  // Argument 1: a list holding an inner list and an array.
  const Walk list_arg{WalkNode{&outer, std::nullopt}, WalkNode{&inner, std::nullopt}, view(arr, {2}, {1})};
  EXPECT_EQ(labels(sharing_runs({{}, list_arg}, {WalkNode{&outer, std::nullopt}})), (Labels{{1, 0}}));
  // A new list holding the argument's inner list and its array's last element.
  EXPECT_EQ(labels(sharing_runs({{}, list_arg}, {WalkNode{&made, std::nullopt}, WalkNode{&inner, std::nullopt},
                                                  view(arr, {1}, {1}, 1)})),
            (Labels{{-1, 0}, {1, 1}, {1, 3}}));
}

TEST(Sharing, an_argument_with_a_zero_stride_is_searched_by_address) {
  std::vector<double> base(3);
  const Walk args{view(base, {4, 3}, {0, 1})};  // broadcast rows: each address is its first row's element
  EXPECT_EQ(labels(sharing_runs({args}, {view(base, {3}, {-1}, 2)})), (Labels{{0, 2}, {0, 1}, {0, 0}}));
}

TEST(Sharing, describe_label_names_the_argument_or_new_memory) {
  const std::vector<SharedRun> runs{{1, 4, 2, 2}};
  EXPECT_EQ(describe_label(runs, 1), "argument 1's item 6");
  EXPECT_EQ(describe_label({}, 3), "new memory (the result's own item 3)");
}

}  // namespace
}  // namespace opsynth::verify

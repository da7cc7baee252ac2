// rt::list<T> against CPython's list: same operations on the same items give the same result and
// final state, or the same exception class and message.
#include <gtest/gtest.h>
#include <pybind11/embed.h>
#include <pybind11/eval.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "edge_gen.hpp"
#include "repr_outcome.hpp"
#include "runtime/rt/list.hpp"
#include "runtime/rt/repr.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::any_double;
using opsynth::testing::any_int64;
using opsynth::testing::any_text;
using opsynth::testing::Outcome;
using opsynth::testing::py_outcome;
using opsynth::testing::rt_outcome;

// Runs statements in a fresh module-like scope, then reprs `result` there (comprehensions see the scope).
Outcome py_run(const std::string& code, const std::string& result) {
  py::dict scope;
  scope["__builtins__"] = py::module_::import("builtins");
  try {
    py::exec(code, scope);
  } catch (py::error_already_set& e) {
    return Outcome{"", py::str(e.type().attr("__name__")).cast<std::string>(), py::str(e.value()).cast<std::string>()};
  }
  return py_outcome(result, scope);
}

py::object to_py(std::int64_t v) { return py::int_(v); }
py::object to_py(double v) { return py::float_(v); }
py::object to_py(const rt::str& v) { return py::str(std::string(v.utf8())); }
template <class T>
py::object to_py(const rt::list<T>& l) {
  py::list out;
  for (const T& x : l) out.append(to_py(x));  // fresh objects: no identity shared with another list
  return out;
}
py::object to_py(std::optional<std::int64_t> b) { return b ? py::object(py::int_(*b)) : py::object(py::none()); }

rc::Gen<rt::list<std::int64_t>> small_int_list() {
  return rc::gen::map(rc::gen::container<std::vector<std::int64_t>>(rc::gen::inRange<std::int64_t>(-3, 4)),
                      [](const std::vector<std::int64_t>& v) { return rt::list<std::int64_t>(v); });
}
rc::Gen<rt::list<double>> double_list(rc::Gen<double> item) {
  return rc::gen::map(rc::gen::container<std::vector<double>>(std::move(item)),
                      [](const std::vector<double>& v) { return rt::list<double>(v); });
}
rc::Gen<std::int64_t> index_for(std::int64_t n) {
  return rc::gen::weightedOneOf<std::int64_t>({{4, rc::gen::inRange<std::int64_t>(-n - 2, n + 3)}, {1, any_int64()}});
}
rc::Gen<std::optional<std::int64_t>> slice_bound() {
  return rc::gen::weightedOneOf<std::optional<std::int64_t>>({
      {1, rc::gen::just(std::optional<std::int64_t>())},
      {4, rc::gen::map(rc::gen::inRange<std::int64_t>(-12, 13), [](std::int64_t i) { return std::optional(i); })},
      {1, rc::gen::map(any_int64(), [](std::int64_t i) { return std::optional(i); })},
  });
}

}  // namespace

RC_GTEST_PROP(List, getitem_setitem_delitem_match_python_for_any_index, ()) {
  const auto a = *small_int_list();
  const std::int64_t i = *index_for(a.len());
  py::dict l;
  l["a"] = to_py(a);
  l["i"] = i;
  RC_ASSERT(rt_outcome([&] { return a.getitem(i); }) == py_outcome("a[i]", l));
  RC_ASSERT(rt_outcome([&] { return (a.setitem(i, 9), a); }) == py_outcome("(a.__setitem__(i, 9), a)[1]", l));
  RC_ASSERT(rt_outcome([&] { return (a.delitem(i), a); }) == py_outcome("(a.__delitem__(i), a)[1]", l));
}

RC_GTEST_PROP(List, slice_and_slice_assignment_match_python_for_any_step, ()) {
  const auto a = *small_int_list();
  const auto values = *small_int_list();
  const rt::slice s{*slice_bound(), *slice_bound(), *rc::gen::oneOf(slice_bound(), rc::gen::element<std::optional<std::int64_t>>(0, 1, -1))};
  py::dict l;
  l["a"] = to_py(a);
  l["v"] = to_py(values);
  l["s"] = py::eval("slice")(to_py(s.start), to_py(s.stop), to_py(s.step));
  RC_ASSERT(rt_outcome([&] { return a.slice(s); }) == py_outcome("a[s]", l));
  RC_ASSERT(rt_outcome([&] { return (a.setslice(s, values), a); }) == py_outcome("(a.__setitem__(s, v), a)[1]", l));
  RC_ASSERT(rt_outcome([&] { return (a.delslice(s), a); }) == py_outcome("(a.__delitem__(s), a)[1]", l));
}

TEST(List, slice_assignment_from_itself_copies_first_like_python) {
  const rt::list<std::int64_t> a{1, 2, 3};
  a.setslice({1, 2, std::nullopt}, a);
  EXPECT_EQ(rt_outcome([&] { return a; }), py_run("a = [1, 2, 3]\na[1:2] = a", "a"));
}

RC_GTEST_PROP(List, insert_clamps_and_pop_raises_like_python, ()) {
  const auto a = *small_int_list();
  const std::int64_t i = *index_for(a.len());
  py::dict l;
  l["a"] = to_py(a);
  l["i"] = i;
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a.pop(i), a); }) == py_outcome("(a.pop(i), a)", l));
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a.pop(), a); }) == py_outcome("(a.pop(), a)", l));
  RC_ASSERT(rt_outcome([&] { return (a.insert(i, 7), a); }) == py_outcome("(a.insert(i, 7), a)[1]", l));
}

RC_GTEST_PROP(List, search_methods_match_python_including_value_errors, ()) {
  const auto a = *small_int_list();
  const std::int64_t x = *rc::gen::inRange<std::int64_t>(-4, 5);
  const std::int64_t start = *index_for(a.len());
  const std::int64_t stop = *index_for(a.len());
  py::dict l;
  l["a"] = to_py(a);
  l["x"] = x;
  l["b"] = start;
  l["e"] = stop;
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a.count(x), a.contains(x)); }) == py_outcome("(a.count(x), x in a)", l));
  RC_ASSERT(rt_outcome([&] { return a.index(x); }) == py_outcome("a.index(x)", l));
  RC_ASSERT(rt_outcome([&] { return a.index(x, start, stop); }) == py_outcome("a.index(x, b, e)", l));
  RC_ASSERT(rt_outcome([&] { return (a.remove(x), a); }) == py_outcome("(a.remove(x), a)[1]", l));
}

TEST(List, index_error_message_uses_the_value_repr) {
  py::dict l;
  const rt::list<rt::str> words{"a", "b"};
  EXPECT_EQ(rt_outcome([&] { return words.index("it's"); }), py_outcome("['a', 'b'].index(\"it's\")", l));
  const rt::list<double> xs{1.5};
  EXPECT_EQ(rt_outcome([&] { return xs.index(1e16); }), py_outcome("[1.5].index(1e16)", l));
}

RC_GTEST_PROP(List, sort_matches_python_sorted_on_nan_free_lists, ()) {
  const auto a = *double_list(rc::gen::suchThat(any_double(), [](double d) { return !std::isnan(d); }));
  const auto words = *rc::gen::map(rc::gen::container<std::vector<std::string>>(any_text(3)), [](const std::vector<std::string>& v) {
    rt::list<rt::str> out;
    for (const auto& w : v) out.append(rt::str(w));
    return out;
  });
  py::dict l;
  l["a"] = to_py(a);
  l["w"] = to_py(words);
  RC_ASSERT(rt_outcome([&] { return (a.sort(), a); }) == py_outcome("sorted(a)", l));
  RC_ASSERT(rt_outcome([&] { return (words.sort(), words); }) == py_outcome("sorted(w)", l));
}

RC_GTEST_PROP(List, sort_of_fewer_than_64_items_matches_python_even_with_nan, ()) {
  const auto a = *rc::gen::resize(63, double_list(rc::gen::weightedOneOf<double>(
                                         {{1, rc::gen::just(std::nan(""))}, {3, rc::gen::cast<double>(rc::gen::inRange(-5, 6))}})));
  RC_PRE(a.len() < 64);
  py::dict l;
  l["a"] = to_py(a);
  RC_ASSERT(rt_outcome([&] { return (a.sort(), a); }) == py_outcome("sorted(a)", l));
}

TEST(List, sort_is_stable_for_equal_keys) {
  // -0.0 == 0.0: a stable sort keeps their relative order, as Python's does.
  const rt::list<double> a{0.0, -1.0, -0.0, 0.0, -0.0};
  a.sort();
  EXPECT_EQ(rt::repr(a), "[-1.0, 0.0, -0.0, 0.0, -0.0]");
}

RC_GTEST_PROP(List, rich_comparisons_follow_python_rules_with_nan, ()) {
  const auto a = *rc::gen::resize(4, double_list(rc::gen::element(1.0, 2.0, std::nan(""))));
  const auto b = *rc::gen::resize(4, double_list(rc::gen::element(1.0, 2.0, std::nan(""))));
  py::dict l;
  l["a"] = to_py(a);
  l["b"] = to_py(b);
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a < b, a <= b, a == b, a != b, a > b, a >= b); }) ==
            py_outcome("(a < b, a <= b, a == b, a != b, a > b, a >= b)", l));
}

RC_GTEST_PROP(List, concat_repeat_and_self_extend_match_python, ()) {
  const auto a = *small_int_list();
  const auto b = *small_int_list();
  const std::int64_t n = *rc::gen::inRange<std::int64_t>(-2, 4);
  py::dict l;
  l["a"] = to_py(a);
  l["b"] = to_py(b);
  l["n"] = n;
  RC_ASSERT(rt_outcome([&] { return std::make_tuple(a + b, a * n, n * b); }) == py_outcome("(a + b, a * n, n * b)", l));
  RC_ASSERT(rt_outcome([&] { return (a.extend(a), a.reverse(), a); }) == py_outcome("(a.extend(a), a.reverse(), a)[2]", l));
}

TEST(List, aliases_see_mutations_and_copies_do_not) {
  const rt::list<std::int64_t> a{1, 2};
  const rt::list<std::int64_t> alias = a;
  const rt::list<std::int64_t> copy = a.copy();
  alias.append(3);
  a.getitem(0) = 10;
  EXPECT_EQ(rt::repr(a), "[10, 2, 3]");
  EXPECT_TRUE(alias.is(a));
  EXPECT_FALSE(copy.is(a));
  EXPECT_EQ(rt::repr(copy), "[1, 2]");
  alias.clear();
  EXPECT_EQ(a.len(), 0);
}

TEST(List, nested_list_holding_itself_equals_itself_through_identity_like_python) {
  // [x] == [x] is True in Python when x is the same object, even if x holds a NaN.
  const rt::list<double> x{std::nan("")};
  const rt::list<rt::list<double>> a{x}, b{x};
  EXPECT_EQ(rt_outcome([&] { return std::make_tuple(a == b, a.contains(x), x == x); }),
            py_run("x = [float('nan')]", "([x] == [x], x in [x], x == x)"));
  EXPECT_EQ(rt::repr(a), "[[nan]]");
}

TEST(List, iteration_visits_items_appended_during_the_loop_like_python) {
  const rt::list<std::int64_t> a{1, 2, 3};
  for (std::int64_t x : a) {
    if (x < 3) a.append(x + 10);
  }
  EXPECT_EQ(rt_outcome([&] { return a; }), py_run("a = [1, 2, 3]\nfor x in a:\n  if x < 3: a.append(x + 10)", "a"));
}

TEST(List, list_of_bool_hands_out_real_references) {
  const rt::list<bool> flags{false, true};
  flags.getitem(0) = true;
  for (bool& f : flags) f = !f;
  EXPECT_EQ(rt::repr(flags), "[False, False]");
}

// How often the items' block moves while `step` runs n times on an empty list of doubles.
template <class Step>
int moves_over(int n, Step step) {
  const rt::list<double> a;
  const double* block = nullptr;
  int moves = 0;
  for (int i = 0; i < n; ++i) {
    step(a, i);
    if (a.numbers() != block) ++moves;
    block = a.numbers();
  }
  return moves;
}

// A loop reserving before each pass of an inner loop (`for row in rows: for x in row: out.append(x)`),
// or extending by one row per pass, must grow the list geometrically: an exact-size reservation per
// pass moved the whole list every time, quadratic in its length.
TEST(List, reserving_or_extending_a_little_per_pass_still_grows_geometrically) {
  const auto reserve_then_append = [](const rt::list<double>& a, int i) {
    a.reserve_more(1);
    a.append(i);
  };
  EXPECT_LE(moves_over(100000, reserve_then_append), 40);
  const rt::list<double> row{1.0, 2.0, 3.0};
  EXPECT_LE(moves_over(30000, [&](const rt::list<double>& a, int) { a.extend(row); }), 40);
  // A reservation changes no item, and past the byte cap reserves only up to it.
  const rt::list<double> a{1.0, 2.0};
  a.reserve_more(std::int64_t{1} << 62);
  a.append(3.0);
  EXPECT_EQ(rt::repr(a), "[1.0, 2.0, 3.0]");
  a.extend(a);
  EXPECT_EQ(rt::repr(a), "[1.0, 2.0, 3.0, 1.0, 2.0, 3.0]");
}
